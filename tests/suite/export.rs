//! `salesbench export`: every table in CSV and JSON, UTF-8 (with and
//! without BOM) and Shift_JIS, revisions and retractions marked, the
//! iCalendar checked by an independent parser, and the round trip through
//! `salesbench import`.

pub mod support;

mod calendar;
mod fixture;
mod round_trip;
mod tables;
