//! Draws any form: a label column, the inputs, errors and hints inline.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Block;
use ratatui::Frame;

use crate::app::form::{FieldInput, Form};
use crate::app::App;
use crate::domain::text::{pad_right, shown, truncate};
use crate::ui::theme;
use crate::ui::widgets::text_input::TextInput;

const LABEL_W: u16 = 14;

fn field_height(form: &Form, i: usize, multiline_h: u16) -> u16 {
    let f = &form.fields[i];
    let base = match &f.input {
        FieldInput::Text(t) if t.is_multiline() => multiline_h,
        _ => 1,
    };
    let extra = u16::from(form.errors.contains_key(f.name) || form.hints.contains_key(f.name));
    base + extra
}

/// Draw `form` in a centred box titled `title`.
pub fn render(app: &App, form: &Form, title: &str, f: &mut Frame) {
    let screen = f.area();
    let width = screen.width.saturating_sub(4).min(76);
    let fixed: u16 = (0..form.fields.len())
        .map(|i| field_height(form, i, 0))
        .sum();
    // Multi-line fields get what is left, at least 3 rows.
    let multis = form
        .fields
        .iter()
        .filter(|f| matches!(&f.input, FieldInput::Text(t) if t.is_multiline()))
        .count() as u16;
    let room = screen.height.saturating_sub(fixed + 2);
    let multiline_h = room.checked_div(multis).map_or(0, |h| h.clamp(3, 8));
    let height = fixed + multis * multiline_h + 2;
    let area = super::frame_box(f, width, height);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", truncate(&shown(title), width as usize - 4)),
        theme::title(),
    ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for (i, field) in form.fields.iter().enumerate() {
        let h = field_height(form, i, multiline_h);
        if y + h > bottom {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused {
            theme::key()
        } else {
            theme::label()
        };
        let label = pad_right(&app.i18n.t(field.label), LABEL_W as usize - 1);
        f.render_widget(
            Span::styled(label, label_style),
            Rect {
                x: inner.x,
                y,
                width: LABEL_W,
                height: 1,
            },
        );
        let input_area = Rect {
            x: inner.x + LABEL_W,
            y,
            width: inner.width.saturating_sub(LABEL_W),
            height: h - u16::from(
                form.errors.contains_key(field.name) || form.hints.contains_key(field.name),
            ),
        };
        match &field.input {
            FieldInput::Text(t) => TextInput(t).render(f, input_area, focused),
            FieldInput::Choice { options, chosen } => {
                let choice = options
                    .get(*chosen)
                    .map(|o| app.i18n.t(&o.1).to_string())
                    .unwrap_or_default();
                let style = if focused {
                    theme::selected()
                } else {
                    ratatui::style::Style::new()
                };
                let text = format!("◀ {} ▶", shown(&choice));
                f.render_widget(
                    Span::styled(truncate(&text, input_area.width as usize), style),
                    input_area,
                );
            }
        }
        let note_y = input_area.y + input_area.height;
        let note_area = Rect {
            x: inner.x + LABEL_W,
            y: note_y,
            width: inner.width.saturating_sub(LABEL_W),
            height: 1,
        };
        if let Some(e) = form.errors.get(field.name) {
            f.render_widget(
                Span::styled(
                    truncate(&shown(&e.text(&app.i18n)), note_area.width as usize),
                    theme::error(),
                ),
                note_area,
            );
        } else if let Some(hint) = form.hints.get(field.name) {
            f.render_widget(
                Span::styled(
                    truncate(&shown(hint), note_area.width as usize),
                    theme::warn(),
                ),
                note_area,
            );
        }
        y += h;
    }
}
