//! The Account screen: header, contacts, and one timeline newest first.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::App;
use crate::domain::interval::expected_interval;
use crate::domain::model::TimelineEntry;
use crate::domain::money::format_money;
use crate::domain::text::{shown, shown_multiline, truncate, wrap};
use crate::ui::theme;
use crate::ui::widgets::text_input::TextInput;

/// Body lines shown under each conversation in the timeline.
const BODY_PREVIEW_LINES: usize = 2;

/// Draw the open account.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(v) = app.account.as_ref() else {
        return;
    };
    let a = &v.account;
    let w = area.width as usize;
    let t = |k: &str| app.i18n.t(k).to_string();
    let mut head: Vec<Line> = Vec::new();
    let mut title = vec![Span::styled(
        truncate(
            &shown(&crate::domain::model::addressed(&a.name, a.honorific)),
            w / 2,
        ),
        theme::title(),
    )];
    if let Some(r) = &a.reading {
        title.push(Span::styled(format!("  {}", shown(r)), theme::dim()));
    }
    title.push(Span::raw(format!(
        "  [{}] {}",
        t(&format!("status.{}", a.status)),
        t(&format!("kind.{}", a.kind))
    )));
    if let Some(c) = &a.code {
        title.push(Span::styled(format!("  {}", shown(c)), theme::dim()));
    }
    head.push(fit_line(title, w));
    let details: Vec<String> = [a.phone.as_deref(), a.email.as_deref(), a.address.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| shown(s).into_owned())
        .collect();
    if !details.is_empty() {
        head.push(Line::from(truncate(&details.join("  ·  "), w)));
    }
    let (expected, source) = expected_interval(
        a.interval_days,
        a.learned_interval_days,
        app.config.default_interval_days,
    );
    let mut info = format!(
        "{}: {}  ·  {}: {}{} ({})",
        t("field.last_touch"),
        super::ago(app, a.last_touch_at),
        t("field.interval"),
        crate::domain::triage::interval_days_shown(expected),
        t("unit.days"),
        t(&format!("interval.{source:?}").to_lowercase()),
    );
    if !a.tags.is_empty() {
        info.push_str(&format!("  ·  {}", shown(&a.tags.join(", "))));
    }
    head.push(Line::from(Span::styled(truncate(&info, w), theme::dim())));
    if let Some(line) = insight_line(app, v) {
        head.push(Line::from(truncate(&line, w)));
    }
    if let Some(line) = deals_line(app, v) {
        head.push(Line::from(truncate(&line, w)));
    }
    if !a.note.is_empty() {
        let first = shown(a.note.lines().next().unwrap_or("")).into_owned();
        head.push(Line::from(truncate(
            &format!("{}: {first}", t("field.note")),
            w,
        )));
    }
    if let Some(next) = v.follow_ups.first() {
        let mut s = format!(
            "{}: {} {} {}",
            t("account.next_follow_up"),
            super::short_date(app, next.due_on),
            t(&format!("conv.{}", next.kind)),
            shown(&next.note)
        );
        if v.follow_ups.len() > 1 {
            s.push_str(&app.i18n.f(
                "account.more",
                &[("n", &(v.follow_ups.len() - 1).to_string())],
            ));
        }
        head.push(Line::from(Span::styled(truncate(&s, w), theme::warn())));
    }
    if let Some(r) = a.lapse_reason {
        let s = format!("{}: {}", t("field.lapse_reason"), t(&format!("lapse.{r}")));
        head.push(Line::from(Span::styled(truncate(&s, w), theme::dim())));
    }
    if !v.contacts.is_empty() {
        let people: Vec<String> = v
            .contacts
            .iter()
            .map(|c| {
                let mut s = shown(&c.name).into_owned();
                if let Some(r) = &c.role {
                    s.push_str(&format!(" ({})", shown(r)));
                }
                if let Some(p) = &c.phone {
                    s.push_str(&format!(" {}", shown(p)));
                }
                s
            })
            .collect();
        head.push(Line::from(truncate(
            &format!("{}: {}", t("field.contacts"), people.join(" / ")),
            w,
        )));
    }
    head.push(Line::from(Span::styled("─".repeat(w), theme::dim())));
    let head_h = head.len() as u16;
    f.render_widget(
        Paragraph::new(head),
        Rect {
            height: head_h.min(area.height),
            ..area
        },
    );
    let list = Rect {
        y: area.y + head_h,
        height: area.height.saturating_sub(head_h),
        ..area
    };
    render_timeline(app, f, list);
}

