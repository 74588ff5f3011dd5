//! The Reports screen: the model line, then one section at a time
//! (segments, funnel, cohort heat map, revenue by month, valuable
//! customers slipping away), switched with Tab / `[` `]`.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{App, Insight, Section};
use crate::domain::insight::bgnbd::FitError;
use crate::domain::money::format_money;
use crate::domain::text::{pad_right, shown, truncate};
use crate::i18n::I18n;
use crate::ui::theme;
use crate::ui::widgets::bars::{bar, heat, split_bar};

/// Width of one heat-map cell: a space and up to three digits.
const CELL: usize = 4;

/// One fit error in the operator's language, as a line.
pub fn fit_error_text(i18n: &I18n, e: &FitError) -> String {
    crate::messages::fit_error(i18n, e, crate::messages::Detail::Short)
}

/// The model in one line: its parameters, or why there is none.
pub fn model_line(i18n: &I18n, insight: &Insight) -> String {
    let Some(f) = &insight.fits else {
        return format!("{}: {}", i18n.t("insight.model"), i18n.t("insight.fitting"));
    };
    let purchases = match &f.bgnbd {
        Ok(b) => format!("r {:.3} α {:.3} a {:.3} b {:.3}", b.r, b.alpha, b.a, b.b),
        Err(e) => return format!("{}: {}", i18n.t("insight.model"), fit_error_text(i18n, e)),
    };
    let spend = match &f.gamma_gamma {
        // v is in the currency's major unit: yen run to six figures.
        Ok(g) if g.v >= 1000.0 => format!("p {:.2} q {:.2} v {:.0}", g.p, g.q, g.v),
        Ok(g) => format!("p {:.2} q {:.2} v {:.2}", g.p, g.q, g.v),
        Err(e) => fit_error_text(i18n, e),
    };
    format!("{}: {purchases} · {spend}", i18n.t("insight.model"))
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Draw the screen.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let t = |k: &str| app.i18n.t(k);
    let st = &app.insight;
    let Some(ins) = &st.current else {
        let lines = vec![
            Line::from(Span::styled(t("insight.title_plain"), theme::title())),
            Line::from(Span::styled(t("insight.computing"), theme::dim())),
        ];
        f.render_widget(Paragraph::new(lines), area);
        return;
    };
    let as_of = app.date_format().long(ins.as_of);
    let mut title = app.i18n.f(
        "insight.title",
        &[
            ("date", &as_of),
            ("customers", &ins.customers.to_string()),
            ("repeat", &ins.repeat_customers.to_string()),
        ],
    );
    if st.computing {
        title.push_str(&format!("  {}", t("insight.updating")));
    }
    let mut lines = vec![
        Line::from(Span::styled(truncate(&title, w), theme::title())),
        Line::from(Span::raw(truncate(&model_line(&app.i18n, ins), w))),
    ];
    let mut tabs = Vec::new();
    for s in Section::ALL {
        let name = t(s.key());
        if s == st.section {
            tabs.push(Span::styled(format!("[{name}]"), theme::selected()));
        } else {
            tabs.push(Span::styled(format!(" {name} "), theme::dim()));
        }
    }
    lines.push(Line::from(tabs));
    let rows = (area.height as usize).saturating_sub(lines.len() + 1);
    let body = match st.section {
        Section::Segments => {
            let mut v = segments(app, ins, w, rows);
            // A tall terminal has room for the funnel under the segments.
            if rows >= v.len() + 9 {
                v.push(Line::from(""));
                v.extend(funnel(app, ins, w));
            }
            v
        }
        Section::Funnel => funnel(app, ins, w),
        Section::Cohorts => cohorts(app, ins, w, rows),
        Section::Revenue => revenue(app, ins, w, rows),
        Section::Forecast => forecast(app, ins, w, rows),
        Section::Top => top(app, w, rows),
    };
    lines.extend(body);
    f.render_widget(Paragraph::new(lines), area);
}

