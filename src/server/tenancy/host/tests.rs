use super::*;

#[test]
fn host_normalization_table() {
    let ok = [
        ("t0001.platform.test", "t0001.platform.test"),
        ("T0001.Platform.TEST", "t0001.platform.test"),
        ("t0001.platform.test:8080", "t0001.platform.test"),
        ("t0001.platform.test.", "t0001.platform.test"),
        ("t0001.platform.test.:443", "t0001.platform.test"),
        ("  shop.example.com  ", "shop.example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("BÜCHER.example", "xn--bcher-kva.example"),
        ("localhost:3000", "localhost"),
        ("127.0.0.1:3000", "127.0.0.1"),
    ];
    for (raw, want) in ok {
        assert_eq!(Hostname::parse(raw).map(|h| h.0), Ok(want.to_string()), "{raw:?}");
    }
}

#[test]
fn hostile_hosts_are_refused() {
    let long_label = format!("{}.example", "a".repeat(64));
    let long_host = format!("{}example", "abcdefghi.".repeat(25));
    let bad: Vec<(&str, HostError)> = vec![
        ("", HostError::Empty),
        (".", HostError::Empty),
        (":80", HostError::Empty),
        ("shop.example.com:", HostError::Port),
        ("shop.example.com:http", HostError::Port),
        ("shop.example.com:999999", HostError::Port),
        ("a:b:c", HostError::Port),
        ("shop..example.com", HostError::EmptyLabel),
        (".example.com", HostError::EmptyLabel),
        ("shop.example.com..", HostError::EmptyLabel),
        (&long_label, HostError::LabelTooLong),
        (&long_host, HostError::TooLong),
        ("shop_1.example.com", HostError::BadChar),
        ("shop.example.com/evil", HostError::BadChar),
        ("shop.example.com@evil.test", HostError::BadChar),
        ("-shop.example.com", HostError::BadChar),
        ("shop-.example.com", HostError::BadChar),
        ("shop example.com", HostError::BadChar),
        ("shop.example.com\r\nX-Evil", HostError::BadChar),
        ("[::1]:3000", HostError::BadChar),
        ("%74%30%30%30%31.platform.test", HostError::BadChar),
    ];
    for (raw, err) in bad {
        assert_eq!(Hostname::parse(raw), Err(err), "{raw:?}");
    }
}

#[test]
fn label_under_platform_is_one_label_only() {
    let p = Hostname::parse("platform.test").unwrap();
    let h = |s| Hostname::parse(s).unwrap();
    assert_eq!(h("t0001.platform.test").label_under(&p), Some("t0001"));
    assert_eq!(h("a.t0001.platform.test").label_under(&p), None, "nested subdomain");
    assert_eq!(h("t0001.platform.test.evil.test").label_under(&p), None, "platform as a prefix");
    assert_eq!(h("t0001platform.test").label_under(&p), None, "suffix without a dot");
    assert_eq!(h("platform.test").label_under(&p), None);
    assert_eq!(h("evilplatform.test").label_under(&p), None);
}

#[test]
fn within_platform_means_the_platform_or_under_it() {
    let p = Hostname::parse("platform.test").unwrap();
    let h = |s| Hostname::parse(s).unwrap();
    assert!(h("platform.test").is_within(&p));
    assert!(h("a.b.platform.test").is_within(&p));
    assert!(!h("evilplatform.test").is_within(&p));
    assert!(!h("platform.test.evil.test").is_within(&p));
}