/// Cut a line of spans to `w` columns, with an ellipsis where it is cut.
fn fit_line(spans: Vec<Span<'static>>, w: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let sw = crate::domain::text::width(&s.content);
        if used + sw <= w {
            used += sw;
            out.push(s);
        } else {
            out.push(Span::styled(truncate(&s.content, w - used), s.style));
            break;
        }
    }
    Line::from(out)
}

/// Struck through and dimmed when retracted or voided: kept, not counted.
fn struck(yes: bool) -> ratatui::style::Style {
    let style = ratatui::style::Style::new();
    if yes {
        style
            .add_modifier(Modifier::CROSSED_OUT)
            .patch(theme::dim())
    } else {
        style
    }
}

/// The lines one timeline entry takes at `width`.
fn entry_lines(app: &App, e: &TimelineEntry, width: usize) -> Vec<Line<'static>> {
    let t = |k: &str| app.i18n.t(k).to_string();
    let when = super::local_time(app, e.at());
    match e {
        TimelineEntry::Order(o) => {
            let mut marks = String::new();
            if o.edited() {
                marks.push_str(&format!(" [{}]", t("history.edited")));
            }
            if o.voided.is_some() {
                marks.push_str(&format!(" [{}]", t("record_history.voided")));
            }
            let s = format!(
                "{when}  {}  {}  {}{marks}",
                t("history.order"),
                format_money(o.amount, app.store.currency(), app.i18n.ja()),
                shown(&o.note)
            );
            vec![Line::from(Span::styled(
                truncate(&s, width),
                struck(o.voided.is_some()),
            ))]
        }
        TimelineEntry::Conversation(c) => {
            let cur = c.current();
            let mut marks = String::new();
            if c.edited() {
                marks.push_str(&format!(" [{}]", t("history.edited")));
            }
            if c.retracted.is_some() {
                marks.push_str(&format!(" [{}]", t("history.retracted")));
            }
            let who = c
                .contact_name
                .as_deref()
                .map(|n| format!(" {}", shown(n)))
                .unwrap_or_default();
            let summary = cur
                .map(|r| shown(&r.summary).into_owned())
                .unwrap_or_default();
            let head = format!(
                "{when}  {}{who}  {summary}{marks}",
                super::kind_and_direction(app, c.kind, c.direction),
            );
            let style = struck(c.retracted.is_some());
            let mut lines = vec![Line::from(Span::styled(truncate(&head, width), style))];
            let body = cur
                .map(|r| shown_multiline(&r.body).into_owned())
                .unwrap_or_default();
            let wrapped = wrap(&body, width.saturating_sub(4).max(1));
            let n = wrapped.len();
            for (i, l) in wrapped.into_iter().take(BODY_PREVIEW_LINES).enumerate() {
                let more = i + 1 == BODY_PREVIEW_LINES && n > BODY_PREVIEW_LINES;
                let text = if more {
                    truncate(&format!("{l}…"), width.saturating_sub(4))
                } else {
                    l
                };
                lines.push(Line::from(Span::styled(
                    format!("    {text}"),
                    theme::dim(),
                )));
            }
            lines
        }
    }
}

/// The `/` line under the history: the words, and which match is shown.
fn render_find(app: &App, v: &crate::app::AccountView, f: &mut Frame, area: Rect) -> Rect {
    let Some(find) = v.find.as_ref() else {
        return area;
    };
    let line = Rect {
        y: area.y + area.height.saturating_sub(1),
        height: area.height.min(1),
        ..area
    };
    let count = match v.match_position() {
        _ if find.edit.value().trim().is_empty() => String::new(),
        Some((at, of)) => app.i18n.f(
            "find11.position",
            &[("at", &at.to_string()), ("of", &of.to_string())],
        ),
        None if find.matches.is_empty() => app.i18n.t("find11.none"),
        None => app
            .i18n
            .f("find11.count", &[("of", &find.matches.len().to_string())]),
    };
    let count_w = (crate::domain::text::width(&count) as u16 + 1).min(line.width / 2);
    f.render_widget(Span::styled("/", theme::key()), line);
    TextInput(&find.edit).render(
        f,
        Rect {
            x: line.x + 1,
            width: line.width.saturating_sub(1 + count_w),
            ..line
        },
        find.typing,
    );
    f.render_widget(
        Span::styled(count, theme::dim()),
        Rect {
            x: line.x + line.width.saturating_sub(count_w) + 1,
            width: count_w.saturating_sub(1),
            ..line
        },
    );
    Rect {
        height: area.height.saturating_sub(1),
        ..area
    }
}

