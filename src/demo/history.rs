//! What happened with an account over the past ~18 months: conversations
//! and orders laid out on the account's own rhythm, ending recently for
//! current customers and long ago for those who went quiet.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::fill::{fill, thousands, Vars};
use super::identity::Identity;
use super::words::{Language, Product, Template};
use super::{pick, pick_word, Lang};
use crate::domain::model::{Retraction, Revision};
use crate::store::bulk::{BulkConversation, BulkOrder};

/// How far back the history reaches (about 18 months).
const WINDOW_DAYS: i64 = 548;
/// Order amounts stay in this range (yen).
const MIN_ORDER: i64 = 3_000;
const MAX_ORDER: i64 = 500_000;
/// Share of conversations later edited, and later retracted.
const EDIT_RATE: f64 = 0.01;
const RETRACT_RATE: f64 = 0.001;

/// Where an account stands now, which decides how its history ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// A customer in touch within their rhythm.
    Current,
    /// A customer whose last touch is several rhythms ago.
    Quiet,
    Lapsed,
    Lost,
    Prospect,
}

/// The shape of one account's history.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    pub standing: Standing,
    /// Typical days between touch days (7 weekly ... 91 quarterly).
    pub rhythm_days: f64,
    /// Make sure at least one conversation was edited.
    pub force_edit: bool,
    /// Retract the latest conversation.
    pub force_retraction: bool,
}

/// The generated touches, oldest first.
pub(super) struct History {
    pub conversations: Vec<BulkConversation>,
    pub orders: Vec<BulkOrder>,
    pub first_touch: Option<DateTime<Utc>>,
}

/// What the text of one account draws on.
struct Voice<'a> {
    words: &'a Language,
    lang: Lang,
    who: &'a Identity,
    favourites: Vec<Product>,
    /// 0..1: how big this account's orders run.
    size: f64,
}

