//! Colours and emphasis. Every theme sticks to the 16 basic colours so it reads the same
//! on any terminal; without colour (NO_COLOR), selection and emphasis use reverse video,
//! bold and underline only.

use ratatui::style::{Color, Modifier, Style};

/// How rises and falls are coloured. Conventions differ (in China red is a rise, in much
/// of the world green), and a rise is not always good news (a falling enrolment share
/// may be the goal): by default the arrows ▲ ▼ carry the meaning and colour stays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RiseColours {
    /// No colour: ▲ and ▼ alone.
    #[default]
    None,
    /// Red for a rise, green for a fall (the Chinese convention).
    RedUp,
    /// Green for a rise, red for a fall.
    GreenUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    Dark,
    Light,
    /// Strong contrast for projectors.
    Contrast,
}

/// The styles the UI draws with.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    /// Selection in a pane without focus.
    pub selected_unfocused: Style,
    pub heading: Style,
    pub section: Style,
    pub marker: Style,
    pub highlight: Style,
    /// Matched characters in finder hits.
    pub matched: Style,
    pub frame: Style,
    pub case_title: Style,
    pub caption: Style,
    pub footnote: Style,
    pub value: Style,
    pub up: Style,
    pub down: Style,
    pub bar: Style,
    pub bar_other: Style,
    pub key: Style,
}

impl Theme {
    /// The theme with rises and falls coloured as asked (without colour, never).
    pub fn with_rises(mut self, rises: RiseColours) -> Theme {
        let colours = match rises {
            RiseColours::None => return self,
            RiseColours::RedUp => (Color::Red, Color::Green),
            RiseColours::GreenUp => (Color::Green, Color::Red),
        };
        // Without colour (NO_COLOR), the arrows alone.
        if self.value.fg.is_some() {
            self.up = Style::new().fg(colours.0);
            self.down = Style::new().fg(colours.1);
        }
        self
    }

