//! The theme editor's form and its checks (one set of rules for the browser and the
//! server), and the contrast warnings it shows as the owner types.

use serde::{Deserialize, Serialize};

use super::{FieldProblem, Font, HexColor, Layout, Line, Product, Radius, Theme, AA_LARGE, AA_TEXT};

/// A version of a store's theme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeVersion {
    pub version: i64,
    pub theme: Theme,
    /// True for the one shoppers see now.
    pub published: bool,
    /// Who saved or published it.
    pub author: String,
    /// When it was saved (a draft) or published.
    pub created_at: i64,
}

/// What the theme editor loads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeEditor {
    pub store_name: String,
    /// The theme shoppers see now.
    pub published: Theme,
    pub draft: Option<ThemeVersion>,
    /// Published versions, newest first.
    pub history: Vec<ThemeVersion>,
    /// Owners and admins edit; staff look.
    pub can_edit: bool,
    /// A few of the store's products, for the preview.
    pub sample: Vec<Product>,
}

/// The editor's fields as typed: every token as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeInput {
    pub primary: String,
    pub secondary: String,
    pub accent: String,
    pub background: String,
    pub text: String,
    pub font: String,
    pub radius: String,
    pub layout: String,
    #[serde(default)]
    pub hero_heading: String,
    #[serde(default)]
    pub hero_text: String,
}

/// The editor's fields in the order they are shown.
pub const THEME_FIELDS: [&str; 10] = [
    "primary",
    "secondary",
    "accent",
    "background",
    "text",
    "font",
    "radius",
    "layout",
    "hero_heading",
    "hero_text",
];

impl From<&Theme> for ThemeInput {
    fn from(t: &Theme) -> Self {
        Self {
            primary: t.primary.to_string(),
            secondary: t.secondary.to_string(),
            accent: t.accent.to_string(),
            background: t.background.to_string(),
            text: t.text.to_string(),
            font: t.font.key().into(),
            radius: t.radius.px().to_string(),
            layout: t.layout.key().into(),
            hero_heading: t.hero_heading.to_string(),
            hero_text: t.hero_text.to_string(),
        }
    }
}

impl ThemeInput {
    /// The theme, or every problem named by its field.
    pub fn check(&self) -> Result<Theme, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let d = Theme::default();
        let mut color = |field: &str, value: &str, default: HexColor| {
            HexColor::parse(value.trim()).unwrap_or_else(|e| {
                problems.push(FieldProblem::new(field, e.to_string()));
                default
            })
        };
        let primary = color("primary", &self.primary, d.primary);
        let secondary = color("secondary", &self.secondary, d.secondary);
        let accent = color("accent", &self.accent, d.accent);
        let background = color("background", &self.background, d.background);
        let text = color("text", &self.text, d.text);
        let font = Font::parse(self.font.trim()).unwrap_or_else(|| {
            problems.push(FieldProblem::new("font", "choose one of the listed fonts"));
            d.font
        });
        let radius = self.radius.trim().parse::<u8>().ok().and_then(Radius::new).unwrap_or_else(|| {
            problems
                .push(FieldProblem::new("radius", format!("use a whole number from 0 to {}", Radius::MAX)));
            d.radius
        });
        let layout = Layout::parse(self.layout.trim()).unwrap_or_else(|| {
            problems.push(FieldProblem::new("layout", "choose grid or list"));
            d.layout
        });
        let hero_heading = Line::parse(&self.hero_heading).unwrap_or_else(|m| {
            problems.push(FieldProblem::new("hero_heading", m));
            Line::default()
        });
        let hero_text = Line::parse(&self.hero_text).unwrap_or_else(|m| {
            problems.push(FieldProblem::new("hero_text", m));
            Line::default()
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Theme {
            primary,
            secondary,
            accent,
            background,
            text,
            font,
            radius,
            layout,
            hero_heading,
            hero_text,
        })
    }
}

/// A pair of the owner's colours that fails WCAG 2.2 AA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContrastWarning {
    /// The field to fix, e.g. `text`.
    pub field: &'static str,
    pub message: String,
}

/// Where the owner's own colours fail AA on the background: text (4.5:1), and the primary
/// and accent colours as buttons, links and badges (3:1). Text drawn on the primary,
/// secondary and accent colours is chosen by the storefront to pass, so it needs none.
pub fn contrast_warnings(t: &Theme) -> Vec<ContrastWarning> {
    let pairs: [(&'static str, &str, HexColor, f64); 3] = [
        ("text", "Text", t.text, AA_TEXT),
        ("primary", "The primary colour (buttons, links)", t.primary, AA_LARGE),
        ("accent", "The accent colour (badges, highlights)", t.accent, AA_LARGE),
    ];
    pairs
        .into_iter()
        .filter_map(|(field, what, color, needed)| {
            let ratio = color.contrast(t.background);
            (ratio < needed).then(|| ContrastWarning {
                field,
                message: format!(
                    "{what} on the background is {:.2}:1; WCAG AA asks at least {needed}:1.",
                    (ratio * 100.0).floor() / 100.0
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ThemeInput {
        ThemeInput::from(&Theme::default())
    }

    fn fields(i: &ThemeInput) -> Vec<String> {
        i.check().err().unwrap_or_default().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn the_default_theme_round_trips_through_the_form() {
        assert_eq!(good().check(), Ok(Theme::default()));
        let mut upper = good();
        upper.primary = " #3D5AFE ".into();
        assert_eq!(upper.check().map(|t| t.primary.to_string()), Ok("#3d5afe".into()));
    }

    #[test]
    fn every_hostile_value_is_refused_by_its_own_field() {
        let mut bad = good();
        bad.primary = "red;}</style><script>alert(1)</script>".into();
        bad.secondary = "url(https://evil.test/x.png)".into();
        bad.accent = "#fff".into();
        bad.background = "var(--x)".into();
        bad.text = "#".repeat(5000);
        bad.font = "Comic Sans'; } body { display:none".into();
        bad.radius = "999".into();
        bad.layout = "masonry".into();
        bad.hero_heading = "h".repeat(81);
        bad.hero_text = "line one\nline two".into();
        assert_eq!(fields(&bad), THEME_FIELDS);
        for radius in ["-1", "25", "8px", "", "1e3"] {
            let mut r = good();
            r.radius = radius.into();
            assert_eq!(fields(&r), ["radius"], "{radius:?}");
        }
    }

    #[test]
    fn stored_or_sent_tokens_that_are_not_of_their_type_do_not_deserialize() {
        let mut json = serde_json::to_value(Theme::default()).unwrap();
        json["font"] = "papyrus".into();
        assert!(serde_json::from_value::<Theme>(json.clone()).is_err());
        json["font"] = "serif".into();
        json["radius"] = 200.into();
        assert!(serde_json::from_value::<Theme>(json).is_err());
    }

    #[test]
    fn failing_pairs_are_named_with_their_ratio() {
        let mut t = Theme::default();
        assert_eq!(contrast_warnings(&t), vec![], "the default theme passes");
        t.text = HexColor::rgb(0xaa, 0xaa, 0xaa);
        t.accent = HexColor::rgb(0xff, 0xee, 0x00);
        let w = contrast_warnings(&t);
        assert_eq!(w.iter().map(|w| w.field).collect::<Vec<_>>(), ["text", "accent"]);
        assert_eq!(w[0].message, "Text on the background is 2.32:1; WCAG AA asks at least 4.5:1.");
        t.text = HexColor::rgb(0x59, 0x59, 0x59);
        assert_eq!(contrast_warnings(&t).len(), 1, "fixed text clears its warning");
    }
}
