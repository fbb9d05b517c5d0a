//! Theme tokens: each a type that can only be made by parsing, rendered as CSS custom
//! properties. The server and the browser (the editor's preview, a live re-theme) share
//! them.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::{HexColor, AA_TEXT};

/// Fonts a store may choose: system stacks only, no font files fetched from elsewhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Font {
    #[default]
    System,
    Serif,
    Mono,
    Rounded,
    Humanist,
}

impl Font {
    pub const ALL: [Font; 5] = [Font::System, Font::Serif, Font::Mono, Font::Rounded, Font::Humanist];

    /// Its key in JSON and forms.
    pub fn key(self) -> &'static str {
        match self {
            Font::System => "system",
            Font::Serif => "serif",
            Font::Mono => "mono",
            Font::Rounded => "rounded",
            Font::Humanist => "humanist",
        }
    }

    pub fn parse(key: &str) -> Option<Font> {
        Font::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Font::System => "System (the device's own)",
            Font::Serif => "Serif",
            Font::Mono => "Monospace",
            Font::Rounded => "Rounded",
            Font::Humanist => "Humanist sans",
        }
    }

    /// The CSS font stack.
    pub fn stack(self) -> &'static str {
        match self {
            Font::System => "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            Font::Serif => "Georgia, 'Times New Roman', serif",
            Font::Mono => "ui-monospace, 'SFMono-Regular', Menlo, monospace",
            Font::Rounded => "ui-rounded, 'Nunito', system-ui, sans-serif",
            Font::Humanist => "'Gill Sans', 'Trebuchet MS', Calibri, sans-serif",
        }
    }
}

/// Corner radius in pixels, 0 to [`Radius::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Radius(u8);

impl Radius {
    pub const MAX: u8 = 24;

    pub fn new(px: u8) -> Option<Radius> {
        (px <= Self::MAX).then_some(Radius(px))
    }

    pub fn px(self) -> u8 {
        self.0
    }
}

impl Default for Radius {
    fn default() -> Self {
        Radius(8)
    }
}

impl TryFrom<u8> for Radius {
    type Error = String;

    fn try_from(px: u8) -> Result<Self, Self::Error> {
        Radius::new(px).ok_or_else(|| format!("use 0 to {} pixels", Radius::MAX))
    }
}

impl From<Radius> for u8 {
    fn from(r: Radius) -> u8 {
        r.0
    }
}

/// One line of text of at most `MAX` characters, without control characters, trimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Line<const MAX: usize>(String);

