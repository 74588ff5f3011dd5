//! `salesbench deal ...`: the deal commands as clap sees them (names and
//! flags are a contract, as in `args.rs`).

use clap::{Args, Subcommand};

/// The deal fields shared by `deal add` and `deal edit`; numbers and
/// words are read as text so a mistake is told in the operator's language.
#[derive(Debug, Args, Default)]
pub struct DealFlags {
    /// The stage's key (lead, proposal, quote, negotiation by default).
    #[arg(long, value_name = "S")]
    pub stage: Option<String>,
    /// Percent 0-100 (default: the stage's; "" on edit goes back to it).
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub probability: Option<String>,
    /// Expected close date: 2026-12-20, 12/20, +2w, 来月末 ... ("" on edit clears it).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub close: Option<String>,
    /// How promising: A, B or C (default B).
    #[arg(long, value_name = "A|B|C")]
    pub rank: Option<String>,
    /// The next step, free text.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub next: Option<String>,
    /// A contact's name at the account ("" on edit clears it).
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DealAction {
    /// Add a deal for an account; prints its id.
    Add {
        /// The account: id, customer code, exact name or a unique part of it.
        account: String,
        #[arg(long, value_name = "T", allow_hyphen_values = true)]
        title: String,
        /// The value in the database's currency (12000, ¥12,000, 29.33 ...).
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        value: String,
        #[command(flatten)]
        flags: DealFlags,
    },
    /// Open deals (best prospects first), optionally filtered.
    List {
        #[arg(long, value_name = "S")]
        stage: Option<String>,
        #[arg(long, value_name = "R")]
        rank: Option<String>,
        /// Only deals untouched for longer than their stage's limit.
        #[arg(long)]
        rotting: bool,
        /// open (default), won, lost or all.
        #[arg(long, value_name = "STATUS", default_value = "open")]
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// One deal with its change history and linked conversations.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Change fields of an open deal (each change is recorded).
    Edit {
        id: i64,
        #[arg(long, value_name = "T", allow_hyphen_values = true)]
        title: Option<String>,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        value: Option<String>,
        #[command(flatten)]
        flags: DealFlags,
    },
    /// Move an open deal to another stage.
    Move { id: i64, stage: String },
    /// Mark a deal won; with --order the purchase is recorded too.
    Won {
        id: i64,
        /// Record the order (amount: the deal's value unless --amount; at: now unless --at).
        #[arg(long)]
        order: bool,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        amount: Option<String>,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Mark a deal lost, with why.
    Lost {
        id: i64,
        /// price, timing, competitor, no_budget, no_response or other.
        #[arg(long, value_name = "R")]
        reason: String,
        #[arg(long, value_name = "T", allow_hyphen_values = true)]
        note: Option<String>,
    },
    /// Open a won or lost deal again (on record).
    Reopen { id: i64 },
}
