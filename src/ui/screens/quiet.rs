//! The Quiet screen: customers silent for longer than their own rhythm.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::App;
use crate::domain::money::format_money;
use crate::domain::text::{pad_right, sanitize, truncate};
use crate::ui::theme;

/// Draw the ranked list.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let st = &app.quiet;
    let w = area.width as usize;
    let t = |k: &str| app.i18n.t(k);
    let title = app
        .i18n
        .f("quiet.title", &[("n", &st.list.items.len().to_string())]);
    let mut lines = vec![Line::from(Span::styled(
        truncate(&title, w),
        theme::title(),
    ))];
    if st.list.items.is_empty() && app.is_loading() {
        lines.push(Line::from(Span::styled(t("list.loading"), theme::dim())));
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    if st.list.items.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(t("quiet.empty")));
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    // name | last touch (what) | silent/usual | ratio | last order | plan/why.
    // Narrow terminals keep the name and the numbers that rank it.
    let wide = w >= 70;
    let (order_w, next_w) = if wide { (10, 14) } else { (0, 0) };
    let fixed = 10 + 6 + order_w + next_w + if wide { 5 } else { 3 };
    let name_w = if wide {
        (w.saturating_sub(fixed)) * 2 / 5
    } else {
        w.saturating_sub(fixed)
    };
    let what_w = if wide {
        w.saturating_sub(fixed + name_w)
    } else {
        0
    };
    let cols = |name: &str, what: &str, silent: &str, ratio: &str, order: &str, next: &str| {
        if wide {
            format!(
                "{} {} {} {} {} {}",
                pad_right(name, name_w),
                pad_right(what, what_w),
                pad_right(silent, 10),
                pad_right(ratio, 6),
                pad_right(order, order_w),
                pad_right(next, next_w),
            )
        } else {
            format!(
                "{} {} {}",
                pad_right(name, name_w),
                pad_right(silent, 10),
                pad_right(ratio, 6)
            )
        }
    };
    let header = cols(
        &t("quiet.col_account"),
        &t("quiet.col_last"),
        &t("quiet.col_silent"),
        &t("quiet.col_ratio"),
        &t("quiet.col_order"),
        &t("quiet.col_next"),
    );
    lines.push(Line::from(Span::styled(truncate(&header, w), theme::dim())));
    let height = area.height.saturating_sub(2) as usize;
    let offset = super::scrolled(&st.list.offset, st.list.selected, height);
    for (i, q) in st.list.items.iter().enumerate().skip(offset).take(height) {
        let kind = q
            .last_touch_kind
            .as_deref()
            .map(|k| {
                if k == "order" {
                    t("history.order")
                } else {
                    t(&format!("conv.{k}"))
                }
            })
            .unwrap_or_default();
        let what = format!(
            "{} {} {}",
            super::ago(app, Some(q.last_touch_at)),
            kind,
            sanitize(q.last_touch_summary.as_deref().unwrap_or(""))
        );
        let silent = format!(
            "{}/{:.0}{}",
            q.days_silent,
            q.expected_interval_days,
            t("unit.days_short")
        );
        let next = match (q.next_follow_up_on, q.lapse_reason) {
            (Some(d), _) => format!("→{}", super::short_date(app, d)),
            (None, Some(r)) => t(&format!("lapse.{r}")),
            (None, None) => String::new(),
        };
        let order = q
            .last_order_amount
            .map(|a| format_money(a, app.store.currency(), app.i18n.ja()))
            .unwrap_or_default();
        let text = cols(
            &sanitize(&q.name),
            &what,
            &silent,
            &format!("×{:.1}", q.overdue_ratio),
            &order,
            &next,
        );
        let mut line = Line::from(Span::raw(truncate(&text, w)));
        if i == st.list.selected {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}