impl<const MAX: usize> Line<MAX> {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.chars().count() > MAX {
            Err(format!("use at most {MAX} characters"))
        } else if s.chars().any(char::is_control) {
            Err("use one line without control characters".into())
        } else {
            Ok(Line(s.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<const MAX: usize> TryFrom<String> for Line<MAX> {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl<const MAX: usize> From<Line<MAX>> for String {
    fn from(l: Line<MAX>) -> String {
        l.0
    }
}

impl<const MAX: usize> std::fmt::Display for Line<MAX> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Product list layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    Grid,
    List,
}

impl Layout {
    pub fn key(self) -> &'static str {
        match self {
            Layout::Grid => "grid",
            Layout::List => "list",
        }
    }

    pub fn parse(key: &str) -> Option<Layout> {
        [Layout::Grid, Layout::List].into_iter().find(|l| l.key() == key)
    }
}

/// A store's design tokens. Logo and favicon are uploads, kept with the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Theme {
    pub primary: HexColor,
    pub secondary: HexColor,
    pub background: HexColor,
    pub text: HexColor,
    pub accent: HexColor,
    pub font: Font,
    pub radius: Radius,
    pub layout: Layout,
    /// The home page's heading; empty: the store's name.
    pub hero_heading: Line<80>,
    /// The line under it; empty: a default welcome.
    pub hero_text: Line<200>,
}

/// Green, amber and red as the platform draws them on white (6.2, 5.0 and 6.5:1): in
/// stock, few left, and errors or sold out. On another background they are adjusted
/// until they meet AA there ([`HexColor::readable_on`]).
pub const STATUS_COLOURS: [HexColor; 3] =
    [HexColor::rgb(0x06, 0x76, 0x47), HexColor::rgb(0xb5, 0x47, 0x08), HexColor::rgb(0xb4, 0x23, 0x18)];

impl Theme {
    /// The home page's heading and the line under it, for a store named `store_name`:
    /// the theme's own, else defaults.
    pub fn hero(&self, store_name: &str) -> (String, String) {
        let heading = match self.hero_heading.is_empty() {
            true => format!("Welcome to {store_name}"),
            false => self.hero_heading.to_string(),
        };
        let line = match self.hero_text.is_empty() {
            true => "Hand-picked products, free shipping and 30-day returns.".to_string(),
            false => self.hero_text.to_string(),
        };
        (heading, line)
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            primary: HexColor::rgb(0x3d, 0x5a, 0xfe),
            secondary: HexColor::rgb(0x00, 0xbf, 0xa5),
            background: HexColor::rgb(0xff, 0xff, 0xff),
            text: HexColor::rgb(0x1f, 0x23, 0x28),
            accent: HexColor::rgb(0xe6, 0x51, 0x00),
            font: Font::System,
            radius: Radius::default(),
            layout: Layout::Grid,
            hero_heading: Line::default(),
            hero_text: Line::default(),
        }
    }
}

/// One token of a stored theme, or `None` when it is missing or not of its type.
fn stored_token<T: DeserializeOwned>(
    tokens: &serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<T> {
    tokens.get(key).and_then(|v| T::deserialize(v).ok())
}

impl Theme {
    /// A theme as stored in the database. Unlike deserializing, it never fails: a token
    /// that is missing or invalid takes its default and the others are kept.
    pub fn from_stored(json: &str) -> Theme {
        let Ok(serde_json::Value::Object(tokens)) = serde_json::from_str(json) else {
            return Theme::default();
        };
        let d = Theme::default();
        Theme {
            primary: stored_token(&tokens, "primary").unwrap_or(d.primary),
            secondary: stored_token(&tokens, "secondary").unwrap_or(d.secondary),
            background: stored_token(&tokens, "background").unwrap_or(d.background),
            text: stored_token(&tokens, "text").unwrap_or(d.text),
            accent: stored_token(&tokens, "accent").unwrap_or(d.accent),
            font: stored_token(&tokens, "font").unwrap_or(d.font),
            radius: stored_token(&tokens, "radius").unwrap_or(d.radius),
            layout: stored_token(&tokens, "layout").unwrap_or(d.layout),
            hero_heading: stored_token(&tokens, "hero_heading").unwrap_or(d.hero_heading),
            hero_text: stored_token(&tokens, "hero_text").unwrap_or(d.hero_text),
        }
    }

    /// Text on the background that is quieter than the text colour (hints, counts): the
    /// text colour moved toward the background as far as AA allows, at most 40 %. Where
    /// the store's own text colour fails AA, it is that colour unchanged.
    pub fn muted_text(&self) -> HexColor {
        (0..=8)
            .rev()
            .map(|step| self.text.mix(self.background, f64::from(step) * 0.05))
            .find(|c| c.contrast(self.background) >= AA_TEXT)
            .unwrap_or(self.text)
    }

    /// The custom properties of the theme, and the colours derived from it so that text
    /// meets WCAG AA whatever the store picks: `--on-primary`, `--on-secondary` and
    /// `--on-accent` (text on those colours), `--primary-text` (the primary colour as text
    /// or a focus ring on the background), `--muted-color`, and the status colours
    /// (`--ok-text`, `--warn-text`, `--error-text`: stock, low stock, errors) as text on the
    /// background. The first HTML writes them in a `:root` rule; a live re-theme sets them
    /// one by one.
    pub fn css_var_pairs(&self) -> [(&'static str, String); 15] {
        let [ok, warn, error] = STATUS_COLOURS.map(|c| c.readable_on(self.background).to_string());
        [
            ("--primary-color", self.primary.to_string()),
            ("--secondary-color", self.secondary.to_string()),
            ("--background-color", self.background.to_string()),
            ("--text-color", self.text.to_string()),
            ("--accent-color", self.accent.to_string()),
            ("--font-family", self.font.stack().to_string()),
            ("--radius", format!("{}px", self.radius.px())),
            ("--on-primary", self.primary.on_color().to_string()),
            ("--on-secondary", self.secondary.on_color().to_string()),
            ("--on-accent", self.accent.on_color().to_string()),
            ("--primary-text", self.primary.readable_on(self.background).to_string()),
            ("--muted-color", self.muted_text().to_string()),
            ("--ok-text", ok),
            ("--warn-text", warn),
            ("--error-text", error),
        ]
    }

    /// The `:root` rule of [`Theme::css_var_pairs`].
    pub fn css_vars(&self) -> String {
        let body: Vec<String> = self.css_var_pairs().iter().map(|(k, v)| format!("{k}:{v}")).collect();
        format!(":root{{{}}}", body.join(";"))
    }
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
