//! `salesbench import`: the real binary on files the tests write (Shift_JIS
//! and UTF-8 with BOM, Japanese headers, multi-line notes, bad rows at
//! known lines), and the store-level claim that an import leaves what
//! entering each row by hand leaves.

mod support;

mod accounts;
mod currency;
mod deals;
mod equivalence;
mod errors;
mod hazards;
mod memory;
mod orders;
