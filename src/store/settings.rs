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
    pub(super) fn reread_currency(&mut self) -> Result<()> {
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
