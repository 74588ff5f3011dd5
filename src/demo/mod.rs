//! Demo data: realistic Japanese and English accounts with 18 months of
//! conversations and orders, deterministic for a seed, written through the
//! store's bulk loader so 100,000 accounts take seconds.
//!
//! Every account gets its own random stream (seeded from the run's seed and
//! its position), so the first 60 accounts of a 100,000-account run are the
//! same 60 a 60-account run makes.

mod deals;
mod fill;
mod followups;
mod history;
mod identity;
mod words;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::domain::model::{AccountKind, Status};
use crate::domain::time::trunc_secs;
use crate::domain::triage::PlanStep;
use crate::store::bulk::BulkAccount;
use crate::store::{Store, StoreError};
use history::{Plan, Standing};

/// How many accounts the throwaway `--demo` TUI session gets.
pub const DEMO_TUI_ACCOUNTS: usize = 80;

/// A new folder for the throwaway `--demo` database, and the database's
/// path inside it. The folder gets a random name and is made owner-only
/// (0700, whatever the umask) by a `mkdir` that fails rather than follow
/// anything planted at that name; it and everything in it go when the
/// returned [`tempfile::TempDir`] is dropped.
pub fn temp_database() -> std::io::Result<(tempfile::TempDir, std::path::PathBuf)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("salesbench-demo-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir()?;
    let path = dir.path().join("salesbench.db");
    Ok((dir, path))
}

/// What one [`generate`] run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    pub accounts: usize,
    pub contacts: usize,
    pub conversations: usize,
    /// Conversations whose text was later edited.
    pub edited: usize,
    pub retracted: usize,
    pub orders: usize,
    /// Follow-ups still open.
    pub open_follow_ups: usize,
    /// Accounts with a recorded reason why they stopped buying.
    pub lapse_reasons: usize,
    /// Id of the first account written (ids continue after existing ones).
    pub first_account_id: Option<i64>,
    /// The pipeline: deals open, won and lost.
    pub deals: deals::DealCounts,
}

/// The language an account's names and conversations are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ja,
    En,
}

/// Add `accounts` demo accounts with their contacts, conversations and
/// orders to `store`, all in one transaction, as of `now`. The same seed
/// gives the same accounts; existing accounts are kept and new customer
/// codes continue after the highest `C000123`-style code already stored.
pub fn generate(
    store: &mut Store,
    accounts: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<GenerateSummary, StoreError> {
    let words = words::Words::load().map_err(|message| StoreError::Invalid {
        field: "demo assets",
        message,
    })?;
    let now = trunc_secs(now);
    // Due dates live in the operator's calendar.
    let today = store.local_day(now);
    store
        .bulk_load(|w| {
            let first_code = w.next_customer_code_number()?;
            let words = &words;
            let mut summary = GenerateSummary::default();
            // Making accounts up (strings, folding) runs on a second thread
            // while this one writes: SQLite is the bottleneck, and the two
            // overlap. The bounded channel keeps memory flat; if writing fails,
            // dropping the receiver stops the maker at its next send.
            std::thread::scope(|scope| {
                let (to_writer, from_maker) = std::sync::mpsc::sync_channel::<Vec<BulkAccount>>(4);
                scope.spawn(move || {
                    let mut next_code = first_code;
                    let mut chunk = Vec::with_capacity(CHUNK);
                    for index in 0..accounts {
                        chunk.push(make_account(words, seed, index, &mut next_code, today, now));
                        if chunk.len() == CHUNK
                            && to_writer.send(std::mem::take(&mut chunk)).is_err()
                        {
                            return;
                        }
                    }
                    // An error here means the writer already failed and said so.
                    let _ = to_writer.send(chunk);
                });
                for chunk in from_maker {
                    for account in &chunk {
                        let id = w.add_account(account)?;
                        summary.count(id, account);
                    }
                }
                Ok(summary)
            })
        })
        .and_then(|mut summary| {
            default_plan(store, now)?;
            if let Some(first) = summary.first_account_id {
                summary.deals = deals::generate(store, &words, first, summary.accounts, seed, now)?;
            }
            Ok(summary)
        })
}

/// The contact plan the demo ships with: step 1, 2, 3 after a first
/// purchase, applied automatically to every new customer's first order.
/// Added after the history is written, so it fires for orders the user
/// enters, not for the made-up past; kept if it is already there.
fn default_plan(store: &mut Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    const NAME: &str = "初回購入後フォロー / after first purchase";
    if store.plans()?.iter().any(|p| p.name == NAME) {
        return Ok(());
    }
    let steps: Vec<PlanStep> = [
        "1:お礼の電話 / thank-you call",
        "7:使い心地の確認 / check how it is going",
        "30:詰め替え・追加のご案内 / offer a refill",
    ]
    .iter()
    .map(|s| PlanStep::parse(s))
    .collect::<Result<_, _>>()
    .map_err(|_| StoreError::Invalid {
        field: "plan",
        message: "plan11.bad_step".into(),
    })?;
    store.add_plan(NAME, &steps, true, now)?;
    Ok(())
}

/// Accounts handed from the maker thread to the writer at a time.
const CHUNK: usize = 256;

impl GenerateSummary {
    fn count(&mut self, id: i64, account: &BulkAccount) {
        self.first_account_id.get_or_insert(id);
        self.accounts += 1;
        self.contacts += account.contacts.len();
        self.conversations += account.conversations.len();
        self.edited += account
            .conversations
            .iter()
            .filter(|c| !c.edits.is_empty())
            .count();
        self.retracted += account
            .conversations
            .iter()
            .filter(|c| c.retraction.is_some())
            .count();
        self.orders += account.orders.len();
        self.open_follow_ups += account
            .follow_ups
            .iter()
            .filter(|u| u.closed.is_none())
            .count();
        self.lapse_reasons += usize::from(
            account
                .conversations
                .iter()
                .any(|c| c.lapse_reason.is_some()),
        );
    }
}

/// The accounts a run would write, without writing them (tests replay
/// them through the one-row write path to check the bulk loader).
#[cfg(test)]
pub(crate) fn sample_accounts(
    count: usize,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<BulkAccount> {
    let words = words::Words::load().unwrap();
    let mut next_code = 1;
    (0..count)
        .map(|i| make_account(&words, seed, i, &mut next_code, today, now))
        .collect()
}

/// The independent random stream of account `index` (SplitMix64 of the
/// pair, so neighbouring seeds and indexes do not give related streams).
fn account_rng(seed: u64, index: usize) -> SmallRng {
    let mut z = seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    SmallRng::seed_from_u64(z ^ (z >> 31))
}

/// Pick one element. Every list drawn from is checked non-empty when the
/// word lists load, so the range is never empty.
fn pick<'a, T>(rng: &mut SmallRng, list: &'a [T]) -> &'a T {
    &list[rng.random_range(0..list.len())]
}

