//! Horizontal bars drawn with block characters, readable without colour:
//! the length is the number, eighth blocks give the fine steps.

use ratatui::style::{Color, Style};

/// Eighths of a cell, from one eighth to a full block.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// A bar `fraction` (0..=1) of `width` cells long, padded with spaces to
/// `width`.
pub fn bar(fraction: f64, width: usize) -> String {
    let f = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (f * width as f64 * 8.0).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let mut s: String = std::iter::repeat_n('█', full).collect();
    if part > 0 {
        s.push(EIGHTHS[part - 1]);
    }
    let used = full + usize::from(part > 0);
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// A bar split in two: `first` drawn with `░`, `second` with `█`, both
/// as fractions of `width` (their sum at most 1). Whole cells only, so the
/// two parts stay tellable apart without colour.
pub fn split_bar(first: f64, second: f64, width: usize) -> (String, String, String) {
    let cells = |f: f64| {
        let f = if f.is_finite() { f.max(0.0) } else { 0.0 };
        ((f * width as f64).round() as usize).min(width)
    };
    let a = cells(first);
    let b = cells(first + second).saturating_sub(a).min(width - a);
    (
        "░".repeat(a),
        "█".repeat(b),
        " ".repeat(width.saturating_sub(a + b)),
    )
}

/// The background of a heat-map cell holding `share` (0..=1), and a
/// foreground that stays readable on it.
pub fn heat(share: f64) -> Style {
    let steps = [
        (0.05, 236),
        (0.1, 22),
        (0.2, 28),
        (0.35, 34),
        (0.6, 40),
        (f64::INFINITY, 46),
    ];
    let bg = steps
        .iter()
        .find(|(limit, _)| share < *limit)
        .map_or(46, |s| s.1);
    let fg = if bg >= 40 { Color::Black } else { Color::White };
    Style::new().bg(Color::Indexed(bg)).fg(fg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_the_asked_width_and_length() {
        assert_eq!(bar(0.0, 4), "    ");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(0.125 / 4.0, 4), "▏   ");
        assert_eq!(bar(f64::NAN, 3), "   ");
        assert_eq!(bar(2.0, 3), "███");
        let (a, b, rest) = split_bar(0.25, 0.5, 8);
        assert_eq!(
            (a.as_str(), b.as_str(), rest.as_str()),
            ("░░", "████", "  ")
        );
        let (a, b, rest) = split_bar(0.6, 0.6, 5);
        assert_eq!(a.chars().count() + b.chars().count() + rest.len(), 5);
    }
}
