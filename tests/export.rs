//! `salesbench export`: every table in CSV and JSON, UTF-8 (with and
//! without BOM) and Shift_JIS, revisions and retractions marked, the
//! iCalendar checked by an independent parser, and the round trip through
//! `salesbench import`.

#[allow(dead_code)]
#[path = "export/support.rs"]
mod support;

#[path = "export/calendar.rs"]
mod calendar;
#[path = "export/fixture.rs"]
mod fixture;
#[path = "export/round_trip.rs"]
mod round_trip;
#[path = "export/tables.rs"]
mod tables;
