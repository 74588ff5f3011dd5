//! One conversation in full, with its revisions on demand.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::domain::model::{Conversation, Mark, MarkAction};
use crate::domain::text::{shown, shown_multiline, wrap};
use crate::ui::screens::local_time;
use crate::ui::theme;

/// One line per retract / void / restore, oldest first, with its time and
/// reason.
pub fn mark_lines(app: &App, marks: &[Mark]) -> Vec<Line<'static>> {
    marks
        .iter()
        .map(|m| {
            let key = format!("record_history.mark_{}", m.action);
            let text = app.i18n.f(
                &key,
                &[
                    ("at", &local_time(app, m.at)),
                    ("reason", &shown(&m.reason)),
                ],
            );
            let style = match m.action {
                MarkAction::Restore => theme::dim(),
                _ => theme::error(),
            };
            Line::from(Span::styled(text, style))
        })
        .collect()
}

/// Draw the viewer.
pub fn render(app: &App, c: &Conversation, show_revisions: bool, scroll: u16, f: &mut Frame) {
    let area = super::viewer_box(app, f);
    let t = |k: &str| app.i18n.t(k).to_string();
    let inner_w = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut meta = format!(
        "{}  {}",
        local_time(app, c.happened_at),
        crate::ui::screens::kind_and_direction(app, c.kind, c.direction),
    );
    if let Some(n) = &c.contact_name {
        meta.push_str(&format!("  {}", shown(n)));
    }
    lines.push(Line::from(Span::styled(meta, theme::dim())));
    lines.push(Line::from(Span::styled(
        app.i18n.f(
            "conversation.logged",
            &[("at", &local_time(app, c.logged_at))],
        ),
        theme::dim(),
    )));
    if let Some(r) = &c.retracted {
        lines.push(Line::from(Span::styled(
            app.i18n.f(
                "conversation.retracted",
                &[
                    ("at", &local_time(app, r.at)),
                    ("reason", &shown(&r.reason)),
                ],
            ),
            theme::error(),
        )));
    }
    // Every retraction and restoration, once there is more than the one
    // line above says.
    if !(c.retractions.len() == 1 && c.retracted.is_some()) {
        lines.extend(mark_lines(app, &c.retractions));
    }
    if c.edited() {
        lines.push(Line::from(Span::styled(
            app.i18n
                .f("history.edited_n", &[("n", &c.revisions.len().to_string())]),
            theme::warn(),
        )));
    }
    lines.push(Line::from(""));
    let texts: Vec<(usize, &crate::domain::model::Revision)> = if show_revisions {
        c.revisions.iter().enumerate().rev().collect()
    } else {
        c.current()
            .map(|r| vec![(c.revisions.len() - 1, r)])
            .unwrap_or_default()
    };
    for (i, rev) in texts {
        if show_revisions {
            let label = app.i18n.f(
                "conversation.revision",
                &[
                    ("n", &(i + 1).to_string()),
                    ("at", &local_time(app, rev.at)),
                ],
            );
            lines.push(Line::from(Span::styled(label, theme::label())));
        }
        lines.push(Line::from(Span::styled(
            shown(&rev.summary).into_owned(),
            theme::title(),
        )));
        for l in wrap(&shown_multiline(&rev.body), inner_w.max(1)) {
            lines.push(Line::from(l));
        }
        if let Some(o) = &rev.outcome {
            lines.push(Line::from(Span::styled(
                format!("{}: {}", t("field.outcome"), shown(o)),
                theme::dim(),
            )));
        }
        lines.push(Line::from(""));
    }
    let mut title = format!(" {} #{} ", t("conversation.title"), c.id);
    if show_revisions {
        title.push_str(&format!("· {} ", t("conversation.all_revisions")));
    }
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
