use super::*;
use crate::model::ColorError;

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
    assert_eq!(t.hero_text.as_str(), "Hi");
    assert_eq!(Theme::from_stored("not json"), d);
    assert_eq!(Theme::from_stored("[]"), d);
}

#[test]
fn stored_themes_written_today_load_unchanged() {
    let t = Theme {
        primary: HexColor::rgb(1, 2, 3),
        hero_text: Line::parse("Welcome").unwrap(),
        ..Theme::default()
    };
    assert_eq!(Theme::from_stored(&serde_json::to_string(&t).unwrap()), t);
}

#[test]
fn css_injection_in_tokens_is_replaced_by_defaults() {
    let t = Theme::from_stored(r#"{"font":"x</style><script>","radius":250,"hero_text":"a\nb"}"#);
    assert_eq!(t, Theme::default());
    let css = t.css_vars();
    assert!(css.contains("--primary-color:#3d5afe"));
    assert!(css.contains("--radius:8px"));
    assert!(!css.contains("script"));
}

/// Colours spread over the whole RGB cube (every 15th step of each channel: 5,832), plus
/// the 1,000 primary and secondary colours of the bench stores.
fn many_colours() -> Vec<HexColor> {
    let steps: Vec<u8> = (0..=255u8).step_by(15).collect();
    let mut out = Vec::new();
    for &r in &steps {
        for &g in &steps {
            for &b in &steps {
                out.push(HexColor::rgb(r, g, b));
            }
        }
    }
    let rgb24 = |v: i64| HexColor::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8);
    for i in 1..=1000i64 {
        out.push(rgb24((i * 2654435761) % 16777216));
        out.push(rgb24((i * 40503 + 12345) % 16777216));
    }
    out
}

#[test]
fn contrast_ratios_match_wcag() {
    let (white, black) = (HexColor::rgb(255, 255, 255), HexColor::rgb(0, 0, 0));
    assert!((white.contrast(black) - 21.0).abs() < 1e-9);
    assert!((white.contrast(white) - 1.0).abs() < 1e-9);
    // The failures the accessibility review measured.
    let muted = HexColor::rgb(0x79, 0x7b, 0x7e);
    assert!((muted.contrast(white) - 4.24).abs() < 0.01);
    let nav = HexColor::rgb(0xef, 0xf4, 0xf9);
    assert!((nav.contrast(HexColor::rgb(0x37, 0x79, 0xb1)) - 4.19).abs() < 0.01);
}

#[test]
fn the_on_colour_of_any_background_meets_aa() {
    let mut worst = f64::MAX;
    for bg in many_colours() {
        let on = bg.on_color();
        let ratio = on.contrast(bg);
        assert!(ratio >= AA_TEXT, "{on} on {bg} is {ratio:.2}:1");
        worst = worst.min(ratio);
    }
    assert!(worst >= 4.58, "the worst pair is {worst:.2}:1");
}

#[test]
fn the_primary_as_text_meets_aa_on_any_background() {
    let backgrounds = [
        HexColor::rgb(255, 255, 255),
        HexColor::rgb(0, 0, 0),
        HexColor::rgb(0x76, 0x76, 0x76),
        HexColor::rgb(0x80, 0x80, 0x80),
        HexColor::rgb(0xfa, 0xfa, 0xfa),
        HexColor::rgb(0x1f, 0x23, 0x28),
        HexColor::rgb(0xff, 0xf3, 0xc4),
        HexColor::rgb(0x00, 0x33, 0x66),
        HexColor::rgb(0x3d, 0x5a, 0xfe),
        HexColor::rgb(0xff, 0x00, 0x00),
    ];
    for bg in backgrounds {
        for fg in many_colours() {
            let text = fg.readable_on(bg);
            assert!(text.contrast(bg) >= AA_TEXT, "{fg} made {text} on {bg}: {:.2}:1", text.contrast(bg));
            if fg.contrast(bg) >= AA_TEXT {
                assert_eq!(text, fg, "a colour that already meets AA is kept");
            }
        }
    }
    // t0001's primary on white is darkened a little, not replaced by black.
    let t0001 = HexColor::rgb(0x37, 0x79, 0xb1);
    let text = t0001.readable_on(HexColor::rgb(255, 255, 255));
    assert_ne!(text, HexColor::rgb(0, 0, 0));
    assert!(text.contrast(t0001) < 1.2, "{text} stays close to {t0001}");
}

#[test]
fn muted_text_meets_aa_where_the_store_text_does() {
    for bg in [HexColor::rgb(255, 255, 255), HexColor::rgb(0, 0, 0), HexColor::rgb(0xff, 0xf3, 0xc4)] {
        for text in many_colours() {
            let theme = Theme { background: bg, text, ..Theme::default() };
            let muted = theme.muted_text();
            if text.contrast(bg) >= AA_TEXT {
                assert!(muted.contrast(bg) >= AA_TEXT, "{muted} from {text} on {bg}");
            } else {
                assert_eq!(muted, text, "a failing pair is left as the owner chose it");
            }
        }
    }
}

#[test]
fn css_vars_carry_the_theme_and_its_readable_colours() {
    assert_eq!(
        Theme::default().css_vars(),
        ":root{--primary-color:#3d5afe;--secondary-color:#00bfa5;--background-color:#ffffff;\
         --text-color:#1f2328;--accent-color:#e65100;\
         --font-family:system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;--radius:8px;\
         --on-primary:#ffffff;--on-secondary:#000000;--on-accent:#000000;--primary-text:#3d5afe;\
         --muted-color:#6d7073;--ok-text:#067647;--warn-text:#b54708;--error-text:#b42318}"
    );
}

#[test]
fn stock_and_error_colours_are_readable_on_every_background() {
    use super::STATUS_COLOURS;
    let white = HexColor::rgb(255, 255, 255);
    for c in STATUS_COLOURS {
        assert!(c.contrast(white) >= AA_TEXT, "{c} on white as drawn: {:.2}:1", c.contrast(white));
    }
    for background in many_colours() {
        let theme = Theme { background, ..Theme::default() };
        let vars = theme.css_var_pairs();
        for name in ["--ok-text", "--warn-text", "--error-text"] {
            let value = &vars.iter().find(|(k, _)| *k == name).expect(name).1;
            let colour = HexColor::parse(value).expect("a colour");
            assert!(
                colour.contrast(background) >= AA_TEXT,
                "{name} {colour} on {background}: {:.2}:1",
                colour.contrast(background)
            );
        }
    }
}
