//! One file per popup kind; each renders from `&App`.

pub mod conversation;
pub mod form;
pub mod help;
pub mod order;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, Popup, PopupKind};
use crate::domain::text::shown;
use crate::ui::{centered, theme};

/// Draw one popup over the screen.
pub fn render(app: &App, p: &Popup, f: &mut Frame) {
    let t = |k: &str| app.i18n.t(k).to_string();
    match &p.kind {
        PopupKind::Account { editing, form } => {
            let title = if editing.is_some() {
                t("form.edit_account")
            } else {
                t("form.add_account")
            };
            form::render(app, form, &title, f);
        }
        PopupKind::Contact { form, .. } => form::render(app, form, &t("form.contacts"), f),
        PopupKind::Log(l) => {
            let name = app.account_name(l.account_id);
            let key = if l.editing.is_some() {
                "form.edit_conversation"
            } else {
                "form.log"
            };
            let title = l
                .title
                .clone()
                .unwrap_or_else(|| app.i18n.f(key, &[("name", &shown(&name))]));
            form::render(app, &l.form, &title, f);
        }
        PopupKind::Order {
            account_id,
            editing,
            form,
        } => {
            let name = app.account_name(*account_id);
            let title = match editing {
                Some(id) => app.i18n.f(
                    "ordertui.edit_title",
                    &[("id", &id.to_string()), ("name", &shown(&name))],
                ),
                None => app.i18n.f("form.order", &[("name", &shown(&name))]),
            };
            form::render(app, form, &title, f);
        }
        PopupKind::VoidOrder { order_id, form } => form::render(
            app,
            form,
            &app.i18n
                .f("ordertui.void_title", &[("id", &order_id.to_string())]),
            f,
        ),
        PopupKind::OrderView { order, scroll } => order::render(app, order, *scroll, f),
        PopupKind::Retract { form, .. } => form::render(app, form, &t("form.retract"), f),
        PopupKind::Import { form } => form::render(app, form, &t("form.import"), f),
        PopupKind::ImportPreview {
            lines, can_commit, ..
        } => {
            let screen = f.area();
            let h = (lines.len() as u16 + 4).min(screen.height);
            let area = frame_box(f, screen.width.saturating_sub(4).min(90), h);
            let mut body: Vec<Line> = lines
                .iter()
                .map(|l| Line::from(shown(l).into_owned()))
                .collect();
            let keys = if *can_commit {
                vec![
                    Span::styled("y", theme::key()),
                    Span::raw(format!(" {}   ", t("import.commit"))),
                    Span::styled("n", theme::key()),
                    Span::raw(format!(" {}", t("key.cancel"))),
                ]
            } else {
                vec![
                    Span::styled("Esc", theme::key()),
                    Span::raw(format!(" {}", t("key.close"))),
                ]
            };
            body.push(Line::from(keys));
            let block = Block::bordered().title(Span::styled(
                format!(" {} ", t("import.preview")),
                theme::title(),
            ));
            f.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }).block(block),
                area,
            );
        }
        PopupKind::ApplyPlan { account_id, form } => {
            let name = app.account_name(*account_id);
            form::render(
                app,
                form,
                &app.i18n.f("form.apply_plan", &[("name", &shown(&name))]),
                f,
            );
        }
        PopupKind::FollowUp { account_id, form } => {
            let name = app.account_name(*account_id);
            form::render(
                app,
                form,
                &app.i18n.f("form.follow_up", &[("name", &shown(&name))]),
                f,
            );
        }
        PopupKind::Snooze { form, title, .. } | PopupKind::CancelFollowUp { form, title, .. } => {
            form::render(app, form, title, f)
        }
        PopupKind::Conversation {
            conversation,
            show_revisions,
            scroll,
        } => conversation::render(app, conversation, *show_revisions, *scroll, f),
        PopupKind::Confirm { question, .. } => {
            let area = frame_box(f, 60, 6);
            let lines = vec![
                Line::from(shown(question).into_owned()),
                Line::from(""),
                Line::from(vec![
                    Span::styled("y", theme::key()),
                    Span::raw(format!(" {}   ", t("key.yes"))),
                    Span::styled("n", theme::key()),
                    Span::raw(format!(" {}", t("key.no"))),
                ]),
            ];
            let block = Block::bordered().title(t("confirm.title"));
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(block),
                area,
            );
        }
    }
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
