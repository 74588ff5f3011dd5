//! The demo pipeline: deals in every state — open in each stage (some
//! overdue, some rotting), won, lost with reasons — each with the moves
//! that brought it there on record, and some of the account's existing
//! conversations linked. It adds no conversation and no order, so the
//! demo's history (and every report on it) is the same with or without it.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::Rng;

use super::words::Words;
use super::{account_rng, pick};
use crate::domain::deals::{DealChange, LostReason, NewDeal, Rank};
use crate::domain::model::TimelineEntry;
use crate::store::{DealBatch, Store, StoreError};

/// Deals made per account, and the most made in all.
const PER_ACCOUNT: usize = 10;
const MOST: usize = 900;

/// How many deals of each state were made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DealCounts {
    pub open: usize,
    pub won: usize,
    pub lost: usize,
}

/// Write the pipeline for the accounts with ids from `first_account_id`
/// (`accounts` of them), in one transaction.
pub(super) fn generate(
    store: &mut Store,
    words: &Words,
    first_account_id: i64,
    accounts: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<DealCounts, StoreError> {
    let total = (accounts * PER_ACCOUNT).min(MOST);
    let mut names: Vec<Account> = Vec::new();
    for a in store.accounts(true)? {
        if a.id < first_account_id || names.len() >= total {
            continue;
        }
        let talks = store
            .timeline(a.id)?
            .into_iter()
            .filter_map(|e| match e {
                TimelineEntry::Conversation(c) if c.retracted.is_none() => {
                    Some((c.id, c.happened_at))
                }
                _ => None,
            })
            .collect();
        names.push(Account {
            id: a.id,
            ja: !a.name.is_ascii(),
            talks,
        });
    }
    let stages: Vec<String> = store
        .pipeline()
        .stages()
        .iter()
        .map(|s| s.key.clone())
        .collect();
    if names.is_empty() || stages.is_empty() {
        return Ok(DealCounts::default());
    }
    // Its own stream, apart from the accounts' (seed's high bit flipped).
    let mut rng = account_rng(seed ^ (1 << 63), usize::MAX);
    store.deal_batch(|b| {
        let mut counts = DealCounts::default();
        for i in 0..total {
            let n = names.len();
            let account = &mut names[i % n];
            one_deal(b, &mut rng, words, &stages, account, now, &mut counts)?;
        }
        Ok(counts)
    })
}

/// An account the pipeline is made for: its id, whether it is Japanese,
/// and its conversations not yet linked to a deal (id, when).
struct Account {
    id: i64,
    ja: bool,
    talks: Vec<(i64, DateTime<Utc>)>,
}

fn one_deal(
    b: &mut DealBatch<'_>,
    rng: &mut SmallRng,
    words: &Words,
    stages: &[String],
    account: &mut Account,
    now: DateTime<Utc>,
    counts: &mut DealCounts,
) -> Result<(), StoreError> {
    let (account_id, ja) = (account.id, account.ja);
    let product = pick(rng, &words.products);
    let qty: i64 = rng.random_range(1..=20);
    let (title, next) = match ja {
        true => (
            format!("{} {qty}点", product.ja),
            "見積を送付して反応を確認",
        ),
        false => (
            format!("{} x{qty}", product.en),
            "Send the quote and follow up",
        ),
    };
    let created = now - Duration::days(rng.random_range(3..=150));
    let d = NewDeal {
        account_id,
        contact_id: None,
        title,
        value: product.price * qty,
        stage: Some(stages[0].clone()),
        probability: None,
        expected_close_on: Some(expected_close(rng, created, now)),
        rank: *pick(rng, Rank::ALL),
        next_step: next.into(),
    };
    let id = b.add(&d, created)?;
    // Through some stages, a move every few days, never past now.
    let mut at = created;
    let reach = rng.random_range(0..stages.len());
    for stage in &stages[1..=reach] {
        let next_at = at + Duration::days(rng.random_range(1..=20));
        if next_at >= now {
            break;
        }
        at = next_at;
        let c = DealChange {
            stage: Some(stage.clone()),
            ..DealChange::default()
        };
        b.edit(id, &c, at)?;
    }
    let close_at = at + Duration::days(rng.random_range(1..=14));
    // The account's talks during the deal's life are about it.
    let during = |t: &DateTime<Utc>| *t > created && *t <= close_at.min(now);
    let mut linked = 0;
    account.talks.retain(|&(talk, t)| {
        if linked < 2 && during(&t) {
            linked += 1;
            return b.link(talk, account_id, id).is_err();
        }
        true
    });
    match rng.random_range(0..100) {
        // Won (the demo's orders are its history already).
        0..=29 if close_at < now => {
            b.win(id, None, close_at)?;
            counts.won += 1;
        }
        30..=54 if close_at < now => {
            let reason = *pick(rng, LostReason::ALL);
            let note = match ja {
                true => "今回は見送り",
                false => "Not this time",
            };
            b.lose(id, reason, note, close_at)?;
            counts.lost += 1;
        }
        _ => {
            // Most open deals are being worked: a next step set lately.
            // The rest rot.
            let lately = now - Duration::days(rng.random_range(0..=12));
            if rng.random_range(0..100) < 80 && lately > at {
                let next = match ja {
                    true => "先方の回答を確認",
                    false => "Check their answer",
                };
                let c = DealChange {
                    next_step: Some(next.into()),
                    ..DealChange::default()
                };
                b.edit(id, &c, lately)?;
            }
            counts.open += 1;
        }
    }
    Ok(())
}

/// When a deal made at `created` is expected to close: a few weeks to a
/// few months on. A date that has passed by `now` is one the rep keeps
/// moving, as reps do: from three weeks ago to two months ahead, so the
/// pipeline has some overdue deals, not only overdue ones.
fn expected_close(
    rng: &mut SmallRng,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
) -> chrono::NaiveDate {
    let planned = created + Duration::days(rng.random_range(14..=100));
    let at = if planned < now {
        now + Duration::days(rng.random_range(-21..=60))
    } else {
        planned
    };
    at.date_naive()
}
