//! The `?` overlay, generated from the keymap.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::domain::text::{pad_right, truncate};
use crate::ui::{keymap, theme};

/// Draw every binding of the active layer with its description, in two
/// columns when one does not fit the screen's height.
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
    let area = super::frame_box(f, width, (rows as u16 + 2).min(screen.height));
    let cell_w = (area.width.saturating_sub(2) as usize) / columns;
    let cell = |b: &keymap::Binding| -> Vec<Span<'static>> {
        let desc = truncate(&app.i18n.t(&b.desc), cell_w.saturating_sub(11));
        vec![
            Span::styled(pad_right(&b.label, 10), theme::key()),
            Span::raw(pad_right(&desc, cell_w.saturating_sub(10))),
        ]
    };
    let lines: Vec<Line> = (0..rows)
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
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", app.i18n.t("help.title")),
        theme::title(),
    ));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
