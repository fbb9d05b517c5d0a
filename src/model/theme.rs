//! Theme tokens: validated values only, rendered as CSS custom properties.

use std::{fmt, str::FromStr};

use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Fonts a store may choose; free-form font names are not accepted.
pub const FONT_CHOICES: [(&str, &str); 5] = [
    ("system", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"),
    ("serif", "Georgia, 'Times New Roman', serif"),
    ("mono", "ui-monospace, 'SFMono-Regular', Menlo, monospace"),
    ("rounded", "ui-rounded, 'Nunito', system-ui, sans-serif"),
    ("humanist", "'Gill Sans', 'Trebuchet MS', Calibri, sans-serif"),
];

/// A colour as `#rrggbb`. It can only be made by parsing that form (any case) or from
/// its three bytes, so it is always safe to put in CSS or a `style` attribute; it is
/// written lowercase. In JSON it is that string, and anything else fails to deserialize.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HexColor([u8; 3]);

/// Why a text is not a `#rrggbb` colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("use six hex digits, like #1a2b3c")]
pub struct ColorError;

impl HexColor {
    /// The colour with these red, green and blue bytes.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b])
    }

    /// Parses exactly `#` and six hex digits (`#3D5AFE` and `#3d5afe` are the same colour).
    /// No short form, no names, no surrounding spaces.
    pub fn parse(s: &str) -> Result<Self, ColorError> {
        let digits = s.strip_prefix('#').filter(|d| d.len() == 6).ok_or(ColorError)?;
        let mut out = [0u8; 3];
        for (byte, pair) in out.iter_mut().zip(digits.as_bytes().chunks(2)) {
            let hex = |b: u8| (b as char).to_digit(16).ok_or(ColorError);
            *byte = (hex(pair[0])? * 16 + hex(pair[1])?) as u8;
        }
        Ok(Self(out))
    }

    /// Red, green and blue.
    pub fn channels(self) -> [u8; 3] {
        self.0
    }

    /// Relative luminance as WCAG 2 defines it: 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// The WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white).
    pub fn contrast(self, other: HexColor) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour moved toward `to` by `share` (0 keeps it, 1 gives `to`), per channel.
    pub fn mix(self, to: HexColor, share: f64) -> HexColor {
        let share = share.clamp(0.0, 1.0);
        let mut out = self.0;
        for (c, t) in out.iter_mut().zip(to.0) {
            *c = (f64::from(*c) + (f64::from(t) - f64::from(*c)) * share).round() as u8;
        }
        HexColor(out)
    }

    /// The text colour for this background: black or white, whichever contrasts more.
    /// The better of the two reaches at least 4.58:1 on any colour, so it meets WCAG AA.
    pub fn on_color(self) -> HexColor {
        if self.contrast(WHITE) >= self.contrast(BLACK) {
            WHITE
        } else {
            BLACK
        }
    }

    /// This colour as text on `background`: itself when it already meets AA (4.5:1),
    /// else the least mix toward `background`'s on-colour that does (the on-colour itself
    /// always does, so the answer always meets AA).
    pub fn readable_on(self, background: HexColor) -> HexColor {
        if self.contrast(background) >= AA_TEXT {
            return self;
        }
        let target = background.on_color();
        let (mut fails, mut passes) = (0.0, 1.0);
        for _ in 0..12 {
            let mid = (fails + passes) / 2.0;
            if self.mix(target, mid).contrast(background) >= AA_TEXT {
                passes = mid;
            } else {
                fails = mid;
            }
        }
        self.mix(target, passes)
    }
}

/// The contrast WCAG AA asks of normal-size text.
pub const AA_TEXT: f64 = 4.5;
const WHITE: HexColor = HexColor::rgb(255, 255, 255);
const BLACK: HexColor = HexColor::rgb(0, 0, 0);

impl fmt::Display for HexColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl FromStr for HexColor {
    type Err = ColorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for HexColor {
    type Error = ColorError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<HexColor> for String {
    fn from(c: HexColor) -> Self {
        c.to_string()
    }
}

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
    pub primary: HexColor,
    pub secondary: HexColor,
    pub background: HexColor,
    pub text: HexColor,
    pub accent: HexColor,
    pub font: String,
    pub radius: u8,
    pub layout: Layout,
    pub hero_text: String,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            primary: HexColor::rgb(0x3d, 0x5a, 0xfe),
            secondary: HexColor::rgb(0x00, 0xbf, 0xa5),
            background: HexColor::rgb(0xff, 0xff, 0xff),
            text: HexColor::rgb(0x1f, 0x23, 0x28),
            accent: HexColor::rgb(0xff, 0x6d, 0x00),
            font: "system".into(),
            radius: 8,
            layout: Layout::Grid,
            hero_text: String::new(),
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
            hero_text: stored_token(&tokens, "hero_text").unwrap_or(d.hero_text),
        }
        .sanitized()
    }

    /// Replaces an unknown font by the default and bounds the radius and hero text
    /// (colours are valid by their type).
    pub fn sanitized(mut self) -> Self {
        if !FONT_CHOICES.iter().any(|(k, _)| *k == self.font) {
            self.font = Theme::default().font;
        }
        self.radius = self.radius.min(24);
        self.hero_text = self.hero_text.chars().take(200).collect();
        self
    }

    /// The CSS font stack of the chosen font.
    pub fn font_stack(&self) -> &'static str {
        FONT_CHOICES.iter().find(|(k, _)| *k == self.font).map(|(_, v)| *v).unwrap_or(FONT_CHOICES[0].1)
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

    /// The `:root` rule with the theme as custom properties, and the colours derived from
    /// it so that text meets WCAG AA whatever the store picks: `--on-primary`,
    /// `--on-secondary` and `--on-accent` (text on those colours), `--primary-text` (the
    /// primary colour as text or a focus ring on the background) and `--muted-color`.
    pub fn css_vars(&self) -> String {
        let t = self.clone().sanitized();
        format!(
            ":root{{--primary-color:{};--secondary-color:{};--background-color:{};--text-color:{};--accent-color:{};--font-family:{};--radius:{}px;\
             --on-primary:{};--on-secondary:{};--on-accent:{};--primary-text:{};--muted-color:{}}}",
            t.primary,
            t.secondary,
            t.background,
            t.text,
            t.accent,
            t.font_stack(),
            t.radius,
            t.primary.on_color(),
            t.secondary.on_color(),
            t.accent.on_color(),
            t.primary.readable_on(t.background),
            t.muted_text(),
        )
    }
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
