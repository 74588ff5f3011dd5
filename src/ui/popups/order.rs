//! One order in full: amount, date, note, the void mark, every earlier
//! version with when it was changed, and every void and restoration.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::App;
use crate::domain::model::Order;
use crate::domain::money::format_money;
use crate::domain::text::{shown, wrap};
use crate::ui::screens::local_time;
use crate::ui::theme;

/// Draw the viewer.
pub fn render(app: &App, o: &Order, scroll: u16, f: &mut Frame) {
    let area = super::viewer_box(app, f);
    let t = |k: &str| app.i18n.t(k).to_string();
    let ja = app.i18n.ja();
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let mut lines: Vec<Line> = vec![
        Line::from(Span::styled(
            format!(
                "{}  {}",
                local_time(app, o.ordered_at),
                shown(&app.account_name(o.account_id))
            ),
            theme::dim(),
        )),
        Line::from(Span::styled(
            format_money(o.amount, app.store.currency(), ja),
            theme::title(),
        )),
    ];
    for l in wrap(&shown(&o.note), inner_w) {
        lines.push(Line::from(l));
    }
    if let Some(v) = &o.voided {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            app.i18n.f(
                "ordertui.voided_at",
                &[
                    ("at", &local_time(app, v.at)),
                    ("reason", &shown(&v.reason)),
                ],
            ),
            theme::error(),
        )));
    }
    // Every void and restoration, once there is more than the line above.
    if o.retractions.len() > usize::from(o.voided.is_some()) {
        if o.voided.is_none() {
            lines.push(Line::from(""));
        }
        lines.extend(super::conversation::mark_lines(app, &o.retractions));
    }
    if o.edited() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            app.i18n
                .f("ordertui.earlier", &[("n", &o.revisions.len().to_string())]),
            theme::warn(),
        )));
        for (i, v) in o.revisions.iter().enumerate().rev() {
            lines.push(Line::from(Span::styled(
                app.i18n.f(
                    "ordertui.version",
                    &[
                        ("n", &(i + 1).to_string()),
                        ("at", &local_time(app, v.at)),
                        ("changed", &local_time(app, v.replaced_at)),
                    ],
                ),
                theme::label(),
            )));
            let text = format!(
                "  {}  {}  {}",
                local_time(app, v.ordered_at),
                format_money(v.amount, app.store.currency(), ja),
                shown(&v.note)
            );
            for l in wrap(&text, inner_w) {
                lines.push(Line::from(l));
            }
        }
    }
    let mut title = format!(" {} #{} ", t("ordertui.title"), o.id);
    if o.voided.is_some() {
        title.push_str(&format!("· {} ", t("record_history.voided")));
    }
    let block = Block::bordered().title(Span::styled(title, theme::title()));
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
