//! The Quiet screen: customers silent for longer than their own rhythm.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{problem_text, App};
use crate::domain::interval::IntervalSource;
use crate::domain::money::format_money;
use crate::domain::text::{pad_right, shown, truncate, width};
use crate::ui::theme;

/// Draw the ranked list.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let st = &app.quiet;
    let w = area.width as usize;
    let t = |k: &str| app.i18n.t(k);
    let order = app.i18n.f(
        "insight.order",
        &[("order", &t(app.insight.quiet_sort().key()))],
    );
    // What is typed in the filter stays visible first, then the order,
    // however long the title is; the title takes what is left.
    let filtered = st.filtering || !st.filter.value().is_empty();
    let typed = shown(st.filter.value()).into_owned();
    let filter_w = if filtered { width(&typed) + 3 } else { 0 };
    let order = format!("  {order}");
    let order_w = match w >= filter_w + width(&order) + 8 {
        true => width(&order),
        false => 0,
    };
    let title = app
        .i18n
        .f("quiet.title", &[("n", &st.list.len().to_string())]);
    let title = truncate(&title, w.saturating_sub(order_w + filter_w));
    let filter_at = width(&title) + order_w + 3;
    let mut head = vec![Span::styled(title, theme::title())];
    if order_w > 0 {
        head.push(Span::styled(order, theme::dim()));
    }
    if filtered {
        head.push(Span::styled("  /", theme::key()));
        head.push(Span::raw(typed.clone()));
    }
    let mut lines = vec![Line::from(head)];
    if st.filtering {
        // The terminal cursor sits in the filter text, for input methods.
        let x = (filter_at + width(&typed)).min(w.saturating_sub(1)) as u16;
        f.set_cursor_position((area.x + x, area.y));
    }
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
    if st.list.is_empty() {
        // Filtered to nothing: a mistake in the line says what is wrong.
        let said = match st.filter.query() {
            Err(p) => Span::styled(truncate(&problem_text(&app.i18n, p), w), theme::error()),
            Ok(_) => Span::styled(t("list.no_match"), theme::dim()),
        };
        lines.push(Line::from(said));
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    // name | last touch (what) | silent/usual | ratio | P | value | last
    // order | plan and why. Narrow terminals keep the name and the numbers
    // that rank it; P and value, all `-` until the customer model is
    // fitted, give their room to the plan and the reason until then.
    let wide = w >= 70;
    let model = app.insight.fitted();
    // The last order's amount needs a wider terminal than 80 columns.
    let order_w = if w >= 100 { 10 } else { 0 };
    // Eleven columns hold up to 9,999,999円 (a B2B customer worth over a
    // million yen is common).
    let (p_w, value_w) = if model { (4, 11) } else { (0, 0) };
    let next_w = match (wide, model) {
        (false, _) => 0,
        (true, false) => 28,
        (true, true) if w >= 100 => 24,
        (true, true) => 14,
    };
    let gaps = if wide { 5 } else { 3 } + if model { 2 } else { 0 };
    let fixed = 10 + 6 + p_w + value_w + order_w + next_w + gaps;
    let name_w = if wide {
        (w.saturating_sub(fixed)) / 2
    } else {
        w.saturating_sub(fixed)
    };
    let what_w = if wide {
        w.saturating_sub(fixed + name_w)
    } else {
        0
    };
    let cols = |c: [&str; 8]| {
        let [name, what, silent, ratio, p, value, order, next] = c;
        let mut out = vec![pad_right(name, name_w)];
        if wide {
            out.push(pad_right(what, what_w));
        }
        out.push(pad_right(silent, 10));
        out.push(pad_right(ratio, 6));
        if model {
            out.push(pad_left(p, p_w));
            out.push(pad_left(value, value_w));
        }
        if wide {
            out.push(pad_right(order, order_w));
            out.push(pad_right(next, next_w));
        }
        out.join(" ")
    };
    let header = cols([
        &t("quiet.col_account"),
        &t("quiet.col_last"),
        &t("quiet.col_silent"),
        &t("quiet.col_ratio"),
        "P",
        &t("insight.col_value"),
        &t("quiet.col_order"),
        &t("quiet.col_next"),
    ]);
    lines.push(Line::from(Span::styled(truncate(&header, w), theme::dim())));
    // A default rhythm is a guess, not the customer's own: marked, and
    // the mark explained on the last line.
    let any_default = st
        .list
        .items
        .iter()
        .any(|q| q.interval_source == IntervalSource::Default);
    let height = area.height.saturating_sub(2 + u16::from(any_default)) as usize;
    let offset = super::scrolled(st.list.offset, st.list.selected, height);
    for (i, q) in st.list.visible().enumerate().skip(offset).take(height) {
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
            shown(q.last_touch_summary.as_deref().unwrap_or(""))
        );
        let silent = super::silent_of_usual(app, q);
        // The plan and why they stopped, side by side.
        let next = [
            q.next_follow_up_on.map(|d| {
                let date = super::short_date(app, d);
                match d < app.today() {
                    true => format!("→{}", app.i18n.f("fixes11.plan_late", &[("date", &date)])),
                    false => format!("→{date}"),
                }
            }),
            q.lapse_reason.map(|r| t(&format!("lapse.{r}"))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let order = q
            .last_order_amount
            .map(|a| format_money(a, app.store.currency(), app.i18n.ja()))
            .unwrap_or_default();
        let value = app.insight.value_of(q.account_id);
        let p = value
            .and_then(|v| v.p_alive)
            .map_or_else(|| "-".into(), |p| format!("{:.0}%", p * 100.0));
        let clv = value.and_then(|v| v.clv).map_or_else(
            || "-".into(),
            |v| format_money(v.round() as i64, app.store.currency(), app.i18n.ja()),
        );
        let text = cols([
            &shown(&q.name),
            &what,
            &silent,
            &format!("×{:.1}", q.overdue_ratio),
            &p,
            &clv,
            &order,
            &next,
        ]);
        let mut line = Line::from(Span::raw(truncate(&text, w)));
        if i == st.list.selected {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
    if any_default && area.height > 2 {
        let legend = app.i18n.f(
            "fixes11.default_legend",
            &[("days", &app.config.default_interval_days.to_string())],
        );
        let at = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        f.render_widget(
            Paragraph::new(Span::styled(truncate(&legend, w), theme::dim())),
            at,
        );
    }
}

/// `s` right-aligned in `w` columns (display width).
fn pad_left(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    format!("{}{s}", " ".repeat(w.saturating_sub(width(&s))))
}
