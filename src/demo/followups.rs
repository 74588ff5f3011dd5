//! Follow-ups an account's history would have left: ones completed by a
//! later conversation, a few cancelled, and open ones (due soon for
//! current customers, long overdue for some who went quiet) so the Today
//! and Quiet screens have work on them.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::rngs::SmallRng;
use rand::Rng;

use super::history::Standing;
use super::words::Language;
use super::{pick, pick_word};
use crate::domain::model::{ConversationKind, Direction};
use crate::store::bulk::{BulkConversation, BulkFollowUp, FollowUpClosed};

/// Share of later outbound conversations that closed a scheduled follow-up.
const DONE_RATE: f64 = 0.15;

/// Times of day follow-ups are set for, when they have one.
const TIMES: [(u32, u32); 5] = [(10, 0), (11, 30), (14, 0), (15, 30), (16, 0)];

/// Follow-ups for an account whose conversations (oldest first) are
/// given; `today` is the operator's calendar day at `now`.
pub(super) fn follow_ups(
    rng: &mut SmallRng,
    words: &Language,
    contacts: usize,
    standing: Standing,
    conversations: &[BulkConversation],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<BulkFollowUp> {
    let mut out = Vec::new();
    let contact = |rng: &mut SmallRng| {
        (contacts > 0 && rng.random_bool(0.6)).then(|| rng.random_range(0..contacts))
    };
    // Each done one was scheduled right after the conversation before it.
    for i in 1..conversations.len() {
        let (before, c) = (&conversations[i - 1], &conversations[i]);
        if c.retraction.is_some()
            || c.direction != Direction::Out
            || c.kind == ConversationKind::Note
        {
            continue;
        }
        if !rng.random_bool(DONE_RATE) {
            continue;
        }
        let created_at = before.logged_at + Duration::minutes(rng.random_range(1..30));
        let due_on = (c.happened_at.date_naive() - Duration::days(rng.random_range(0..=2)))
            .max(created_at.date_naive());
        out.push(BulkFollowUp {
            contact: c.contact,
            kind: c.kind,
            due_on,
            due_time: None,
            note: pick_word(rng, &words.follow_up_notes).to_string(),
            created_at: created_at.min(c.logged_at),
            closed: Some(FollowUpClosed::Done {
                conversation: i,
                at: c.logged_at,
            }),
        });
    }

    let Some(last) = conversations.last() else {
        return out;
    };
    let last_day = last.happened_at.date_naive();
    let scheduled_at = (last.logged_at + Duration::minutes(rng.random_range(1..30))).min(now);
    if rng.random_bool(0.03) {
        let at = (scheduled_at + Duration::days(rng.random_range(1..10))).min(now);
        out.push(BulkFollowUp {
            contact: contact(rng),
            kind: ConversationKind::Call,
            due_on: last_day + Duration::days(rng.random_range(3..14)),
            due_time: None,
            note: pick_word(rng, &words.follow_up_notes).to_string(),
            created_at: scheduled_at,
            closed: Some(FollowUpClosed::Cancelled {
                reason: pick_word(rng, &words.follow_up_cancel_reasons).to_string(),
                at,
            }),
        });
        return out;
    }
    let due_on = match standing {
        Standing::Current if rng.random_bool(0.35) => {
            today + Duration::days(rng.random_range(-3..=14))
        }
        Standing::Prospect if rng.random_bool(0.4) => {
            today + Duration::days(rng.random_range(-2..=10))
        }
        // Promised to call back, then never did: the reason they went quiet.
        Standing::Quiet if rng.random_bool(0.25) => {
            (last_day + Duration::days(rng.random_range(7..30))).min(today - Duration::days(1))
        }
        Standing::Lapsed | Standing::Lost if rng.random_bool(0.05) => {
            (last_day + Duration::days(rng.random_range(30..90))).min(today - Duration::days(1))
        }
        _ => return out,
    };
    let kind = match rng.random_range(0..100) {
        0..60 => ConversationKind::Call,
        60..75 => ConversationKind::Visit,
        75..90 => ConversationKind::Email,
        _ => ConversationKind::Meeting,
    };
    let due_time = rng
        .random_bool(0.25)
        .then(|| {
            let (h, m) = *pick(rng, &TIMES);
            NaiveTime::from_hms_opt(h, m, 0)
        })
        .flatten();
    out.push(BulkFollowUp {
        contact: contact(rng),
        kind,
        due_on: due_on.max(last_day),
        due_time,
        note: pick_word(rng, &words.follow_up_notes).to_string(),
        created_at: scheduled_at,
        closed: None,
    });
    out
}
