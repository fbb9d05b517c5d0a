use super::*;

#[test]
fn colours_parse_from_six_hex_digits_and_are_written_lowercase() {
    assert_eq!(HexColor::parse("#3779B1").map(|c| c.to_string()), Ok("#3779b1".to_string()));
    assert_eq!(HexColor::parse("#000000"), Ok(HexColor::rgb(0, 0, 0)));
    assert_eq!(HexColor::parse("#fFfFfF"), Ok(HexColor::rgb(255, 255, 255)));
    assert_eq!(HexColor::rgb(0x3d, 0x5a, 0xfe).channels(), [0x3d, 0x5a, 0xfe]);
}

#[test]
fn hostile_or_sloppy_colours_are_refused() {
    let long = format!("#{}", "a".repeat(600));
    for bad in [
        "",
        "#",
        "red",
        "#fff",
        "fff",
        "3d5afe",
        "#3d5afe0",
        "#3d5af",
        " #3d5afe",
        "#3d5afe ",
        "#gggggg",
        "#-12345",
        "#+12345",
        "red;}</style><script>",
        "#123456;}</style><script>alert(1)</script>",
        "url(x)",
        "url(javascript:x)",
        "rgb(1,2,3)",
        "#ééé",
        "#１２３４５６",
        "#12345\u{0}",
        &long,
    ] {
        assert_eq!(HexColor::parse(bad), Err(ColorError), "{bad:?}");
    }
}

#[test]
fn colours_in_json_are_strings_and_bad_ones_fail_to_deserialize() {
    let c: HexColor = serde_json::from_str("\"#ABCDEF\"").unwrap();
    assert_eq!(serde_json::to_string(&c).unwrap(), "\"#abcdef\"");
    for bad in ["\"#fff\"", "\"url(x)\"", "\"red;}</style><script>\"", "12", "null", "[1,2,3]"] {
        assert!(serde_json::from_str::<HexColor>(bad).is_err(), "{bad}");
    }
    let theme = r##"{"primary":"red;}body{display:none"}"##;
    assert!(serde_json::from_str::<Theme>(theme).is_err(), "a theme from a client is strict");
}

#[test]
fn stored_themes_keep_valid_tokens_and_default_the_rest() {
    let stored = r##"{"primary":"#3779B1","secondary":"url(x)","text":"#fff","font":"x</style><script>",
        "radius":300,"layout":"list","hero_text":"Hi"}"##;
    let t = Theme::from_stored(stored);
    let d = Theme::default();
    assert_eq!(t.primary.to_string(), "#3779b1");
    assert_eq!(t.secondary, d.secondary);
    assert_eq!(t.text, d.text);
    assert_eq!(t.background, d.background, "missing");
    assert_eq!(t.font, d.font);
    assert_eq!(t.radius, d.radius, "out of u8 range");
    assert_eq!(t.layout, Layout::List);
    assert_eq!(t.hero_text, "Hi");
    assert_eq!(Theme::from_stored("not json"), d);
    assert_eq!(Theme::from_stored("[]"), d);
}

#[test]
fn stored_themes_written_today_load_unchanged() {
    let t = Theme { primary: HexColor::rgb(1, 2, 3), hero_text: "Welcome".into(), ..Theme::default() };
    assert_eq!(Theme::from_stored(&serde_json::to_string(&t).unwrap()), t);
}

#[test]
fn css_injection_in_tokens_is_replaced_by_defaults() {
    let t = Theme { font: "x</style><script>".into(), radius: 250, ..Theme::default() };
    let css = t.css_vars();
    assert!(css.contains("--primary-color:#3d5afe"));
    assert!(css.contains("--radius:24px"));
    assert!(!css.contains("script"));
}
