//! `salesbench import`: the real binary on files the tests write (Shift_JIS
//! and UTF-8 with BOM, Japanese headers, multi-line notes, bad rows at
//! known lines), and the store-level claim that an import leaves what
//! entering each row by hand leaves.

#[path = "import/support.rs"]
mod support;

#[path = "import/accounts.rs"]
mod accounts;
#[path = "import/currency.rs"]
mod currency;
#[path = "import/deals.rs"]
mod deals;
#[path = "import/equivalence.rs"]
mod equivalence;
#[path = "import/errors.rs"]
mod errors;
#[path = "import/hazards.rs"]
mod hazards;
#[path = "import/memory.rs"]
mod memory;
#[path = "import/orders.rs"]
mod orders;
