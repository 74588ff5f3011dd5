//! Plain types and rules. No I/O, no clock.

#[macro_use]
mod macros;

pub mod account_query;
pub mod account_rows;
pub mod agenda;
pub mod by_id;
pub mod dates;
pub mod deals;
pub mod fold;
pub mod history;
pub mod insight;
pub mod interval;
pub mod kind;
pub mod limits;
pub mod model;
pub mod money;
pub mod relative;
pub mod search;
pub mod search_highlight;
pub mod search_packed;
pub mod text;
pub mod text_search;
pub mod time;
pub mod triage;
pub mod when;
pub mod zone;
