//! One file per top-level screen.

pub mod account;
pub mod accounts;
pub mod quiet;
pub mod today;

use chrono::{DateTime, Utc};

use crate::app::App;
use crate::domain::relative::relative_day_label;

/// "3 days ago" / "3日前" for an instant, in the operator's calendar.
pub fn ago(app: &App, t: Option<DateTime<Utc>>) -> String {
    match t {
        None => app.i18n.t("list.never").to_string(),
        Some(t) => {
            let offset = app.clock.local_offset();
            let today = app.now().with_timezone(&offset).date_naive();
            relative_day_label(t.with_timezone(&offset).date_naive(), today, app.i18n.ja())
        }
    }
}

/// Local date and time of an instant for timelines, in the operator's form.
pub fn local_time(app: &App, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&app.clock.local_offset()).naive_local();
    app.date_format().short_time(local, app.today())
}

/// A calendar date in a list, in the operator's form.
pub fn short_date(app: &App, d: chrono::NaiveDate) -> String {
    app.date_format().short(d, app.today())
}

/// Keep the selection visible, scrolling only as far as needed; the
/// offset is remembered between frames.
pub fn scrolled(offset: &std::cell::Cell<usize>, selected: usize, height: usize) -> usize {
    let mut o = offset.get();
    if selected < o {
        o = selected;
    } else if height > 0 && selected >= o + height {
        o = selected + 1 - height;
    }
    offset.set(o);
    o
}