/// The weighted deal forecast: per month of expected close, the open
/// value, a bar of the weighted value, and what was won that month.
fn forecast(app: &App, ins: &Insight, w: usize, rows: usize) -> Vec<Line<'static>> {
    let money = |a: i64| format_money(a, app.store.currency(), app.i18n.ja());
    let mut out = vec![header(app.i18n.t("pipeline12.forecast_help"), w)];
    if ins.forecast.is_empty() {
        out.push(header(app.i18n.t("deals12.no_forecast"), w));
        return out;
    }
    let width = crate::domain::text::width;
    let labels = [
        app.i18n.t("deals12.col_month"),
        app.i18n.t("deals12.col_open_value"),
        app.i18n.t("deals12.col_weighted"),
        app.i18n.t("deals12.col_won_value"),
    ];
    // Each column as wide as its label or its widest figure.
    let col = |label: &str, of: &dyn Fn(&crate::domain::deals::ForecastMonth) -> i64| {
        ins.forecast
            .iter()
            .map(|m| width(&money(of(m))))
            .max()
            .unwrap_or(1)
            .max(width(label))
    };
    let month_w = width(&labels[0]).max(7);
    let open_w = col(&labels[1], &|m| m.open_value);
    let weighted_w = col(&labels[2], &|m| m.weighted_value);
    let won_w = col(&labels[3], &|m| m.won_value);
    let max = ins
        .forecast
        .iter()
        .map(|m| m.weighted_value)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let bar_w = w
        .saturating_sub(month_w + open_w + weighted_w + won_w + 6)
        .min(30);
    let right = |s: &str, n: usize| format!("{}{s}", " ".repeat(n.saturating_sub(width(s))));
    let left = |s: &str, n: usize| format!("{s}{}", " ".repeat(n.saturating_sub(width(s))));
    out.push(header(
        format!(
            "{} {} {}  {} {}",
            left(&labels[0], month_w),
            right(&labels[1], open_w),
            right(&labels[2], weighted_w),
            " ".repeat(bar_w),
            right(&labels[3], won_w),
        ),
        w,
    ));
    for m in ins
        .forecast
        .iter()
        .skip(app.insight.selected)
        .take(rows.saturating_sub(1))
    {
        let filled = (((m.weighted_value as f64 / max) * bar_w as f64).round() as usize).min(bar_w);
        out.push(Line::from(vec![
            Span::raw(format!(
                "{} {} {}  ",
                left(&m.month, month_w),
                right(&money(m.open_value), open_w),
                right(&money(m.weighted_value), weighted_w)
            )),
            Span::styled("█".repeat(filled), theme::ok()),
            Span::raw(format!(
                "{} {}",
                " ".repeat(bar_w - filled),
                right(&money(m.won_value), won_w)
            )),
        ]));
    }
    out
}

fn header(text: String, w: usize) -> Line<'static> {
    Line::from(Span::styled(truncate(&text, w), theme::dim()))
}

fn segments(app: &App, ins: &Insight, w: usize, rows: usize) -> Vec<Line<'static>> {
    let t = |k: &str| app.i18n.t(k);
    let (name_w, n_w, pct_w) = (20, 7, 7);
    let bar_w = w.saturating_sub(name_w + n_w + pct_w + 4).min(40);
    let mut out = vec![header(
        format!(
            "{} {:>n_w$} {} {:>pct_w$}",
            pad_right(&t("insight.segment"), name_w),
            t("insight.customers"),
            pad_right(&t("insight.revenue_share"), bar_w),
            ""
        ),
        w,
    )];
    let total = ins.total_revenue.max(1) as f64;
    for s in ins.segments.iter().skip(app.insight.selected).take(rows) {
        let share = s.revenue as f64 / total;
        let name = t(&format!("report.segment_{}", s.segment.as_str()));
        out.push(Line::from(truncate(
            &format!(
                "{} {:>n_w$} {} {:>pct_w$}",
                pad_right(&name, name_w),
                s.customers,
                bar(share, bar_w),
                percent(share)
            ),
            w,
        )));
    }
    out
}

fn funnel(app: &App, ins: &Insight, w: usize) -> Vec<Line<'static>> {
    let t = |k: &str| app.i18n.t(k);
    let c = &ins.funnel;
    let bar_w = w.saturating_sub(12 + 8 + 22 + 3).min(40);
    let base = c.new.max(1) as f64;
    let stage = |name: String, n: u64, rate: String| {
        Line::from(truncate(
            &format!(
                "{} {:>8} {} {rate}",
                pad_right(&name, 12),
                n,
                bar(n as f64 / base, bar_w)
            ),
            w,
        ))
    };
    let rate = |r: Option<f64>, key: &str| {
        r.map_or_else(String::new, |r| format!("{} {}", t(key), percent(r)))
    };
    let loyal_name = app.i18n.f(
        "insight.loyal_days",
        &[("n", &app.config.loyal_purchase_days.to_string())],
    );
    let median = c
        .median_days_to_second
        .map_or_else(|| "-".to_string(), |d| format!("{d:.0}"));
    vec![
        header(t("insight.funnel_help"), w),
        stage(t("report.new"), c.new, String::new()),
        stage(
            t("report.repeat"),
            c.repeat,
            rate(c.repeat_rate, "report.repeat_rate"),
        ),
        stage(
            t("report.loyal"),
            c.loyal,
            rate(c.loyal_rate, "report.loyal_rate"),
        ),
        Line::from(Span::styled(truncate(&loyal_name, w), theme::dim())),
        Line::from(""),
        Line::from(truncate(
            &app.i18n.f("insight.median_to_second", &[("days", &median)]),
            w,
        )),
    ]
}

