//! Colours as `#rrggbb` and the WCAG contrast maths over them, shared by the server and the
//! browser (the theme editor warns as the owner types).

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

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
/// WCAG 2.2 AA for large text and user-interface components (buttons, borders).
pub const AA_LARGE: f64 = 3.0;
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
