//! The won and lost deals, one line each: when it closed, won or lost,
//! rank and title, the account, the value.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::popups::ClosedDealsPopup;
use crate::app::App;
use crate::domain::deals::DealStatus;
use crate::domain::money::format_money;
use crate::domain::text::{pad_right, shown, truncate, width};
use crate::domain::zone::Zone;
use crate::ui::theme;

pub fn render(app: &App, p: &ClosedDealsPopup, f: &mut Frame) {
    let area = super::viewer_box(app, f);
    let inner = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let ja = app.i18n.ja();
    let today = app.today();
    let zone = app.clock.zone();
    // The selection stays in view: the window ends on it when it is below.
    let start = p.selected.saturating_sub(rows - 1);
    let mut lines: Vec<Line> = Vec::new();
    if p.deals.is_empty() {
        lines.push(Line::from(Span::styled(
            app.i18n.t("deal_tui12.no_closed"),
            theme::dim(),
        )));
    }
    for (i, d) in p.deals.iter().enumerate().skip(start).take(rows) {
        let closed = d
            .closed_at
            .map(|t| {
                let day = zone.local_time(t).date();
                app.date_format().short(day, today)
            })
            .unwrap_or_default();
        let status = app.i18n.t(d.status.label_key());
        let value = format_money(d.value, app.store.currency(), ja);
        let head = format!("{}  {}  ", pad_right(&closed, 10), pad_right(&status, 6));
        let tail = format!("  {value}");
        let room = inner.saturating_sub(width(&head) + width(&tail));
        let what = truncate(
            &format!(
                "{} {} · {}",
                d.rank,
                shown(&d.title),
                shown(&d.account_name)
            ),
            room,
        );
        let text = format!("{head}{}{tail}", pad_right(&what, room));
        let style = if i == p.selected {
            theme::selected()
        } else if d.status == DealStatus::Won {
            theme::ok()
        } else {
            theme::dim()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    let block = Block::bordered().title(Span::styled(
        format!(
            " {} ",
            app.i18n.f(
                "deal_tui12.closed_title",
                &[("n", &p.deals.len().to_string())]
            )
        ),
        theme::title(),
    ));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
