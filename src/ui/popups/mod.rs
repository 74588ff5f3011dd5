//! One file per popup kind; each renders from `&App`.

pub mod conversation;
pub mod deal;
pub mod deal_closed;
pub mod form;
pub mod order;
pub mod search;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::keymap::Layer;
use crate::app::popups::{Confirm, ImportPreview, View};
use crate::app::{Action, App, Popup};
use crate::domain::text::shown;
use crate::ui::{centered, theme};

/// Draw one popup over the screen.
pub fn render(app: &App, p: &Popup, f: &mut Frame) {
    match p.view(app) {
        View::Form { form, title } => form::render(app, form, &title, f),
        View::Conversation(v) => {
            conversation::render(app, &v.conversation, v.show_revisions, v.scroll, f)
        }
        View::Order(v) => order::render(app, &v.order, v.scroll, f),
        View::Confirm(c) => confirm(app, c, f),
        View::ImportPreview(p) => import_preview(app, p, f),
        View::Search(p) => search::render(app, p, f),
        View::Deal(v) => deal::render(app, v, f),
        View::ClosedDeals(p) => deal_closed::render(app, p, f),
    }
}

/// The keys a question answers to, from the keymap (so a rebinding shows
/// here too); `applies` leaves out what does nothing now.
fn answer_keys(app: &App, layer: Layer, applies: impl Fn(&Action) -> bool) -> Line<'static> {
    let mut spans = Vec::new();
    for b in app.keymap.bindings(layer) {
        if !b.footer || !applies(&b.action) {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(b.label.clone(), theme::key()));
        spans.push(Span::raw(format!(" {}", app.i18n.t(&b.desc))));
    }
    Line::from(spans)
}

fn confirm(app: &App, c: &Confirm, f: &mut Frame) {
    let area = frame_box(f, 60, 6);
    let lines = vec![
        Line::from(shown(&c.question).into_owned()),
        Line::from(""),
        answer_keys(app, Layer::Confirm, |_| true),
    ];
    let block = Block::bordered().title(app.i18n.t("confirm.title"));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn import_preview(app: &App, p: &ImportPreview, f: &mut Frame) {
    let screen = f.area();
    let width = screen.width.saturating_sub(4).min(90);
    // Long lines wrap: count the rows they take, so the keys stay inside.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = p
        .lines
        .iter()
        .map(|l| crate::domain::text::wrap(&shown(l), inner).len().max(1))
        .sum();
    let h = (rows as u16 + 3).min(screen.height);
    let area = frame_box(f, width, h);
    let mut body: Vec<Line> = p
        .lines
        .iter()
        .map(|l| Line::from(shown(l).into_owned()))
        .collect();
    body.push(answer_keys(app, Layer::ImportPreview, |a| match a {
        Action::Confirm(true) => p.can_commit,
        Action::SkipInvalid => p.rejected > 0,
        Action::CreateMissing => p.can_create,
        Action::MapColumn => !p.unrecognised.is_empty(),
        _ => true,
    }));
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", app.i18n.t("import.preview")),
        theme::title(),
    ));
    f.render_widget(
        Paragraph::new(body).wrap(Wrap { trim: false }).block(block),
        area,
    );
}

/// The box a viewer (conversation, order) draws in: as large as the
/// screen allows while the status line under it stays visible, so a
/// refusal or a "saved" shows while the viewer is open.
pub fn viewer_box(app: &App, f: &mut Frame) -> Rect {
    let screen = f.area();
    let width = screen.width.saturating_sub(4).min(90);
    let below = 1 + crate::ui::status_height(app, screen.width);
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        // Under the tabs; the status lines and the footer stay in view.
        y: screen.y + screen.height.min(1),
        width,
        height: screen.height.saturating_sub(1 + below),
    };
    clear_box(f, area);
    area
}

/// The full-screen-ish box popups draw in, cleared first.
pub fn frame_box(f: &mut Frame, w: u16, h: u16) -> Rect {
    let area = centered(f.area(), w, h);
    clear_box(f, area);
    area
}

/// Clear `area`, and blank a wide character just left of it whose second
/// half the box would cover: a terminal would otherwise draw the
/// character over the box's left border.
pub fn clear_box(f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = f.buffer_mut();
    for y in area.y..area.y + area.height {
        if let Some(cell) = buf.cell_mut((area.x - 1, y)) {
            if crate::domain::text::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}