    pub fn new(name: ThemeName, color: bool) -> Theme {
        if !color {
            return Theme::monochrome();
        }
        let plain = Style::default();
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Dark => Theme {
                text: plain,
                dim: plain.fg(Color::DarkGray),
                title: plain.fg(Color::Cyan).add_modifier(bold),
                tab: plain.fg(Color::Gray),
                tab_active: plain.fg(Color::Black).bg(Color::Cyan).add_modifier(bold),
                border: plain.fg(Color::DarkGray),
                border_focused: plain.fg(Color::Cyan),
                selected: plain.fg(Color::Black).bg(Color::Cyan),
                selected_unfocused: plain.add_modifier(Modifier::REVERSED),
                heading: plain.fg(Color::Yellow).add_modifier(bold),
                section: plain.fg(Color::Cyan).add_modifier(bold),
                marker: plain.fg(Color::Magenta),
                highlight: plain.fg(Color::Black).bg(Color::Yellow),
                matched: plain
                    .fg(Color::Yellow)
                    .add_modifier(bold | Modifier::UNDERLINED),
                frame: plain.fg(Color::Blue),
                case_title: plain.fg(Color::LightBlue).add_modifier(bold),
                caption: plain.fg(Color::Green),
                footnote: plain.fg(Color::DarkGray),
                value: plain.fg(Color::LightYellow).add_modifier(bold),
                up: plain,
                down: plain,
                bar: plain.fg(Color::Cyan),
                bar_other: plain.fg(Color::Magenta),
                key: plain.fg(Color::Cyan).add_modifier(bold),
            },
            ThemeName::Light => Theme {
                text: plain.fg(Color::Black),
                dim: plain.fg(Color::DarkGray),
                title: plain.fg(Color::Blue).add_modifier(bold),
                tab: plain.fg(Color::DarkGray),
                tab_active: plain.fg(Color::White).bg(Color::Blue).add_modifier(bold),
                border: plain.fg(Color::Gray),
                border_focused: plain.fg(Color::Blue),
                selected: plain.fg(Color::White).bg(Color::Blue),
                selected_unfocused: plain.add_modifier(Modifier::REVERSED),
                heading: plain.fg(Color::Magenta).add_modifier(bold),
                section: plain.fg(Color::Blue).add_modifier(bold),
                marker: plain.fg(Color::Magenta),
                highlight: plain.fg(Color::Black).bg(Color::LightYellow),
                matched: plain
                    .fg(Color::Red)
                    .add_modifier(bold | Modifier::UNDERLINED),
                frame: plain.fg(Color::Blue),
                case_title: plain.fg(Color::Blue).add_modifier(bold),
                caption: plain.fg(Color::Green),
                footnote: plain.fg(Color::DarkGray),
                value: plain.fg(Color::Black).add_modifier(bold),
                up: plain,
                down: plain,
                bar: plain.fg(Color::Blue),
                bar_other: plain.fg(Color::Magenta),
                key: plain.fg(Color::Blue).add_modifier(bold),
            },
            ThemeName::Contrast => Theme {
                text: plain.fg(Color::White),
                dim: plain.fg(Color::White),
                title: plain.fg(Color::White).add_modifier(bold),
                tab: plain.fg(Color::White),
                tab_active: plain.fg(Color::Black).bg(Color::White).add_modifier(bold),
                border: plain.fg(Color::White),
                border_focused: plain.fg(Color::Yellow).add_modifier(bold),
                selected: plain.fg(Color::Black).bg(Color::Yellow).add_modifier(bold),
                selected_unfocused: plain.add_modifier(Modifier::REVERSED),
                heading: plain.fg(Color::Yellow).add_modifier(bold),
                section: plain.fg(Color::Yellow).add_modifier(bold),
                marker: plain.fg(Color::Yellow),
                highlight: plain.fg(Color::Black).bg(Color::White).add_modifier(bold),
                matched: plain
                    .fg(Color::Yellow)
                    .add_modifier(bold | Modifier::UNDERLINED),
                frame: plain.fg(Color::White),
                case_title: plain.fg(Color::White).add_modifier(bold),
                caption: plain.fg(Color::White).add_modifier(Modifier::ITALIC),
                footnote: plain.fg(Color::White),
                value: plain.fg(Color::Yellow).add_modifier(bold),
                up: plain.fg(Color::White).add_modifier(bold),
                down: plain.fg(Color::White).add_modifier(bold),
                bar: plain.fg(Color::White),
                bar_other: plain.fg(Color::Yellow),
                key: plain.fg(Color::Yellow).add_modifier(bold),
            },
        }
    }

    /// No colour at all: nothing depends on it.
    fn monochrome() -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reversed = plain.add_modifier(Modifier::REVERSED);
        Theme {
            text: plain,
            dim: plain,
            title: bold,
            tab: plain,
            tab_active: reversed.add_modifier(Modifier::BOLD),
            border: plain,
            border_focused: bold,
            selected: reversed.add_modifier(Modifier::BOLD),
            selected_unfocused: reversed,
            heading: bold,
            section: bold.add_modifier(Modifier::UNDERLINED),
            marker: bold,
            highlight: reversed,
            matched: bold.add_modifier(Modifier::UNDERLINED),
            frame: plain,
            case_title: bold,
            caption: plain.add_modifier(Modifier::ITALIC),
            footnote: plain,
            value: bold,
            up: bold,
            down: bold,
            bar: plain,
            bar_other: bold,
            key: bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rises_and_falls_carry_no_colour_unless_asked() {
        for name in [ThemeName::Dark, ThemeName::Light] {
            let theme = Theme::new(name, true);
            assert_eq!(theme.up, theme.down, "{name:?}: a colour judges the change");
            let chinese = theme.with_rises(RiseColours::RedUp);
            assert_eq!(chinese.up.fg, Some(Color::Red));
            assert_eq!(chinese.down.fg, Some(Color::Green));
            let western = theme.with_rises(RiseColours::GreenUp);
            assert_eq!(western.up.fg, Some(Color::Green));
        }
        let plain = Theme::new(ThemeName::Dark, false).with_rises(RiseColours::RedUp);
        assert_eq!(plain.up.fg, None, "no colour with NO_COLOR");
    }
}