/// Lay out and write the account's history up to (not including) today.
pub(super) fn history(
    rng: &mut SmallRng,
    words: &Language,
    products: &[Product],
    lang: Lang,
    who: &Identity,
    plan: &Plan,
    now: DateTime<Utc>,
) -> History {
    let r = plan.rhythm_days;
    let (n_conversations, days_silent) = match plan.standing {
        Standing::Current => (
            rng.random_range(7..=15),
            rng.random_range(1.0..(0.8 * r).max(2.0)),
        ),
        Standing::Quiet => {
            // Leave room in the window for enough touch days to learn from.
            let cap = (WINDOW_DAYS as f64 - 3.5 * r).max(21.0);
            (
                rng.random_range(7..=15),
                (r * rng.random_range(2.5..5.0)).clamp(21.0, cap),
            )
        }
        Standing::Lapsed => (rng.random_range(5..=11), rng.random_range(150.0..420.0)),
        Standing::Lost => (rng.random_range(5..=11), rng.random_range(240.0..500.0)),
        Standing::Prospect => (rng.random_range(4..=10), rng.random_range(1.0..60.0)),
    };
    let n_orders = order_count(rng, plan.standing);
    // Most customers who stopped were asked why, the last time we spoke,
    // after a silence.
    let stopped = matches!(plan.standing, Standing::Lapsed | Standing::Lost);
    let asked_why = stopped && rng.random_bool(0.7);
    // Some buying customers went quiet once and were called back: a
    // silence of a few rhythms before touch day `episode` (newest first),
    // the call on the day after it, an order on the next.
    let episode = match plan.standing {
        _ if asked_why => Some(1),
        Standing::Current | Standing::Quiet if n_orders >= 2 && rng.random_bool(0.25) => {
            Some(rng.random_range(2..6))
        }
        _ => None,
    };
    let touches = n_conversations + n_orders;
    let wanted_days = ((touches as f64 * rng.random_range(0.6..0.9)).ceil() as usize).max(1);
    // Days ago of each touch day, newest first, one rhythm apart with jitter.
    let mut days_ago: Vec<i64> = vec![(days_silent.round() as i64).max(1)];
    while days_ago.len() < wanted_days {
        let mut gap = (r * rng.random_range(0.75..1.25)).round().max(1.0) as i64;
        if episode == Some(days_ago.len()) {
            gap += (r * rng.random_range(1.5..3.0)).round() as i64;
        }
        let next = days_ago[days_ago.len() - 1] + gap;
        if next > WINDOW_DAYS {
            break;
        }
        days_ago.push(next);
    }
    days_ago.reverse();

    // Every touch day gets one touch; the rest land on random touch days.
    let mut is_order: Vec<bool> = (0..touches).map(|i| i >= n_conversations).collect();
    is_order.shuffle(rng);
    // The call after the silence (oldest-first index), if the silence fit.
    let days = days_ago.len();
    let callback = episode.filter(|&e| e < days).map(|e| days - e);
    if let Some(call) = callback {
        set_touch(&mut is_order, call, false, &[]);
        if !stopped && call + 1 < days {
            set_touch(&mut is_order, call + 1, true, &[call]);
        }
    }
    let today = now.date_naive().and_time(NaiveTime::MIN).and_utc();
    let mut voice = Voice {
        words,
        lang,
        who,
        favourites: Vec::new(),
        size: rng.random::<f64>(),
    };
    for _ in 0..rng.random_range(1..=3) {
        voice.favourites.push(*pick(rng, products));
    }
    let mut conversations = Vec::with_capacity(n_conversations);
    let mut orders = Vec::with_capacity(n_orders);
    for (k, order) in is_order.into_iter().enumerate() {
        let ago = days_ago
            .get(k)
            .copied()
            .unwrap_or_else(|| *pick(rng, &days_ago));
        // Office hours in Japan (09:00-18:00 JST is 00:00-09:00 UTC), so
        // every touch falls on the same calendar day in both zones.
        let at = today - Duration::days(ago) + Duration::minutes(rng.random_range(0..540));
        if order {
            orders.push(voice.order(rng, at));
        } else if callback == Some(k) && !stopped && rng.random_bool(0.5) {
            // Called back after the silence, and told why they had stopped.
            let t = pick(rng, &words.lapse_templates);
            conversations.push(voice.conversation_from(rng, at, t));
        } else {
            conversations.push(voice.conversation(rng, at));
        }
    }
    conversations.sort_by_key(|c| c.happened_at);
    orders.sort_by_key(|o| o.ordered_at);
    if asked_why {
        if let Some(last) = conversations.last_mut() {
            let t = pick(rng, &words.lapse_templates);
            // After any order of that day: asking why comes last. Still
            // the same day, as orders fall by 09:00 UTC.
            let after_orders = orders
                .last()
                .map(|o| o.ordered_at + Duration::minutes(rng.random_range(30..120)));
            let at = after_orders.map_or(last.happened_at, |o| o.max(last.happened_at));
            *last = voice.conversation_from(rng, at, t);
        }
    }

    for c in conversations.iter_mut() {
        if rng.random_bool(EDIT_RATE) {
            voice.edit(rng, c, now);
        }
        // Why a customer stopped is never the entry logged by mistake.
        if rng.random_bool(RETRACT_RATE) && c.lapse_reason.is_none() {
            voice.retract(rng, c, now);
        }
    }
    if plan.force_edit
        && conversations.iter().all(|c| c.edits.is_empty())
        && !conversations.is_empty()
    {
        let i = rng.random_range(0..conversations.len());
        voice.edit(rng, &mut conversations[i], now);
    }
    if plan.force_retraction && conversations.len() > 1 {
        let latest = conversations
            .iter_mut()
            .rev()
            .find(|c| c.lapse_reason.is_none());
        if let Some(last) = latest.filter(|c| c.retraction.is_none()) {
            voice.retract(rng, last, now);
        }
    }
    let first_touch = conversations
        .first()
        .map(|c| c.happened_at)
        .into_iter()
        .chain(orders.first().map(|o| o.ordered_at))
        .min();
    History {
        conversations,
        orders,
        first_touch,
    }
}

/// How many orders an account placed: many customers buy once, a few
/// keep coming back (the funnel and the RFM segments need both).
fn order_count(rng: &mut SmallRng, standing: Standing) -> usize {
    match standing {
        Standing::Prospect => 0,
        Standing::Lapsed | Standing::Lost => match rng.random_range(0..100) {
            0..50 => 1,
            _ => rng.random_range(2..=4),
        },
        Standing::Current | Standing::Quiet => match rng.random_range(0..100) {
            0..35 => 1,
            35..65 => rng.random_range(2..=3),
            65..90 => rng.random_range(4..=7),
            _ => rng.random_range(8..=14),
        },
    }
}

/// Make touch `k` an order (`true`) or a conversation, swapping with a
/// touch of the other kind so the counts stay (never one in `keep`).
fn set_touch(is_order: &mut [bool], k: usize, order: bool, keep: &[usize]) {
    if k >= is_order.len() || is_order[k] == order {
        return;
    }
    let other = (0..is_order.len()).find(|&i| i != k && is_order[i] == order && !keep.contains(&i));
    if let Some(i) = other {
        is_order.swap(i, k);
    }
}

