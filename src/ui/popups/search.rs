//! Draws the search over every conversation: the words typed, then one
//! line per conversation found (day, kind, customer, the words around
//! the match).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::popups::SearchPopup;
use crate::app::App;
use crate::domain::text::{pad_right, shown, truncate};
use crate::domain::zone::Zone;
use crate::ui::theme;
use crate::ui::widgets::text_input::TextInput;

pub fn render(app: &App, p: &SearchPopup, f: &mut Frame) {
    let area = super::viewer_box(app, f);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", app.i18n.t("search11.title")),
        theme::title(),
    ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    f.render_widget(Span::styled("/", theme::key()), inner);
    TextInput(&p.query).render(
        f,
        Rect {
            x: inner.x + 2,
            width: inner.width.saturating_sub(2),
            height: 1,
            ..inner
        },
        true,
    );
    let list = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let w = list.width as usize;
    let note = |text: String| Paragraph::new(Span::styled(text, theme::dim()));
    if let Some(problem) = &p.problem {
        f.render_widget(
            Paragraph::new(Span::styled(truncate(&shown(problem), w), theme::error())),
            list,
        );
        return;
    }
    if p.query.value().trim().is_empty() {
        f.render_widget(note(app.i18n.t("search11.hint")), list);
        return;
    }
    if p.hits.is_empty() {
        let key = if p.searching {
            "search11.searching"
        } else {
            "search11.none"
        };
        f.render_widget(note(app.i18n.t(key)), list);
        return;
    }
    let h = list.height as usize;
    // Keep the selected line in view without storing an offset.
    let first = p.selected.saturating_sub(h.saturating_sub(1));
    let fmt = app.date_format();
    let zone = app.clock.zone();
    let lines: Vec<Line> = p
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .take(h)
        .map(|(i, hit)| {
            let day = fmt.short(zone.local_day(hit.happened_at), app.today());
            let kind = app.i18n.t(&format!("conv.{}", hit.kind));
            let head = format!(
                "{} {} {}  ",
                pad_right(&day, 10),
                pad_right(&kind, 6),
                pad_right(&truncate(&shown(&hit.account_name), 20), 20)
            );
            let rest = w.saturating_sub(crate::domain::text::width(&head));
            let snippet = around_match(&shown(&hit.snippet), p.query.value(), rest);
            let line = Line::from(vec![
                Span::raw(head),
                Span::styled(truncate(&snippet, rest), theme::dim()),
            ]);
            if i == p.selected {
                line.patch_style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list);
}

/// The snippet cut so the first word searched for shows in `room`
/// columns: a few characters of what comes before it, then the match.
fn around_match(snippet: &str, query: &str, room: usize) -> String {
    use crate::domain::text::width;
    let lower = snippet.to_lowercase();
    let at = query
        .split_whitespace()
        .filter_map(|w| lower.find(&w.to_lowercase()))
        .min();
    let Some(at) = at.filter(|&at| snippet.is_char_boundary(at)) else {
        return snippet.to_string();
    };
    if width(&snippet[..at]) + 8 <= room {
        return snippet.to_string();
    }
    // Keep four characters before the match.
    let start = snippet[..at]
        .char_indices()
        .rev()
        .nth(3)
        .map_or(at, |(i, _)| i);
    format!("…{}", snippet[start..].trim_start_matches('…'))
}
