//! What the customer-insight reports are computed from: each customer's
//! purchase days, and for win-back each customer's touches and lapse
//! reasons. The reports themselves are pure (`domain::insight`).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::twin::{at_once, TWO_WALKS_FROM};
use super::{parse_ts, parse_word, Result, Store};
use crate::domain::insight::winback::{Touch, TouchKind, WinbackHistory};
use crate::domain::insight::{CustomerPurchases, PurchaseDay};
use crate::domain::triage::LapseReason;
use crate::domain::zone::Zone;

/// The code and name a report shows for a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerLabel {
    pub code: Option<String>,
    pub name: String,
}

/// [`Store::customer_purchases`] of the accounts with ids in `ids`
/// (inclusive), on `conn`.
fn purchases_in(
    conn: &rusqlite::Connection,
    zone: &impl Zone,
    ids: (i64, i64),
) -> rusqlite::Result<Vec<CustomerPurchases>> {
    let mut st = conn.prepare_cached(
        "SELECT account_id, ordered_at, amount FROM orders \
         WHERE voided_at IS NULL AND account_id BETWEEN ?1 AND ?2 \
         ORDER BY account_id, ordered_at",
    )?;
    let mut rows = st.query([ids.0, ids.1])?;
    let mut out: Vec<CustomerPurchases> = Vec::new();
    while let Some(r) = rows.next()? {
        let account_id: i64 = r.get(0)?;
        let at = parse_ts(1, r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)?;
        let amount: i64 = r.get(2)?;
        let day = zone.local_day(at);
        if out.last().is_none_or(|c| c.account_id != account_id) {
            out.push(CustomerPurchases {
                account_id,
                days: Vec::new(),
            });
        }
        if let Some(c) = out.last_mut() {
            add_to_day(&mut c.days, day, amount);
        }
    }
    Ok(out)
}

/// [`Store::customer_labels`] on `conn`.
fn labels_in(
    conn: &rusqlite::Connection,
    ids: &[i64],
) -> rusqlite::Result<HashMap<i64, CustomerLabel>> {
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    let Some(&first) = wanted.first() else {
        return Ok(out);
    };
    let mut st =
        conn.prepare_cached("SELECT id, code, name FROM accounts WHERE id >= ?1 ORDER BY id")?;
    let mut rows = st.query([first])?;
    let mut next = wanted.iter().peekable();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        while next.next_if(|&&w| w < id).is_some() {}
        if next.next_if_eq(&&id).is_some() {
            out.insert(
                id,
                CustomerLabel {
                    code: r.get(1)?,
                    name: r.get(2)?,
                },
            );
        }
        if next.peek().is_none() {
            break;
        }
    }
    Ok(out)
}

impl Store {
    /// Every customer's purchases: non-voided orders grouped by calendar
    /// day in the operator's zone (amounts of a day summed), oldest day
    /// first; customers by account id. Archived accounts count: what they
    /// bought was bought.
    ///
    /// Read in two halves by account id on two threads, on one moment
    /// ([`super::twin`]), when there are many accounts: 2.7M orders at 1M.
    pub fn customer_purchases(&self) -> Result<Vec<CustomerPurchases>> {
        self.purchases_walked(TWO_WALKS_FROM)
    }

    /// [`Store::customer_purchases`], in two halves when the last account
    /// id is `two_walks_from` or more.
    pub(crate) fn purchases_walked(&self, two_walks_from: i64) -> Result<Vec<CustomerPurchases>> {
        let tx = self.reading()?;
        let (last, twin) = self.twin_for("accounts", two_walks_from)?;
        let zone = &self.zone;
        let out = match twin {
            None => purchases_in(&self.conn, zone, (i64::MIN, i64::MAX))?,
            Some(twin) => {
                let half = last / 2;
                let (later, out) = at_once(
                    twin,
                    |twin| purchases_in(twin, zone, (half + 1, i64::MAX)),
                    || purchases_in(&self.conn, zone, (i64::MIN, half)),
                );
                let mut out = out?;
                out.extend(later?);
                out
            }
        };
        if let Some(tx) = tx {
            tx.finish()?;
        }
        Ok(out)
    }

    /// Code and name of the accounts `ids` (the customers a report lists).
    ///
    /// One pass over the table in id order, keeping the wanted rows: at 1M
    /// accounts 0.5 s, where finding the buyers again from their orders
    /// (3M order rows into a list, then each account) took 1.1 s.
    pub fn customer_labels(&self, ids: &[i64]) -> Result<HashMap<i64, CustomerLabel>> {
        Ok(labels_in(&self.conn, ids)?)
    }

    /// [`Store::customer_labels`], read on a second connection on the moment
    /// this store's open read sees ([`super::twin`]) while `meanwhile` runs
    /// here (a report's model fit: at 1M accounts both take ~0.8 s), when
    /// the table is large enough for that to pay; else one after the other.
    pub fn customer_labels_meanwhile<T>(
        &self,
        ids: &[i64],
        meanwhile: impl FnOnce() -> T,
    ) -> Result<(HashMap<i64, CustomerLabel>, T)> {
        self.labels_walked(ids, TWO_WALKS_FROM, meanwhile)
    }

