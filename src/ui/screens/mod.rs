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

/// Local date and time of an instant for timelines.
pub fn local_time(app: &App, t: DateTime<Utc>) -> String {
    t.with_timezone(&app.clock.local_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
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
