//! Theme tokens: validated values only, rendered as CSS custom properties.

use serde::{Deserialize, Serialize};

/// Fonts a store may choose; free-form font names are not accepted.
pub const FONT_CHOICES: [(&str, &str); 5] = [
    ("system", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"),
    ("serif", "Georgia, 'Times New Roman', serif"),
    ("mono", "ui-monospace, 'SFMono-Regular', Menlo, monospace"),
    ("rounded", "ui-rounded, 'Nunito', system-ui, sans-serif"),
    ("humanist", "'Gill Sans', 'Trebuchet MS', Calibri, sans-serif"),
];

/// Product list layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    Grid,
    List,
}

/// A store's design tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Theme {
    pub primary: String,
    pub secondary: String,
    pub background: String,
    pub text: String,
    pub accent: String,
    pub font: String,
    pub radius: u8,
    pub layout: Layout,
    pub hero_text: String,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            primary: "#3d5afe".into(),
            secondary: "#00bfa5".into(),
            background: "#ffffff".into(),
            text: "#1f2328".into(),
            accent: "#ff6d00".into(),
            font: "system".into(),
            radius: 8,
            layout: Layout::Grid,
            hero_text: String::new(),
        }
    }
}

/// True for `#rrggbb` (lowercase or uppercase hex).
pub fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl Theme {
    /// Replaces every invalid token by its default, so nothing unchecked reaches CSS.
    pub fn sanitized(mut self) -> Self {
        let d = Theme::default();
        for (v, dv) in [
            (&mut self.primary, d.primary),
            (&mut self.secondary, d.secondary),
            (&mut self.background, d.background),
            (&mut self.text, d.text),
            (&mut self.accent, d.accent),
        ] {
            if is_hex_color(v) {
                v.make_ascii_lowercase();
            } else {
                *v = dv;
            }
        }
        if !FONT_CHOICES.iter().any(|(k, _)| *k == self.font) {
            self.font = d.font;
        }
        self.radius = self.radius.min(24);
        self.hero_text = self.hero_text.chars().take(200).collect();
        self
    }

    /// The CSS font stack of the chosen font.
    pub fn font_stack(&self) -> &'static str {
        FONT_CHOICES.iter().find(|(k, _)| *k == self.font).map(|(_, v)| *v).unwrap_or(FONT_CHOICES[0].1)
    }

    /// The `:root` rule with the theme as custom properties.
    pub fn css_vars(&self) -> String {
        let t = self.clone().sanitized();
        format!(
            ":root{{--primary-color:{};--secondary-color:{};--background-color:{};--text-color:{};--accent-color:{};--font-family:{};--radius:{}px}}",
            t.primary, t.secondary, t.background, t.text, t.accent, t.font_stack(), t.radius
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_injection_in_tokens_is_replaced_by_defaults() {
        let t = Theme {
            primary: "red;}body{display:none".into(),
            font: "x</style><script>".into(),
            ..Theme::default()
        };
        let css = t.css_vars();
        assert!(css.contains("--primary-color:#3d5afe"));
        assert!(!css.contains("script"));
        assert!(!css.contains("display:none"));
    }

    #[test]
    fn valid_colors_are_kept_lowercase() {
        let t = Theme { primary: "#3779B1".into(), ..Theme::default() }.sanitized();
        assert_eq!(t.primary, "#3779b1");
    }
}