    /// [`Store::customer_labels_meanwhile`], on a twin when the last account
    /// id is `two_walks_from` or more.
    pub(crate) fn labels_walked<T>(
        &self,
        ids: &[i64],
        two_walks_from: i64,
        meanwhile: impl FnOnce() -> T,
    ) -> Result<(HashMap<i64, CustomerLabel>, T)> {
        let tx = self.reading()?;
        let (_, twin) = self.twin_for("accounts", two_walks_from)?;
        let (labels, done) = match twin {
            Some(twin) => at_once(twin, |twin| labels_in(twin, ids), meanwhile),
            None => {
                let done = meanwhile();
                (labels_in(&self.conn, ids), done)
            }
        };
        let labels = labels?;
        if let Some(tx) = tx {
            tx.finish()?;
        }
        Ok((labels, done))
    }

    /// For win-back, every account that bought: its own interval, its
    /// touches (non-retracted conversations, non-voided orders) oldest
    /// first, and every lapse reason recorded for it, oldest first, each
    /// dated by the conversation that gave it.
    pub fn winback_histories(&self) -> Result<Vec<WinbackHistory>> {
        let mut out: Vec<WinbackHistory> = Vec::new();
        let mut index: HashMap<i64, usize> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT id, interval_days FROM accounts WHERE id IN \
             (SELECT account_id FROM orders WHERE voided_at IS NULL) ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let account_id: i64 = r.get(0)?;
            index.insert(account_id, out.len());
            out.push(WinbackHistory {
                account_id,
                interval_days: r.get(1)?,
                touches: Vec::new(),
                reasons: Vec::new(),
            });
        }
        let mut st = self.conn.prepare_cached(
            "SELECT account_id, happened_at, kind = 'note' FROM conversations \
             WHERE retracted_at IS NULL \
             UNION ALL \
             SELECT account_id, ordered_at, 2 FROM orders WHERE voided_at IS NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(&r.get::<_, i64>(0)?) else {
                continue;
            };
            let at = parse_ts(1, r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)?;
            let kind = match r.get::<_, i64>(2)? {
                0 => TouchKind::Contact,
                1 => TouchKind::Note,
                _ => TouchKind::Order,
            };
            out[i].touches.push(Touch { at, kind });
        }
        // A reason is dated by the conversation it was given in (written
        // in the same transaction, so logged at the moment of the change),
        // not by when that conversation was typed in: a call logged a week
        // late still happened when it happened. Should several share that
        // moment (an import), the latest: a reason is never taken as known
        // before the conversation that could have given it.
        let mut st = self.conn.prepare_cached(
            "SELECT ch.account_id, coalesce((SELECT max(c.happened_at) FROM conversations c \
                 WHERE c.account_id = ch.account_id AND c.logged_at = ch.changed_at), \
                 ch.changed_at), ch.new_value \
             FROM account_changes ch \
             WHERE ch.field = 'lapse_reason' AND ch.new_value IS NOT NULL ORDER BY ch.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(&r.get::<_, i64>(0)?) else {
                continue;
            };
            let at = parse_ts(1, r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)?;
            let word = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let reason = parse_word(2, word, LapseReason::parse)?;
            out[i].reasons.push((at, reason));
        }
        for h in out.iter_mut() {
            h.touches.sort_by_key(|t| t.at);
            h.reasons.sort_by_key(|(at, _)| *at);
        }
        Ok(out)
    }
}

