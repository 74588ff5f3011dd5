//! The `?` overlay, generated from the keymap: every binding of the layer
//! under it, in two columns when one does not fit the height and the
//! width allows, else one column that scrolls (j/k, PageDown, the help
//! layer of the keymap) from the offset `update` keeps.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::domain::text::{pad_right, truncate};
use crate::ui::{keymap, popups::frame_box, theme};

/// Draw the overlay.
pub fn render(app: &App, f: &mut Frame) {
    // The keys of the layer under the overlay.
    let bindings = keymap::active(app, keymap::screen_layer(app));
    let screen = f.area();
    let rows_free = screen.height.saturating_sub(2).max(1) as usize;
    let columns = if bindings.len() > rows_free && screen.width >= 60 {
        2
    } else {
        1
    };
    let rows = bindings.len().div_ceil(columns);
    let width = if columns == 2 {
        screen.width.saturating_sub(2).min(100)
    } else {
        60
    };
    let area = frame_box(f, width, (rows as u16 + 2).min(screen.height));
    let shown = area.height.saturating_sub(2) as usize;
    // What does not fit scrolls; the app keeps the offset, the screen
    // only holds it to what is there.
    let first = app.help_scroll.min(rows.saturating_sub(shown));
    let cell_w = (area.width.saturating_sub(2) as usize) / columns;
    let cell = |b: &keymap::Binding| -> Vec<Span<'static>> {
        let desc = truncate(&app.i18n.t(&b.desc), cell_w.saturating_sub(11));
        vec![
            Span::styled(pad_right(&b.label, 10), theme::key()),
            Span::raw(pad_right(&desc, cell_w.saturating_sub(10))),
        ]
    };
    let lines: Vec<Line> = (first..rows)
        .take(shown)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some(b) = bindings.get(c * rows + r) {
                    spans.extend(cell(b));
                }
            }
            Line::from(spans)
        })
        .collect();
    let mut block = Block::bordered().title(Span::styled(
        format!(" {} ", app.i18n.t("help.title")),
        theme::title(),
    ));
    // Arrows on the frame say there is more above or below.
    let more = match (first > 0, first + shown < rows) {
        (false, false) => None,
        (true, false) => Some(" ↑ "),
        (false, true) => Some(" ↓ "),
        (true, true) => Some(" ↑↓ "),
    };
    if let Some(m) = more {
        block = block.title_bottom(Line::from(Span::styled(m, theme::key())).right_aligned());
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