fn render_timeline(app: &App, f: &mut Frame, area: Rect) {
    let Some(v) = app.account.as_ref() else {
        return;
    };
    let area = render_find(app, v, f, area);
    let w = area.width as usize;
    let h = area.height as usize;
    if v.timeline.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(
                app.i18n.t("account.no_history").to_string(),
                theme::dim(),
            )),
            area,
        );
        return;
    }
    // Scroll by whole entries; keep the selected one fully visible.
    // Only the entries between the old offset and the selection are measured.
    let height = |i: usize| entry_lines(app, &v.timeline[i], w).len();
    let mut offset = v.offset.min(v.selected);
    let mut sum: usize = (offset..=v.selected).map(height).sum();
    while offset < v.selected && sum > h {
        sum -= height(offset);
        offset += 1;
    }
    let mut lines: Vec<Line> = Vec::new();
    for (i, e) in v.timeline.iter().enumerate().skip(offset) {
        if lines.len() >= h {
            break;
        }
        for mut l in entry_lines(app, e, w) {
            if i == v.selected {
                l = l.patch_style(theme::selected());
            }
            lines.push(l);
        }
    }
    lines.truncate(h);
    f.render_widget(Paragraph::new(lines), area);
}

/// Open deals: how many, their weighted value, the most promising one.
fn deals_line(app: &App, v: &crate::app::AccountView) -> Option<String> {
    let first = v.deals.first()?;
    let pipeline = app.store.pipeline();
    let ja = app.i18n.ja();
    let money = |a: i64| format_money(a, app.store.currency(), ja);
    let weighted: i64 = v.deals.iter().map(|d| d.weighted_value(pipeline)).sum();
    let stage = pipeline
        .stage(&first.stage)
        .map(|s| s.name(ja).to_string())
        .unwrap_or_else(|| first.stage.clone());
    Some(app.i18n.f(
        "pipeline12.account_deals",
        &[
            ("n", &v.deals.len().to_string()),
            ("weighted", &money(weighted)),
            ("title", &shown(&first.title)),
            ("stage", &stage),
            ("value", &money(first.value)),
        ],
    ))
}

/// Orders, total spend, RFM segment, P(active), expected value and the
/// expected next order; `None` for an account that never ordered.
fn insight_line(app: &App, v: &crate::app::AccountView) -> Option<String> {
    let t = |k: &str| app.i18n.t(k).to_string();
    let orders: Vec<i64> = v
        .timeline
        .iter()
        .filter_map(|e| match e {
            TimelineEntry::Order(o) if o.voided.is_none() => Some(o.amount),
            _ => None,
        })
        .collect();
    if orders.is_empty() {
        return None;
    }
    let money = |a: i64| format_money(a, app.store.currency(), app.i18n.ja());
    let mut parts = vec![
        format!("{} {}", t("insight.orders"), orders.len()),
        format!("{} {}", t("insight.spend"), money(orders.iter().sum())),
    ];
    let id = v.account.id;
    let insight = app.insight.current.as_ref();
    if let Some(facts) = insight.and_then(|i| i.facts.get(&id)) {
        parts.push(t(&format!("report.segment_{}", facts.segment.as_str())));
    }
    if let Some(value) = app.insight.value_of(id) {
        if let Some(p) = value.p_alive {
            parts.push(format!("{} {:.0}%", t("insight.active"), p * 100.0));
        }
        if let Some(clv) = value.clv {
            parts.push(format!(
                "{} {}",
                t("insight.value"),
                money(clv.round() as i64)
            ));
        }
        if let Some(d) = value.expected_next_order_on {
            parts.push(format!(
                "{} {}",
                t("insight.next_order"),
                app.date_format().long(d)
            ));
        }
    }
    Some(parts.join("  ·  "))
}