impl Voice<'_> {
    fn product_name(&self, p: &Product) -> &'static str {
        match self.lang {
            Lang::Ja => p.ja,
            Lang::En => p.en,
        }
    }

    /// A quantity that keeps the amount in range, bigger for bigger accounts.
    fn quantity(&self, rng: &mut SmallRng, p: &Product) -> i64 {
        let lowest = ((MIN_ORDER + p.price - 1) / p.price).max(1);
        let highest = (MAX_ORDER / p.price).max(lowest);
        let spread = (highest - lowest) as f64 * self.size * self.size * rng.random_range(0.2..1.0);
        lowest + spread as i64
    }

    fn amount_text(&self, amount: i64) -> String {
        self.words.amount_format.replace("{n}", &thousands(amount))
    }

    fn order(&self, rng: &mut SmallRng, at: DateTime<Utc>) -> BulkOrder {
        let p = *pick(rng, &self.favourites);
        let qty = self.quantity(rng, &p);
        let vars = Vars {
            product: self.product_name(&p),
            qty,
            amount: "",
            contact: "",
            weekday: "",
        };
        BulkOrder {
            ordered_at: at,
            amount: p.price * qty,
            note: fill(self.words.order_note, &vars, self.lang),
            created_at: at + Duration::minutes(rng.random_range(1..30)),
        }
    }

    fn conversation(&self, rng: &mut SmallRng, at: DateTime<Utc>) -> BulkConversation {
        let t = pick(rng, &self.words.templates);
        self.conversation_from(rng, at, t)
    }

    fn conversation_from(
        &self,
        rng: &mut SmallRng,
        at: DateTime<Utc>,
        t: &Template,
    ) -> BulkConversation {
        let p = *pick(rng, &self.favourites);
        let qty = self.quantity(rng, &p);
        let amount = self.amount_text(p.price * qty);
        let contact = (!self.who.contacts.is_empty() && rng.random_bool(0.75))
            .then(|| rng.random_range(0..self.who.contacts.len()));
        let contact_name = contact
            .and_then(|i| self.who.contact_call_names.get(i))
            .unwrap_or(&self.who.call_name);
        let vars = Vars {
            product: self.product_name(&p),
            qty,
            amount: &amount,
            contact: contact_name,
            weekday: pick_word(rng, &self.words.weekdays),
        };
        BulkConversation {
            contact,
            kind: t.kind,
            direction: t.direction,
            happened_at: at,
            logged_at: at + Duration::minutes(rng.random_range(2..120)),
            summary: fill(t.summary, &vars, self.lang),
            body: fill(&t.body, &vars, self.lang),
            outcome: t.outcome.map(str::to_string),
            lapse_reason: t.lapse,
            edits: Vec::new(),
            retraction: None,
        }
    }

    /// Append one or two later versions, each adding a line to the body.
    fn edit(&self, rng: &mut SmallRng, c: &mut BulkConversation, now: DateTime<Utc>) {
        let times = if rng.random_bool(0.2) { 2 } else { 1 };
        for _ in 0..times {
            let (prev_at, prev_body) = match c.edits.last() {
                Some(e) => (e.at, e.body.clone()),
                None => (c.logged_at, c.body.clone()),
            };
            let p = *pick(rng, &self.favourites);
            let qty = self.quantity(rng, &p);
            let amount = self.amount_text(p.price * qty);
            let contact = c
                .contact
                .and_then(|i| self.who.contact_call_names.get(i))
                .unwrap_or(&self.who.call_name);
            let vars = Vars {
                product: self.product_name(&p),
                qty,
                amount: &amount,
                contact,
                weekday: pick_word(rng, &self.words.weekdays),
            };
            let addendum = fill(
                pick_word(rng, &self.words.revision_addenda),
                &vars,
                self.lang,
            );
            // Half the edits also mark the summary, so lists show it changed.
            let prev_summary = c.edits.last().map_or(&c.summary, |e| &e.summary);
            let summary = match (rng.random_bool(0.5), self.lang) {
                (true, Lang::Ja) if !prev_summary.ends_with('）') => {
                    format!("{prev_summary}（追記あり）")
                }
                (true, Lang::En) if !prev_summary.ends_with(')') => {
                    format!("{prev_summary} (updated)")
                }
                _ => prev_summary.clone(),
            };
            c.edits.push(Revision {
                summary,
                body: format!("{prev_body}\n{addendum}"),
                outcome: c.outcome.clone(),
                at: (prev_at + Duration::minutes(rng.random_range(10..4320))).min(now),
            });
        }
    }

    fn retract(&self, rng: &mut SmallRng, c: &mut BulkConversation, now: DateTime<Utc>) {
        let after = c.edits.last().map_or(c.logged_at, |e| e.at);
        c.retraction = Some(Retraction {
            reason: pick(rng, &self.words.retraction_reasons).to_string(),
            at: (after + Duration::minutes(rng.random_range(30..2880))).min(now),
        });
    }
}
