//! What the database keeps about itself: the currency of its amounts.
//!
//! Amounts are integers in the currency's minor unit, so the same number
//! means ¥2,933 in yen and $29.33 in dollars. The database records its
//! currency with the first amount written (a database from before this
//! record that holds orders is yen: migration 0005), and from then on the
//! recorded currency is the one every amount is read and written in.

use rusqlite::{OptionalExtension, Transaction};

use super::{Result, Store, StoreError};
use crate::domain::money::Currency;

/// How the configured currency and the database's agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyChoice {
    /// The database records the configured currency, or none yet (the
    /// configured one is recorded with the first amount).
    Configured,
    /// The database records another currency; that one is used.
    DatabaseWins { database: Currency },
}

impl Store {
    /// The currency this store reads, shows and writes amounts in.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Use `configured` unless the database already records a currency,
    /// which then wins (amounts written in it must not be misread).
    /// Nothing is written here; the currency is recorded with the first
    /// amount.
    pub fn use_currency(&mut self, configured: Currency) -> Result<CurrencyChoice> {
        match recorded(&self.conn)? {
            Some(database) if database != configured => {
                self.currency = database;
                Ok(CurrencyChoice::DatabaseWins { database })
            }
            _ => {
                self.currency = configured;
                Ok(CurrencyChoice::Configured)
            }
        }
    }

    /// Re-read the recorded currency (after a restore replaced the data).
    pub(crate) fn reread_currency(&mut self) -> Result<()> {
        if let Some(c) = recorded(&self.conn)? {
            self.currency = c;
        }
        Ok(())
    }
}

/// The currency the database records, if any.
pub(super) fn recorded(conn: &rusqlite::Connection) -> Result<Option<Currency>> {
    let code: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'currency'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    code.map(|code| Currency::from_code(&code).ok_or_else(unknown))
        .transpose()
}

/// Inside a transaction that writes an amount: record `currency` as the
/// database's if none is recorded yet, and refuse (nothing written) when
/// another is, as when another program recorded its own currency after
/// this store settled on one.
pub(super) fn pin_currency(tx: &Transaction<'_>, currency: Currency) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO settings (key, value) VALUES ('currency', ?1)")?
        .execute([currency.code])?;
    match recorded(tx)? {
        Some(c) if c == currency => Ok(()),
        _ => Err(StoreError::Invalid {
            field: "amount",
            message: "currency.changed_meanwhile".into(),
        }),
    }
}

fn unknown() -> StoreError {
    StoreError::Invalid {
        field: "currency",
        message: "currency.unknown_in_database".into(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::model::{AccountFields, OrderChange};

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
    }

    fn account(store: &mut Store) -> i64 {
        let f = AccountFields {
            name: "Acme".into(),
            ..Default::default()
        };
        store.add_account(&f, now()).unwrap()
    }

    #[test]
    fn a_database_with_orders_from_before_is_yen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            super::super::migrate::migrate_to(&mut conn, 4).unwrap();
            conn.execute_batch(
                "INSERT INTO accounts (name, search_key, created_at, updated_at) \
                 VALUES ('Acme', 'acme', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'); \
                 INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
                 VALUES (1, '2026-01-01T00:00:00Z', 12000, '', '2026-01-01T00:00:00Z');",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(recorded(&store.conn).unwrap(), Some(Currency::JPY));
        let choice = store.use_currency(Currency::USD).unwrap();
        assert_eq!(
            choice,
            CurrencyChoice::DatabaseWins {
                database: Currency::JPY
            }
        );
        assert_eq!(store.currency(), Currency::JPY);

        // One without orders records nothing until its first amount.
        let empty = dir.path().join("empty.db");
        {
            let mut conn = rusqlite::Connection::open(&empty).unwrap();
            super::super::migrate::migrate_to(&mut conn, 4).unwrap();
        }
        let mut store = Store::open(&empty).unwrap();
        assert_eq!(recorded(&store.conn).unwrap(), None);
        assert_eq!(
            store.use_currency(Currency::USD).unwrap(),
            CurrencyChoice::Configured
        );
    }

    #[test]
    fn a_currency_recorded_meanwhile_by_another_program_refuses_the_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sb.db");
        let mut dollars = Store::open(&path).unwrap();
        let id = account(&mut dollars);
        let mut yen = Store::open(&path).unwrap();
        // Both settle before either writes an amount: nothing recorded yet.
        dollars.use_currency(Currency::USD).unwrap();
        yen.use_currency(Currency::JPY).unwrap();
        let first = yen.add_order(id, now(), 12_000, "", now()).unwrap();
        assert_eq!(recorded(&yen.conn).unwrap(), Some(Currency::JPY));

        // 2933 meant cents here; in this database it would read as ¥2,933.
        let err = dollars.add_order(id, now(), 2_933, "", now()).unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid { field: "amount", message } if message == "currency.changed_meanwhile"),
            "{err:?}"
        );
        let change = OrderChange {
            amount: Some(2_933),
            ..Default::default()
        };
        assert!(dollars.edit_order(first, &change, now()).is_err());
        assert_eq!(dollars.orders(id).unwrap().len(), 1);
        assert_eq!(dollars.order(first).unwrap().amount, 12_000);
        // A note-only edit carries no amount: allowed.
        let note = OrderChange {
            note: Some("gift".into()),
            ..Default::default()
        };
        dollars.edit_order(first, &note, now()).unwrap();
        // Settling again takes the database's currency.
        assert_eq!(
            dollars.use_currency(Currency::USD).unwrap(),
            CurrencyChoice::DatabaseWins {
                database: Currency::JPY
            }
        );
        dollars.add_order(id, now(), 500, "", now()).unwrap();
    }
}