/// [`pick`] for word lists, giving the word itself (non-empty as above).
fn pick_word(rng: &mut SmallRng, list: &[&'static str]) -> &'static str {
    list[rng.random_range(0..list.len())]
}

fn make_account(
    words: &words::Words,
    seed: u64,
    index: usize,
    next_code: &mut u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> BulkAccount {
    let rng = &mut account_rng(seed, index);
    let lang = if rng.random_bool(0.5) {
        Lang::Ja
    } else {
        Lang::En
    };
    let kind = if rng.random_bool(0.65) {
        AccountKind::Company
    } else {
        AccountKind::Person
    };
    let standing = match rng.random_range(0..100) {
        0..52 => Standing::Current,
        52..70 => Standing::Quiet,
        70..77 => Standing::Lapsed,
        77..81 => Standing::Lost,
        _ => Standing::Prospect,
    };
    let rhythm_days = match standing {
        Standing::Prospect => rng.random_range(10.0..30.0),
        _ => {
            let base = match rng.random_range(0..100) {
                0..20 => 7.0,
                20..35 => 14.0,
                35..75 => 30.0,
                _ => 91.0,
            };
            base * rng.random_range(0.85..1.15)
        }
    };
    let lang_words = match lang {
        Lang::Ja => &words.ja,
        Lang::En => &words.en,
    };
    let mut who = identity::identity(rng, lang_words, lang, kind);
    let plan = Plan {
        standing,
        rhythm_days,
        // The first few accounts carry the history features (edits, a
        // retraction), so even a 60-account demo shows them.
        force_edit: index < 3,
        force_retraction: index == 1,
    };
    let past = history::history(rng, lang_words, &words.products, lang, &who, &plan, now);
    let follow_ups = followups::follow_ups(
        rng,
        lang_words,
        who.contacts.len(),
        standing,
        &past.conversations,
        today,
        now,
    );

    who.fields.status = Some(match standing {
        Standing::Current | Standing::Quiet => Status::Customer,
        Standing::Lapsed => Status::Lapsed,
        Standing::Lost => Status::Lost,
        Standing::Prospect => Status::Prospect,
    });
    // Customers get a code; prospects only sometimes (many never buy).
    if standing != Standing::Prospect || rng.random_bool(0.3) {
        who.fields.code = Some(format!("C{:06}", *next_code));
        *next_code += 1;
    }
    // A few customers have an agreed visit rhythm set by hand.
    if standing == Standing::Current && rng.random_bool(0.05) {
        who.fields.interval_days = Some(*pick(rng, &[14, 30, 60]));
    }
    let created_at = match past.first_touch {
        Some(first) => {
            first
                - Duration::days(rng.random_range(1..90))
                - Duration::minutes(rng.random_range(0..600))
        }
        None => now - Duration::days(rng.random_range(1..30)),
    };
    BulkAccount {
        fields: who.fields,
        created_at: trunc_secs(created_at),
        contacts: who.contacts,
        conversations: past.conversations,
        orders: past.orders,
        follow_ups,
    }
}

#[cfg(test)]
mod tests;
