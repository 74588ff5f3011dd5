//! One deal in full: stage and figures, the next step, every recorded
//! change, the conversations linked to it.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::popups::DealViewer;
use crate::app::App;
use crate::domain::deals::{DealField, DealStatus};
use crate::domain::money::format_money;
use crate::domain::text::shown;
use crate::ui::screens::local_time;
use crate::ui::theme;

/// The catalogue key naming a recorded field.
fn field_key(f: DealField) -> &'static str {
    match f {
        DealField::Stage => "deals12.col_stage",
        DealField::Value => "deals12.col_value",
        DealField::Probability => "deals12.col_probability",
        DealField::ExpectedCloseOn => "deals12.col_close",
        DealField::Rank => "deals12.col_rank",
        DealField::Status => "deals12.col_status",
        DealField::Title => "deals12.col_title",
        DealField::NextStep => "deals12.next_step",
        DealField::Contact => "deals12.contact",
        DealField::LostReason => "deals12.lost_reason",
        DealField::LostNote => "field.note",
        DealField::ClosedAt => "pipeline12.closed_at",
        DealField::Order => "deals12.won_order",
    }
}

pub fn render(app: &App, v: &DealViewer, f: &mut Frame) {
    let area = super::viewer_box(app, f);
    let ja = app.i18n.ja();
    let d = &v.detail.deal;
    let pipeline = app.store.pipeline();
    let money = |a: i64| format_money(a, app.store.currency(), ja);
    let now = app.now();
    let today = app.today();
    let stage = pipeline
        .stage(&d.stage)
        .map(|s| s.name(ja).to_string())
        .unwrap_or_else(|| d.stage.clone());
    let status = app.i18n.t(d.status.label_key());
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} {}", d.rank, shown(&d.title)),
            theme::title(),
        )),
        Line::from(Span::styled(
            shown(&d.account_name).into_owned(),
            theme::dim(),
        )),
        Line::from(format!(
            "{}: {}  ·  {} {}%  ·  {}",
            app.i18n.t("deals12.col_stage"),
            if d.status == DealStatus::Open {
                stage
            } else {
                status
            },
            money(d.value),
            d.probability(pipeline),
            app.i18n.f(
                "pipeline12.weighted",
                &[("value", &money(d.weighted_value(pipeline)))]
            ),
        )),
    ];
    let mut facts = Vec::new();
    if let Some(close) = d.expected_close_on {
        facts.push(format!(
            "{} {}",
            app.i18n.t("deals12.col_close"),
            app.date_format().short(close, today)
        ));
    }
    facts.push(format!(
        "{} {}",
        app.i18n.t("deals12.days_in_stage"),
        d.days_in_stage(now)
    ));
    facts.push(format!(
        "{} {}",
        app.i18n.t("deals12.last_activity"),
        local_time(app, d.last_activity_at)
    ));
    let score = d.score(pipeline, app.store.currency().minor_units, now, today);
    facts.push(format!(
        "{} {}",
        app.i18n.t("deals12.col_score"),
        score.explain()
    ));
    lines.push(Line::from(Span::styled(facts.join("  ·  "), theme::dim())));
    if d.rotting(pipeline, now) {
        lines.push(Line::from(Span::styled(
            app.i18n.f(
                "pipeline12.rotting",
                &[("days", &d.days_quiet(now).to_string())],
            ),
            theme::warn(),
        )));
    }
    if !d.next_step.is_empty() {
        lines.push(Line::from(format!(
            "{}: {}",
            app.i18n.t("deals12.next_step"),
            shown(&d.next_step)
        )));
    }
    if let Some(r) = d.lost_reason {
        lines.push(Line::from(format!(
            "{}: {} {}",
            app.i18n.t("deals12.lost_reason"),
            app.i18n.t(r.label_key()),
            shown(&d.lost_note)
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        app.i18n.t("deals12.conversations"),
        theme::title(),
    )));
    if v.detail.conversations.is_empty() {
        lines.push(Line::from(Span::styled(
            app.i18n.t("pipeline12.no_conversations"),
            theme::dim(),
        )));
    }
    for c in &v.detail.conversations {
        let kind = app.i18n.t(&format!("conv.{}", c.kind));
        let mut text = format!(
            "{}  {kind}  {}",
            local_time(app, c.happened_at),
            shown(&c.summary)
        );
        if c.retracted {
            text.push_str(&format!(" [{}]", app.i18n.t("history.retracted")));
        }
        lines.push(Line::from(text));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        app.i18n.t("deals12.history"),
        theme::title(),
    )));
    // Stored words read as the operator says them: a stage by its name,
    // a status or reason by its label, a value as money.
    let said = |field: DealField, v: &Option<String>| -> String {
        let Some(v) = v.as_deref() else {
            return "—".to_string();
        };
        match field {
            DealField::Stage => pipeline
                .stage(v)
                .map(|s| s.name(ja).to_string())
                .unwrap_or_else(|| v.to_string()),
            DealField::Status => DealStatus::parse(v)
                .map(|s| app.i18n.t(s.label_key()))
                .unwrap_or_else(|_| v.to_string()),
            DealField::LostReason => crate::domain::deals::LostReason::parse(v)
                .map(|r| app.i18n.t(r.label_key()))
                .unwrap_or_else(|_| v.to_string()),
            DealField::Value => v
                .parse::<i64>()
                .map(money)
                .unwrap_or_else(|_| v.to_string()),
            _ => v.to_string(),
        }
    };
    for ch in &v.detail.changes {
        let what = app.i18n.t(field_key(ch.field));
        let old = said(ch.field, &ch.old_value);
        let new = said(ch.field, &ch.new_value);
        lines.push(Line::from(Span::styled(
            format!(
                "{}  {what}: {} → {}",
                local_time(app, ch.at),
                shown(&old),
                shown(&new)
            ),
            theme::dim(),
        )));
    }
    let block = Block::bordered().title(Span::styled(
        format!(
            " {} ",
            app.i18n
                .f("pipeline12.deal_title", &[("id", &d.id.to_string())])
        ),
        theme::title(),
    ));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((v.scroll, 0))
            .block(block),
        area,
    );
}
