//! `salesbench sync ...` and `salesbench server ...`: the team-sync
//! commands as clap sees them (names and flags are a contract, as in
//! `args.rs`).

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// When this file last synced, what waits to be sent, and whether the
    /// server answers; changes nothing.
    Status {
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ServerAction {
    /// Create the shared book's tables in an empty database (safe to
    /// repeat) and print the grants for an operator's role.
    Init {
        #[arg(long, value_name = "URL")]
        url: String,
        /// The operator role the printed grants name.
        #[arg(long, value_name = "NAME", default_value = "rep1")]
        role: String,
    },
}
