//! One file per top-level screen.

pub mod account;
pub mod accounts;
pub mod agenda;
pub mod pipeline;
pub mod quiet;
pub mod reports;
pub mod today;

use chrono::{DateTime, Utc};

use crate::app::App;
use crate::domain::relative::relative_day_label;
use crate::domain::zone::Zone;

/// "3 days ago" / "3日前" for an instant, in the operator's calendar.
pub fn ago(app: &App, t: Option<DateTime<Utc>>) -> String {
    match t {
        None => app.i18n.t("list.never").to_string(),
        Some(t) => {
            let zone = app.clock.zone();
            relative_day_label(zone.local_day(t), app.today(), app.i18n.ja())
        }
    }
}

/// Local date and time of an instant for timelines, in the operator's form.
pub fn local_time(app: &App, t: DateTime<Utc>) -> String {
    let local = app.clock.zone().local_time(t);
    app.date_format().short_time(local, app.today())
}

/// A calendar date in a list, in the operator's form.
pub fn short_date(app: &App, d: chrono::NaiveDate) -> String {
    app.date_format().short(d, app.today())
}

/// "53/14d": days silent of the usual interval, a default one marked.
pub fn silent_of_usual(app: &App, q: &crate::domain::triage::QuietRow) -> String {
    let mut s = format!(
        "{}/{}{}",
        q.days_silent,
        crate::domain::triage::interval_days_shown(q.expected_interval_days),
        app.i18n.t("unit.days_short")
    );
    if q.interval_source == crate::domain::interval::IntervalSource::Default {
        s.push_str(&app.i18n.t("fixes11.default_mark"));
    }
    s
}

/// "call out", "email 受信": the kind, and the direction in its words
/// (none for a note).
pub fn kind_and_direction(
    app: &App,
    kind: crate::domain::model::ConversationKind,
    direction: crate::domain::model::Direction,
) -> String {
    let kind_label = app.i18n.t(&format!("conv.{kind}"));
    match crate::domain::model::direction_key(kind, direction) {
        Some(key) => format!("{kind_label} {}", app.i18n.t(key)),
        None => kind_label,
    }
}

/// Where to start drawing a list: the offset `update` keeps, moved only
/// as far as this frame's height needs to show the selection (nothing is
/// written back: drawing never changes state).
pub fn scrolled(offset: usize, selected: usize, height: usize) -> usize {
    crate::app::in_view(offset, selected, height)
}
