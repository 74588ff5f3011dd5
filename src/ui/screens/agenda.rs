//! The Agenda screen: open follow-ups under day headings (overdue ones
//! first, under their own), then what was done today.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{AgendaRow, App};
use crate::domain::agenda::{DoneKind, AGENDA_DAYS};
use crate::domain::text::{pad_right, shown, truncate};
use crate::domain::zone::Zone;
use crate::ui::theme;

/// Draw the counts, then the rows from the scroll offset down.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let st = &app.agenda;
    let w = area.width as usize;
    let done = st
        .list
        .items
        .iter()
        .filter(|r| matches!(r, AgendaRow::Done(_)))
        .count();
    let counts = app.i18n.f(
        "agenda11.counts",
        &[
            ("days", &AGENDA_DAYS.to_string()),
            ("open", &st.open.to_string()),
            ("overdue", &st.overdue.to_string()),
            ("done", &done.to_string()),
        ],
    );
    let mut lines = vec![Line::from(Span::styled(
        truncate(&counts, w),
        theme::title(),
    ))];
    if st.list.items.is_empty() {
        lines.push(Line::from(""));
        let empty = app
            .i18n
            .f("agenda11.empty", &[("days", &AGENDA_DAYS.to_string())]);
        for l in crate::domain::text::wrap(&empty, w) {
            lines.push(Line::from(l));
        }
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    // Columns: when (a time, or the due day when overdue), what, account,
    // note. The account gets the room first: it is what the eye looks for.
    let today = app.today();
    // Wide enough for the oldest overdue day (with its year when it is
    // not this year's) and for a time.
    let when_w = st
        .list
        .items
        .iter()
        .filter_map(|r| match r {
            AgendaRow::FollowUp(fu) if fu.due_on < today => Some(fu.due_on),
            _ => None,
        })
        .map(|d| crate::domain::text::width(&super::short_date(app, d)))
        .max()
        .unwrap_or(0)
        .clamp(5, 16);
    let what_w = if w >= 70 { 10 } else { 6 };
    let rest = w.saturating_sub(2 + when_w + what_w + 3);
    let name_w = (rest / 2).clamp(8.min(rest), 28);
    let note_w = rest.saturating_sub(name_w);
    let height = area.height.saturating_sub(1) as usize;
    let offset = super::scrolled(st.list.offset, st.list.selected, height);
    for (i, row) in st.list.items.iter().enumerate().skip(offset).take(height) {
        let (text, style) = match row {
            AgendaRow::OverdueHeading => (app.i18n.t("agenda11.overdue"), theme::error()),
            AgendaRow::DoneHeading => (app.i18n.t("agenda11.done_today"), theme::title()),
            AgendaRow::DayHeading(d) => {
                let mut s = super::short_date(app, *d);
                let near = match (*d - today).num_days() {
                    0 => Some("agenda11.today"),
                    1 => Some("agenda11.tomorrow"),
                    _ => None,
                };
                if let Some(k) = near {
                    s.push_str(&format!(" · {}", app.i18n.t(k)));
                }
                (s, theme::title())
            }
            AgendaRow::FollowUp(fu) => {
                let when = match fu.due_time {
                    _ if fu.due_on < today => super::short_date(app, fu.due_on),
                    Some(t) => t.format("%H:%M").to_string(),
                    None => String::new(),
                };
                let mut note = String::new();
                if let Some(c) = &fu.contact_name {
                    note.push_str(&format!("{} · ", shown(c)));
                }
                note.push_str(&shown(&fu.note));
                let cols = columns(
                    [&when, &app.i18n.t(&format!("conv.{}", fu.kind))],
                    &fu.account_name,
                    &note,
                    [when_w, what_w, name_w, note_w],
                );
                let style = if fu.due_on < today {
                    theme::error()
                } else {
                    Style::new()
                };
                (cols, style)
            }
            AgendaRow::Done(d) => {
                let when = app
                    .clock
                    .zone()
                    .local_time(d.at)
                    .format("%H:%M")
                    .to_string();
                let what = match d.what {
                    DoneKind::Completed => "agenda11.completed",
                    DoneKind::Cancelled => "agenda11.cancelled",
                    DoneKind::Logged => "agenda11.logged",
                };
                let cols = columns(
                    [&when, &app.i18n.t(what)],
                    &d.account_name,
                    &shown(&d.text),
                    [when_w, what_w, name_w, note_w],
                );
                (cols, theme::dim())
            }
        };
        let text = if row.selectable() {
            format!("  {text}")
        } else {
            truncate(&text, w)
        };
        let mut line = Line::from(Span::styled(text, style));
        if i == st.list.selected && row.selectable() {
            line = line.patch_style(theme::selected());
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// One row's columns, each cut and padded to its width.
fn columns(lead: [&str; 2], name: &str, note: &str, widths: [usize; 4]) -> String {
    format!(
        "{} {} {} {}",
        pad_right(&truncate(lead[0], widths[0]), widths[0]),
        pad_right(&truncate(lead[1], widths[1]), widths[1]),
        pad_right(&shown(name), widths[2]),
        pad_right(note, widths[3]),
    )
}