/// Add an order of `day` to days kept oldest first (orders come in time
/// order, so a day is either the last one or a new one).
fn add_to_day(days: &mut Vec<PurchaseDay>, day: NaiveDate, amount: i64) {
    match days.last_mut() {
        Some(last) if last.day == day => last.amount += amount,
        _ => days.push(PurchaseDay { day, amount }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{AccountFields, ConversationKind, Direction, NewConversation};
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn fresh() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
        store.set_local_offset(FixedOffset::east_opt(9 * 3600).unwrap());
        (dir, store)
    }

    fn account(store: &mut Store, name: &str) -> i64 {
        let f = AccountFields {
            name: name.into(),
            ..Default::default()
        };
        store
            .add_account(&f, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
            .unwrap()
    }

    #[test]
    fn purchases_and_names_read_on_two_threads_are_those_read_on_one() {
        let (_dir, mut s) = fresh();
        let now = at("2026-11-30T00:00:00Z");
        let ids: Vec<i64> = (0..9).map(|i| account(&mut s, &format!("客{i}"))).collect();
        for (n, &id) in ids.iter().enumerate().filter(|(n, _)| n % 3 != 1) {
            for k in 0..=n {
                let day = format!("2026-1{}-{:02}T0{}:00:00Z", k % 2, 10 + k, k % 9);
                s.add_order(id, at(&day), 100 * (k as i64 + 1), "", now)
                    .unwrap();
            }
        }
        let one = s.purchases_walked(i64::MAX).unwrap();
        assert_eq!(one.len(), 6);
        let buyers: Vec<i64> = one.iter().map(|c| c.account_id).collect();
        let (names_one, ran) = s.labels_walked(&buyers, i64::MAX, || 1).unwrap();
        assert_eq!((names_one.len(), ran), (6, 1));
        // Both halves have buyers, both are on one moment (the twin is had).
        let (two, names_two, ran, count) = s
            .in_one_read(|st| {
                let two = st.purchases_walked(1)?;
                let (names, ran) = st.labels_walked(&buyers, 1, || 2)?;
                let twin = super::super::twin::twin_of(&st.conn, &st.path).unwrap();
                let count: i64 = twin.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
                Ok((two, names, ran, count))
            })
            .unwrap();
        assert_eq!(count, 30);
        assert_eq!(two, one);
        assert_eq!((names_two, ran), (names_one, 2));
    }

    #[test]
    fn purchase_days_are_local_days_without_voided_orders() {
        let (_dir, mut s) = fresh();
        let now = at("2026-11-30T00:00:00Z");
        let a = account(&mut s, "A");
        let b = account(&mut s, "B");
        let _prospect = account(&mut s, "C");
        // 2026-11-22 16:00 UTC is 11-23 01:00 in Tokyo: the same day as
        // 11-23 10:00 UTC.
        s.add_order(a, at("2026-11-22T16:00:00Z"), 1000, "", now)
            .unwrap();
        s.add_order(a, at("2026-11-23T10:00:00Z"), 500, "", now)
            .unwrap();
        s.add_order(a, at("2026-11-22T14:00:00Z"), 70, "", now)
            .unwrap();
        let voided = s
            .add_order(a, at("2026-11-25T01:00:00Z"), 9999, "", now)
            .unwrap();
        s.void_order(voided, "entered twice", now).unwrap();
        let only_voided = s
            .add_order(b, at("2026-11-25T01:00:00Z"), 1, "", now)
            .unwrap();
        s.void_order(only_voided, "mistake", now).unwrap();
        let got = s.customer_purchases().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            got,
            vec![CustomerPurchases {
                account_id: a,
                days: vec![
                    PurchaseDay {
                        day: d("2026-11-22"),
                        amount: 70
                    },
                    PurchaseDay {
                        day: d("2026-11-23"),
                        amount: 1500
                    },
                ],
            }]
        );
        let labels = s.customer_labels(&[a]).unwrap();
        assert_eq!(labels.len(), 1);
        assert_eq!(labels[&a].name, "A");
        // Any order, repeats and unknown ids; only those asked for.
        let b = account(&mut s, "B");
        let c = account(&mut s, "C");
        let labels = s.customer_labels(&[c, 999, a, c]).unwrap();
        let mut names: Vec<&str> = labels.values().map(|l| l.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["A", "C"]);
        assert!(!labels.contains_key(&b));
        assert!(s.customer_labels(&[]).unwrap().is_empty());
    }

    #[test]
    fn winback_history_has_touches_kinds_and_reasons() {
        let (_dir, mut s) = fresh();
        let now = at("2026-11-30T00:00:00Z");
        let a = account(&mut s, "A");
        let _prospect = account(&mut s, "P");
        s.add_order(a, at("2026-03-01T01:00:00Z"), 1000, "", now)
            .unwrap();
        let call = |kind, when: &str| NewConversation {
            account_id: a,
            contact_id: None,
            kind,
            direction: Direction::Out,
            happened_at: at(when),
            summary: "s".into(),
            body: String::new(),
            outcome: None,
        };
        s.log_with(
            &call(ConversationKind::Call, "2026-06-01T01:00:00Z"),
            Some(LapseReason::NoValue),
            None,
            now,
        )
        .unwrap();
        // Typed in later, in another session.
        let later = at("2026-12-01T00:00:00Z");
        s.log_conversation(&call(ConversationKind::Note, "2026-05-01T01:00:00Z"), later)
            .unwrap();
        let gone = s
            .log_conversation(
                &call(ConversationKind::Visit, "2026-07-01T01:00:00Z"),
                later,
            )
            .unwrap();
        s.retract_conversation(gone, "wrong account", now).unwrap();
        let got = s.winback_histories().unwrap();
        assert_eq!(got.len(), 1);
        let h = &got[0];
        assert_eq!(h.account_id, a);
        let kinds: Vec<TouchKind> = h.touches.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [TouchKind::Order, TouchKind::Note, TouchKind::Contact]
        );
        assert_eq!(
            h.reasons,
            vec![(at("2026-06-01T01:00:00Z"), LapseReason::NoValue)]
        );
    }
}
