//! The `?` overlay, generated from the keymap.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::domain::text::pad_right;
use crate::ui::{keymap, theme};

/// Draw every binding of the active layer with its description.
pub fn render(app: &App, f: &mut Frame) {
    let bindings = keymap::active(app, keymap::layer(app));
    let h = (bindings.len() as u16 + 2).min(f.area().height);
    let area = super::frame_box(f, 60, h);
    let lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(pad_right(b.shown_label(), 10), theme::key()),
                Span::raw(app.i18n.t(b.desc).to_string()),
            ])
        })
        .collect();
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", app.i18n.t("help.title")),
        theme::title(),
    ));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
