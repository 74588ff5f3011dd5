//! The Today screen: one queue of calls to make, worked top to bottom.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::App;
use crate::domain::text::{pad_right, shown, truncate};
use crate::domain::triage::TodayItem;
use crate::ui::theme;

/// Draw the day's counts and the queue.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let st = &app.today;
    let c = st.counts;
    let w = area.width as usize;
    let counts = crate::messages::today_counts(&app.i18n, &c);
    let mut lines = vec![Line::from(Span::styled(
        truncate(&counts, w),
        theme::title(),
    ))];
    if st.list.items.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(app.i18n.t("today.empty")));
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    // Columns: account, what to do, note (with whom), how late. The
    // account name gets the room first: it is what the operator scans.
    let late_w = 15;
    let what_w = if w >= 70 { 12 } else { 8 };
    let rest = w.saturating_sub(late_w + what_w + 3);
    let name_w = (rest / 2).max(8).min(rest);
    let note_w = rest.saturating_sub(name_w);
    let header = format!(
        "{} {} {} {}",
        pad_right(&app.i18n.t("today.col_account"), name_w),
        pad_right(&app.i18n.t("today.col_what"), what_w),
        pad_right(&app.i18n.t("today.col_note"), note_w),
        pad_right(&app.i18n.t("fixes11.today_col_why"), late_w),
    );
    lines.push(Line::from(Span::styled(header, theme::dim())));
    let height = area.height.saturating_sub(2) as usize;
    let offset = super::scrolled(st.list.offset, st.list.selected, height);
    for (i, item) in st.list.items.iter().enumerate().skip(offset).take(height) {
        let (name, what, note, late, style) = match item {
            TodayItem::FollowUp {
                follow_up: fu,
                overdue_days,
            } => {
                let mut what = app.i18n.t(&format!("conv.{}", fu.kind));
                if let Some(t) = fu.due_time {
                    what.push_str(&format!(" {}", t.format("%H:%M")));
                }
                let mut note = String::new();
                if let Some(c) = &fu.contact_name {
                    note.push_str(&format!("{} · ", shown(c)));
                }
                note.push_str(&shown(&fu.note));
                let late = match overdue_days {
                    0 => app.i18n.t("today.due_today"),
                    d => app.i18n.f("today.late", &[("days", &d.to_string())]),
                };
                let style = if *overdue_days > 0 {
                    theme::error()
                } else {
                    ratatui::style::Style::new()
                };
                (fu.account_name.clone(), what, note, late, style)
            }
            TodayItem::Deal {
                deal,
                overdue_days,
                rotting_days,
            } => (
                deal.account_name.clone(),
                app.i18n.t("pipeline12.today_deal"),
                shown(&deal.title).into_owned(),
                crate::messages::deal_reason(&app.i18n, *overdue_days, *rotting_days),
                theme::warn(),
            ),
            TodayItem::Quiet(q) => (
                q.name.to_string(),
                app.i18n.t("today.contact_quiet"),
                shown(q.last_touch_summary.as_deref().unwrap_or("")).into_owned(),
                // Why it is here: silent this long of the usual, and how
                // far past it (the order of the quiet part).
                format!("{} ×{:.1}", super::silent_of_usual(app, q), q.overdue_ratio),
                theme::warn(),
            ),
        };
        let text = format!(
            "{} {} {} {}",
            pad_right(&shown(&name), name_w),
            pad_right(&what, what_w),
            pad_right(&note, note_w),
            pad_right(&late, late_w),
        );
        let mut line = Line::from(Span::styled(text, style));
        if i == st.list.selected {
            line = line.patch_style(theme::selected());
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}