fn cohorts(app: &App, ins: &Insight, w: usize, rows: usize) -> Vec<Line<'static>> {
    let t = |k: &str| app.i18n.t(k);
    let lead = 8 + 6;
    let cols = w.saturating_sub(lead) / CELL;
    let mut head = format!(
        "{}{}",
        pad_right(&t("insight.first_month"), 8),
        pad_right(&t("insight.cohort_size"), 6)
    );
    for k in 0..cols {
        head.push_str(&format!("{k:>CELL$}"));
    }
    let mut out = vec![header(t("insight.cohort_help"), w), header(head, w)];
    // Newest first: the months the owner acts on come first.
    for c in ins
        .cohorts
        .iter()
        .rev()
        .skip(app.insight.selected)
        .take(rows.saturating_sub(1))
    {
        let mut spans = vec![Span::raw(format!(
            "{:<8}{:>5} ",
            c.month.to_string(),
            c.size
        ))];
        for &r in c.retention.iter().take(cols) {
            let pct = (r * 100.0).round() as i64;
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("{pct:>3}"), heat(r)));
        }
        out.push(Line::from(spans));
    }
    out
}

fn revenue(app: &App, ins: &Insight, w: usize, rows: usize) -> Vec<Line<'static>> {
    let t = |k: &str| app.i18n.t(k);
    let money = |a: i64| format_money(a, app.store.currency(), app.i18n.ja());
    let amount_w = ins
        .revenue
        .iter()
        .map(|r| crate::domain::text::width(&money(r.total)))
        .max()
        .unwrap_or(1)
        .max(6);
    let bar_w = w.saturating_sub(8 + amount_w + 8 + 3).min(40);
    let max = ins
        .revenue
        .iter()
        .map(|r| r.total)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut out = vec![header(t("insight.revenue_help"), w)];
    for r in ins
        .revenue
        .iter()
        .rev()
        .skip(app.insight.selected)
        .take(rows)
    {
        let (new, back, rest) = split_bar(r.new as f64 / max, r.returning as f64 / max, bar_w);
        let share = r.returning_share.map_or_else(|| "-".into(), percent);
        let amount = money(r.total);
        let pad = amount_w.saturating_sub(crate::domain::text::width(&amount));
        out.push(Line::from(vec![
            Span::raw(format!(
                "{:<8}{}{amount} ",
                r.month.to_string(),
                " ".repeat(pad)
            )),
            Span::styled(new, theme::warn()),
            Span::styled(back, theme::ok()),
            Span::raw(format!("{rest} {share:>6}")),
        ]));
    }
    out
}

fn top(app: &App, w: usize, rows: usize) -> Vec<Line<'static>> {
    let t = |k: &str| app.i18n.t(k);
    let st = &app.insight;
    if st.top.is_empty() {
        let why = if st.fitted() {
            "insight.top_empty"
        } else {
            "insight.top_needs_model"
        };
        return vec![Line::from(truncate(&t(why), w))];
    }
    let (value_w, p_w, silent_w) = (14, 9, 10);
    let name_w = w.saturating_sub(value_w + p_w + silent_w + 3);
    let cols = |name: &str, value: &str, p: &str, silent: &str| {
        format!(
            "{} {:>value_w$} {:>p_w$} {:>silent_w$}",
            pad_right(name, name_w),
            value,
            p,
            silent
        )
    };
    let mut out = vec![
        header(t("insight.top_help"), w),
        header(
            cols(
                &t("quiet.col_account"),
                &t("insight.col_value"),
                &t("insight.col_active"),
                &t("quiet.col_silent"),
            ),
            w,
        ),
    ];
    let height = rows.saturating_sub(1);
    // The app keeps the selection in view for a page's height; a screen
    // of another height only adjusts what it draws, never the state.
    let offset = crate::app::in_view(st.offset, st.selected, height);
    for (i, c) in st.top.iter().enumerate().skip(offset).take(height) {
        let value = format_money(c.clv.round() as i64, app.store.currency(), app.i18n.ja());
        let p = c.p_alive.map_or_else(|| "-".into(), percent);
        let silent = format!(
            "{}/{:.0}{}",
            c.days_silent,
            c.expected_interval_days,
            t("unit.days_short")
        );
        let text = cols(&truncate(&shown(&c.name), name_w), &value, &p, &silent);
        let mut line = Line::from(truncate(&text, w));
        if i == st.selected {
            line = line.style(theme::selected());
        }
        out.push(line);
    }
    out
}
