//! Small pieces of the import session: the connection settings it
//! changes, what it keeps per account for orders, and duplicate matching.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::index::IdMap;
use crate::store::Result;

/// The connection settings an import changes, and puts back.
pub(super) struct Pragmas {
    pub cache_size: i64,
    pub foreign_keys: bool,
}

impl Pragmas {
    pub(super) fn read(conn: &rusqlite::Connection) -> Result<Pragmas> {
        Ok(Pragmas {
            cache_size: conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?,
            foreign_keys: conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
        })
    }

    pub(super) fn apply(&self, conn: &rusqlite::Connection) -> Result<()> {
        conn.pragma_update(None, "cache_size", self.cache_size)?;
        conn.pragma_update(None, "foreign_keys", self.foreign_keys)?;
        Ok(())
    }
}

/// An account as the rows of an order import leave it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct OrderState {
    pub has_orders: bool,
    /// The imported order its facts end on (time, amount, order id): the
    /// latest, and among equals the later row. Settled before commit.
    pub latest: Option<(DateTime<Utc>, i64, i64)>,
}

/// The accounts that have at least one order.
pub(super) fn accounts_with_orders(tx: &Transaction<'_>) -> Result<IdMap<OrderState>> {
    let mut st = tx.prepare("SELECT DISTINCT account_id FROM orders")?;
    let mut rows = st.query([])?;
    let mut out = IdMap::default();
    while let Some(r) = rows.next()? {
        let has = OrderState {
            has_orders: true,
            latest: None,
        };
        out.insert(r.get(0)?, has);
    }
    Ok(out)
}

/// The first matching stored row no earlier line has claimed; claims it.
pub(super) fn unclaimed(
    st: &mut rusqlite::CachedStatement<'_>,
    args: &[&dyn rusqlite::ToSql],
    claimed: &mut HashSet<i64>,
) -> Result<Option<i64>> {
    let mut rows = st.query(args)?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if claimed.insert(id) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
