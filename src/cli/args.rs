//! The command line, as clap sees it. Names and flags here are a contract:
//! scripts and outside checks rely on them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[path = "args_deal.rs"]
mod deal;
pub use deal::{DealAction, DealFlags};

#[path = "args_sync.rs"]
mod sync;
pub use sync::{ServerAction, SyncAction};

/// A keyboard-driven sales workbench. Without a subcommand, opens the TUI.
#[derive(Debug, Parser)]
#[command(name = "salesbench", version, about)]
pub struct Cli {
    /// Database file (default: $SALESBENCH_DB, else the platform data dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language: en or ja (default: from LANG / LC_ALL).
    #[arg(long, global = true, value_name = "en|ja")]
    pub lang: Option<String>,
    /// Open the TUI on a fresh temporary database full of demo data.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, edit, archive and restore accounts.
    Account {
        #[command(subcommand)]
        action: AccountAction,
    },
    /// Log a conversation (or edit / retract / restore one).
    Log(LogArgs),
    /// Deals: sales in progress through the pipeline's stages to won or lost.
    Deal {
        #[command(subcommand)]
        action: DealAction,
    },
    /// Record a purchase.
    Order(OrderArgs),
    /// An account's conversations and orders, newest first.
    History {
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Find conversations by what was said, newest first (retracted ones
    /// are left out).
    Search {
        /// Words that must all occur (any order; 1-2 characters work too).
        #[arg(allow_hyphen_values = true)]
        text: String,
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Schedule a follow-up; prints its id (or edit one: `follow-up edit ID`).
    FollowUp(FollowUpArgs),
    /// Complete a follow-up by logging the conversation; prints its id.
    Done {
        id: i64,
        #[arg(long, value_name = "S", allow_hyphen_values = true)]
        summary: Option<String>,
        /// The text; `-` reads it from standard input.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        body: Option<String>,
        /// Why the customer stopped buying: life_changed, something_wrong, no_value, unknown.
        #[arg(long, value_name = "R")]
        lapse_reason: Option<String>,
    },
    /// Move a follow-up to another day (the old date is kept on record).
    Snooze {
        id: i64,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        until: String,
    },
    /// Cancel a follow-up (it stays in history with the reason).
    Cancel {
        id: i64,
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// The Today queue: overdue and due follow-ups, then quiet accounts.
    Today {
        #[arg(long)]
        json: bool,
    },
    /// Accounts gone quiet, most overdue for their own rhythm first.
    Quiet {
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Judge as of this date instead of today.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
    },
    /// Contact plans: named lists of follow-up steps.
    Plan {
        #[command(subcommand)]
        action: PlanAction,
    },
    /// Bring a spreadsheet or register export in (CSV, UTF-8 or Shift_JIS).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Write everything out: accounts, conversations, orders, follow-ups, calendar.
    Export(ExportArgs),
    /// A consistent copy of the live database (works while the TUI is open).
    Backup {
        /// Where to write it (default: the backups folder beside the database).
        path: Option<PathBuf>,
    },
    /// Put a checked backup back into the database, even while the TUI is open
    /// (it shows the restored data); the current content is kept as a backup,
    /// whose path is printed.
    Restore { path: PathBuf },
    /// Check the database file for damage (full integrity and foreign keys);
    /// exits 1 and names the newest backup when it is damaged.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Customer insight: rfm, segments, funnel, cohorts, revenue, winback.
    Report {
        #[command(subcommand)]
        which: ReportWhich,
    },
    /// The configuration file.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Share the book with the team through the PostgreSQL server in the
    /// configuration's `[sync] url`: send what is new here, take in what is
    /// new there, print a one-line summary. Exit 1 when the server cannot be
    /// reached (everything stays in this file for the next sync).
    Sync {
        #[command(subcommand)]
        action: Option<SyncAction>,
        #[arg(long)]
        json: bool,
        /// The server, instead of the configuration's (postgres://user@host/db).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// This file is a copy of another operator's: make it a new
        /// operator's file, keeping its own new work.
        #[arg(long)]
        new_replica: bool,
    },
    /// The team's PostgreSQL server.
    Server {
        #[command(subcommand)]
        action: ServerAction,
    },
    /// Write demo data (Japanese and English accounts, months of history).
    Demo {
        #[arg(long, default_value_t = 60)]
        accounts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// The account fields shared by `add` and `edit`.
#[derive(Debug, Args, Default)]
pub struct AccountFlags {
    #[arg(long)]
    pub reading: Option<String>,
    /// Customer code (unique; the key the register uses).
    #[arg(long)]
    pub code: Option<String>,
    /// company or person.
    #[arg(long)]
    pub kind: Option<String>,
    /// prospect, customer, lapsed or lost.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// A tag (repeat for several; on edit, replaces the tags).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// How the name is addressed: sama (様), onchu (御中), dono (殿) or none.
    #[arg(long, value_name = "H")]
    pub honorific: Option<String>,
    /// Expected days between contacts (0 on edit clears it).
    #[arg(long, value_name = "N")]
    pub interval_days: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum AccountAction {
    /// Add an account; prints its id.
    Add {
        name: String,
        #[command(flatten)]
        flags: AccountFlags,
    },
    /// List accounts (newest touch first), optionally filtered.
    List {
        #[arg(long, value_name = "Q")]
        search: Option<String>,
        /// Include archived accounts.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one account with its contacts and change log.
    Show {
        account: String,
        #[arg(long)]
        json: bool,
    },
    /// Change fields of an account (each change is logged).
    Edit {
        account: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        flags: AccountFlags,
    },
    /// Hide an account from lists (nothing is deleted).
    Archive { account: String },
    /// Bring an archived account back.
    Restore { account: String },
    /// Add a person at an account; prints the contact id.
    Contact {
        account: String,
        name: String,
        #[arg(long)]
        reading: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct FollowUpArgs {
    #[command(subcommand)]
    pub action: Option<FollowUpAction>,
    /// The account: id, customer code, exact name or a unique part of it.
    #[arg(required = true)]
    pub account: Option<String>,
    /// When: today, tomorrow, +3d, +2w, mon, 12/1, 2026-12-01 14:30, 明日, 来週月曜 ...
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, required = true)]
    pub due: Option<String>,
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "",
        allow_hyphen_values = true
    )]
    pub note: String,
    /// call, email, meeting, visit or note.
    #[arg(long, default_value = "call")]
    pub kind: String,
    /// A contact's name at the account.
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FollowUpAction {
    /// Change an open follow-up; every earlier value is kept on record.
    Edit {
        id: i64,
        /// The new day (a time given here sets the time too).
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        due: Option<String>,
        /// The new time, HH:MM; "" clears it.
        #[arg(long, value_name = "HH:MM")]
        time: Option<String>,
        /// call, email, meeting, visit or note.
        #[arg(long)]
        kind: Option<String>,
        /// A contact's name at the account; "" clears it.
        #[arg(long, value_name = "NAME")]
        contact: Option<String>,
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        note: Option<String>,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub action: Option<LogAction>,
    /// The account: id, customer code, exact name or a unique part of it.
    #[arg(required = true)]
    pub account: Option<String>,
    /// call, email, meeting, visit or note.
    #[arg(long, default_value = "call")]
    pub kind: String,
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    pub summary: Option<String>,
    /// The text; `-` reads it from standard input.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub body: Option<String>,
    /// When it happened (default now): 2026-11-20 14:30, yesterday, -2d, RFC 3339...
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// in or out.
    #[arg(long, default_value = "out")]
    pub direction: String,
    /// A contact's name at the account.
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub outcome: Option<String>,
    /// Why the customer stopped buying: life_changed, something_wrong, no_value, unknown.
    #[arg(long, value_name = "R")]
    pub lapse_reason: Option<String>,
    /// Link the conversation to this deal of the account.
    #[arg(long, value_name = "ID")]
    pub deal: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// Store new text for a conversation; earlier text is kept as a revision.
    Edit {
        id: i64,
        #[arg(long, value_name = "S")]
        summary: Option<String>,
        /// The new text; `-` reads it from standard input.
        #[arg(long, value_name = "TEXT")]
        body: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
    },
    /// Retract a conversation (kept in history, marked, reversible).
    Retract {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Undo a retraction.
    Restore { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Create a plan from steps "DAYS:NOTE" (e.g. --step "7:check how it is going").
    Add {
        name: String,
        #[arg(long = "step", value_name = "DAYS:NOTE", required = true)]
        steps: Vec<String>,
        /// Apply automatically when an account's first order is recorded.
        #[arg(long)]
        auto: bool,
    },
    /// List plans with their steps.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create a plan's follow-ups for an account; prints their ids.
    Apply {
        name: String,
        account: String,
        /// Day the offsets count from (default today).
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        start: Option<String>,
        /// Apply it even though the account already has this plan.
        #[arg(long)]
        again: bool,
    },
}

/// `order ACCOUNT --amount N`, or `order void|restore|edit ID ...`. As
/// with `log`, those three words are taken as the action; an account
/// named so is given by its id or code.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct OrderArgs {
    #[command(subcommand)]
    pub action: Option<OrderAction>,
    /// The account: id, customer code, exact name or a unique part of it.
    #[arg(required = true)]
    pub account: Option<String>,
    /// Amount in the database's currency (config `currency`, default JPY):
    /// 12000, 12,000, ¥12,000 or 12000円 in yen; 29.33, $29.33 or USD 29.33
    /// in dollars.
    #[arg(long, value_name = "N", allow_hyphen_values = true, required = true)]
    pub amount: Option<String>,
    /// When it was bought (default now).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "",
        allow_hyphen_values = true
    )]
    pub note: String,
}

#[derive(Debug, Subcommand)]
pub enum OrderAction {
    /// Void an order: kept in history, marked, no longer a purchase (reversible).
    Void {
        id: i64,
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// Undo a void (the void stays on record).
    Restore { id: i64 },
    /// Correct an order; the earlier version is kept.
    Edit {
        id: i64,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        amount: Option<String>,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        at: Option<String>,
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print where the configuration file is (it may not exist yet).
    Path,
    /// Read the configuration and say what is wrong with it (bad values,
    /// `[keys]` overrides that cannot apply); exit 2 when anything is.
    Check,
}

/// Options shared by every import.
#[derive(Debug, Args)]
pub struct ImportOptions {
    pub file: PathBuf,
    /// auto (UTF-8 with or without BOM, else Shift_JIS/CP932), utf-8 or shift_jis.
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// Map a column to a field, e.g. --map 得意先=name (repeatable).
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// Show what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the good rows and put the bad ones, unchanged, in this file.
    #[arg(long, value_name = "REJECTS.csv")]
    pub skip_invalid: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// A customer list.
    Accounts(ImportOptions),
    /// A register (POS) sales export: date, customer key, amount, note.
    Orders {
        #[command(flatten)]
        options: ImportOptions,
        /// Create an account for an unknown customer instead of rejecting the row.
        #[arg(long)]
        create_missing: bool,
    },
    /// Call logs kept elsewhere.
    Conversations(ImportOptions),
    /// Deals, as `export deals` writes them (or a list with title, value, customer).
    Deals(ImportOptions),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// accounts, conversations, orders, follow-ups, deals or calendar.
    pub what: String,
    /// csv or json (calendar is always iCalendar).
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// utf-8 or shift_jis.
    #[arg(long, default_value = "utf-8")]
    pub encoding: String,
    /// Start a UTF-8 file with a byte-order mark (Excel likes one).
    #[arg(long)]
    pub bom: bool,
    /// CSV: write cells starting with = + - @ exactly (by default a ' is put in front so spreadsheets do not run them).
    #[arg(long)]
    pub raw: bool,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Calendar: also each open deal's expected close date, as an all-day event.
    #[arg(long)]
    pub deals: bool,
}

/// The reports of `salesbench report`.
#[derive(Debug, Subcommand)]
pub enum ReportWhich {
    /// Each customer's recency, frequency and spend, scored 1-5, and segment.
    Rfm(ReportOptions),
    /// Customers and revenue per RFM segment.
    Segments(ReportOptions),
    /// New -> repeat -> loyal, per month of first purchase and in total.
    Funnel(ReportOptions),
    /// Per month of first purchase, the share who bought in each later month.
    Cohorts(ReportOptions),
    /// Revenue per month: from new and from returning customers.
    Revenue(ReportOptions),
    /// Customers contacted while quiet who ordered within 60 days, by lapse reason.
    Winback(ReportOptions),
    /// Each customer's chance of still buying, expected purchases, spend and lifetime value.
    Churn(ChurnOptions),
    /// The fitted customer models (BG/NBD, Gamma-Gamma), or why there is none.
    Model(ModelOptions),
    /// Open deals' value and weighted value by month of expected close,
    /// beside the value won each month.
    Forecast(ForecastOptions),
}

/// `report forecast`.
#[derive(Debug, Args)]
pub struct ForecastOptions {
    /// Months as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Months as CSV with a header line.
    #[arg(long)]
    pub csv: bool,
}

/// `report churn`: the report options and what the figures are for.
/// Numbers are read as text so a mistake is explained in the operator's
/// language.
#[derive(Debug, Args)]
pub struct ChurnOptions {
    #[command(flatten)]
    pub report: ReportOptions,
    /// Expected purchases over this many weeks (default 52).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub horizon_weeks: Option<String>,
    /// Lifetime value over this many months (default 12).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub months: Option<String>,
    /// Monthly discount rate for lifetime value (default 0.01).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub discount: Option<String>,
}

/// `report model`.
#[derive(Debug, Args)]
pub struct ModelOptions {
    /// Look back from this date instead of today.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<String>,
    /// The fit as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What every report takes.
#[derive(Debug, Args)]
pub struct ReportOptions {
    /// Look back from this date instead of today.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub as_of: Option<String>,
    /// Rows as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Rows as CSV with a header line.
    #[arg(long)]
    pub csv: bool,
}
