//! The explorer's settings that several layers share: which colour theme is drawn and how
//! rises and falls are coloured. They are chosen on the command line, in the config file,
//! by the terminal's background or by a key, and kept as app state, so they live below
//! `app` (drawing them is `ui::theme`'s work).

use crate::palette::Rgb;

/// How rises and falls are coloured. Conventions differ (in China red is a rise, in much
/// of the world green), and a rise is not always good news (a falling enrolment share
/// may be the goal): by default the arrows ▲ ▼ carry the meaning and colour stays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiseColours {
    /// No colour: ▲ and ▼ alone.
    #[default]
    None,
    /// Red for a rise, green for a fall (the Chinese convention).
    RedUp,
    /// Green for a rise, red for a fall.
    GreenUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// For dark terminals; reads on light ones too.
    Dark,
    /// For light terminals; reads on dark ones too.
    Light,
    /// The terminal's own colours at full strength: bold and reverse video.
    Contrast,
    /// Paints its own dark background: the same on every terminal and projector.
    ProjectorDark,
    /// Paints its own white background: the same on every terminal and projector.
    ProjectorLight,
}

impl ThemeName {
    /// In the order the theme key cycles through them.
    pub const ALL: [ThemeName; 5] = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::Contrast,
        ThemeName::ProjectorDark,
        ThemeName::ProjectorLight,
    ];

    /// The name as `--theme` takes it.
    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Contrast => "contrast",
            ThemeName::ProjectorDark => "projector-dark",
            ThemeName::ProjectorLight => "projector-light",
        }
    }

    /// The theme after this one (the last is followed by the first).
    pub fn next(self) -> ThemeName {
        let at = ThemeName::ALL.iter().position(|&t| t == self).unwrap_or(0);
        ThemeName::ALL[(at + 1) % ThemeName::ALL.len()]
    }

    /// Whether the theme sets every cell's background itself.
    pub fn paints_background(self) -> bool {
        matches!(self, ThemeName::ProjectorDark | ThemeName::ProjectorLight)
    }

    /// Whether the theme's background is dark (for a painted theme), or the theme is
    /// made for dark terminals.
    pub fn is_dark(self) -> bool {
        matches!(
            self,
            ThemeName::Dark | ThemeName::Contrast | ThemeName::ProjectorDark
        )
    }

    /// The default theme for a terminal whose background is this colour (its answer to
    /// OSC 11): `light` where dark text reads better on it, else `dark`.
    pub fn for_background(background: Rgb) -> ThemeName {
        if background.is_light() {
            ThemeName::Light
        } else {
            ThemeName::Dark
        }
    }

    /// The default theme from `COLORFGBG` (`15;0`: white on black), which rxvt, Konsole
    /// and others set: the fallback when the terminal does not answer OSC 11.
    pub fn from_colorfgbg(value: &str) -> Option<ThemeName> {
        let background: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
        match background {
            7 | 9..=15 => Some(ThemeName::Light),
            0..=6 | 8 => Some(ThemeName::Dark),
            _ => None,
        }
    }
}
