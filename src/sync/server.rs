//! The shared book on a PostgreSQL server: one append-only table of
//! events and one row saying which book it is.
//!
//! Nothing here needs more than `SELECT, INSERT` on the events: a push
//! is `INSERT … ON CONFLICT DO NOTHING` (a retry is harmless), a pull
//! reads one origin's events above a sequence number (rows committing out
//! of order are never skipped). The SQL is plain PostgreSQL 14 that
//! CockroachDB also speaks: no triggers, no functions, no extensions.

use std::collections::HashMap;

use postgres::error::SqlState;

use super::conn::{self, Connection};
use super::run::Remote;
use super::{ServerError, Warning};
use crate::store::replica::SyncEvent;

/// The version of the server's tables this salesbench writes.
pub const SCHEMA_VERSION: i32 = 1;

/// Our two tables, in the schema the connection uses.
pub const TABLES: [&str; 2] = ["salesbench_events", "salesbench_meta"];

const CREATE: &str = "
CREATE TABLE salesbench_meta (
    book_id TEXT NOT NULL PRIMARY KEY,
    schema_version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE salesbench_events (
    uuid UUID NOT NULL PRIMARY KEY,
    origin UUID NOT NULL,
    origin_seq BIGINT NOT NULL,
    hlc BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (origin, origin_seq)
);";

/// The statements that let an operator's role use the book, and nothing
/// more: read and add events, read which book it is.
pub fn grants(database: &str, schema: &str, role: &str) -> Vec<String> {
    let role = quote_ident(role);
    let schema = quote_ident(schema);
    vec![
        format!(
            "GRANT CONNECT ON DATABASE {} TO {role};",
            quote_ident(database)
        ),
        format!("GRANT USAGE ON SCHEMA {schema} TO {role};"),
        format!("GRANT SELECT, INSERT ON {schema}.salesbench_events TO {role};"),
        format!("GRANT SELECT ON {schema}.salesbench_meta TO {role};"),
    ]
}

/// A name as SQL needs it written (quoted unless plain lower-case).
pub fn quote_ident(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// What `server init` found or made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialised {
    pub book: String,
    /// False when the book was there already (init is safe to repeat).
    pub created: bool,
    pub database: String,
    pub schema: String,
    pub warnings: Vec<Warning>,
}

/// Create the shared book's tables at `url`, or find them there. Refuses
/// a schema that holds tables of anything else.
pub fn init(url: &str) -> Result<Initialised, ServerError> {
    let Connection {
        mut client,
        url,
        warnings,
    } = conn::connect(url)?;
    let fail = |e: postgres::Error| operation_error(&e, &url);
    let schema: String = client
        .query_one("SELECT current_schema()", &[])
        .map_err(fail)?
        .get(0);
    let present: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY 1",
            &[],
        )
        .map_err(fail)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let foreign: Vec<String> = present
        .iter()
        .filter(|t| !TABLES.contains(&t.as_str()))
        .cloned()
        .collect();
    if !foreign.is_empty() {
        return Err(ServerError::Foreign {
            schema,
            tables: foreign,
        });
    }
    let created = present.is_empty();
    if created {
        let book = uuid::Uuid::now_v7().to_string();
        let mut tx = client.transaction().map_err(fail)?;
        tx.batch_execute(CREATE).map_err(fail)?;
        tx.execute(
            "INSERT INTO salesbench_meta (book_id, schema_version) VALUES ($1, $2)",
            &[&book, &SCHEMA_VERSION],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    let mut remote = PgRemote {
        client,
        url,
        warnings,
    };
    let book = remote.book_id()?;
    Ok(Initialised {
        book,
        created,
        database: remote.url.database.clone(),
        schema,
        warnings: remote.warnings,
    })
}

/// The server as the sync sees it.
pub struct PgRemote {
    client: postgres::Client,
    url: super::url::ServerUrl,
    pub warnings: Vec<Warning>,
}

impl PgRemote {
    pub fn connect(url: &str) -> Result<PgRemote, ServerError> {
        let Connection {
            client,
            url,
            warnings,
        } = conn::connect(url)?;
        Ok(PgRemote {
            client,
            url,
            warnings,
        })
    }

    /// The URL as it may be shown (password as `***`).
    pub fn shown_url(&self) -> &str {
        &self.url.shown
    }

    fn fail(&self, e: postgres::Error) -> ServerError {
        operation_error(&e, &self.url)
    }

    fn book_id(&mut self) -> Result<String, ServerError> {
        let row = self
            .client
            .query_opt("SELECT book_id, schema_version FROM salesbench_meta", &[]);
        let row = match row {
            Ok(r) => r,
            Err(e) => return Err(self.fail(e)),
        };
        let Some(row) = row else {
            return Err(ServerError::NotInitialised {
                url: self.url.shown.clone(),
            });
        };
        let version: i32 = row.get(1);
        if version > SCHEMA_VERSION {
            return Err(ServerError::SchemaTooNew {
                url: self.url.shown.clone(),
                found: version.to_string(),
            });
        }
        Ok(row.get(0))
    }
}

impl Remote for PgRemote {
    fn book(&mut self) -> Result<String, ServerError> {
        self.book_id()
    }

    fn push(&mut self, events: &[SyncEvent]) -> Result<usize, ServerError> {
        if events.is_empty() {
            return Ok(0);
        }
        let uuids: Vec<uuid::Uuid> = events
            .iter()
            .map(|e| uuid::Uuid::from_bytes(e.uuid))
            .collect();
        let origins: Vec<uuid::Uuid> = events
            .iter()
            .map(|e| uuid::Uuid::from_bytes(e.origin))
            .collect();
        let seqs: Vec<i64> = events.iter().map(|e| e.origin_seq).collect();
        let hlcs: Vec<i64> = events.iter().map(|e| e.hlc).collect();
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        let payloads: Vec<&str> = events.iter().map(|e| e.payload.as_str()).collect();
        let n = self
            .client
            .execute(
                "INSERT INTO salesbench_events (uuid, origin, origin_seq, hlc, kind, payload) \
                 SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::int8[], $4::int8[], \
                 $5::text[], $6::text[]) ON CONFLICT DO NOTHING",
                &[&uuids, &origins, &seqs, &hlcs, &kinds, &payloads],
            )
            .map_err(|e| self.fail(e))?;
        Ok(n as usize)
    }

    fn heads(&mut self) -> Result<HashMap<[u8; 16], i64>, ServerError> {
        // One index probe per origin (a loose index scan), not a scan of
        // every event: a book has a few dozen origins and millions of rows.
        let rows = self
            .client
            .query(
                "WITH RECURSIVE o(origin) AS ( \
                   (SELECT origin FROM salesbench_events ORDER BY origin LIMIT 1) \
                   UNION ALL \
                   SELECT (SELECT e.origin FROM salesbench_events e WHERE e.origin > o.origin \
                           ORDER BY e.origin LIMIT 1) \
                   FROM o WHERE o.origin IS NOT NULL) \
                 SELECT o.origin, (SELECT e.origin_seq FROM salesbench_events e \
                                   WHERE e.origin = o.origin ORDER BY e.origin_seq DESC LIMIT 1) \
                 FROM o WHERE o.origin IS NOT NULL",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| {
                let origin: uuid::Uuid = r.get(0);
                (*origin.as_bytes(), r.get::<_, i64>(1))
            })
            .collect())
    }

    fn pull(
        &mut self,
        origin: [u8; 16],
        above: i64,
        limit: usize,
    ) -> Result<Vec<SyncEvent>, ServerError> {
        let rows = self
            .client
            .query(
                // The range bounded too (numbers are gapless per origin):
                // before the server has statistics of a big new push, the
                // planner otherwise sorts every event of that origin.
                "SELECT uuid, origin, origin_seq, hlc, kind, payload FROM salesbench_events \
                 WHERE origin = $1 AND origin_seq > $2 AND origin_seq <= $2 + $3 \
                 ORDER BY origin_seq LIMIT $3",
                &[&uuid::Uuid::from_bytes(origin), &above, &(limit as i64)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(rows
            .iter()
            .map(|r| SyncEvent {
                uuid: *r.get::<_, uuid::Uuid>(0).as_bytes(),
                origin: *r.get::<_, uuid::Uuid>(1).as_bytes(),
                origin_seq: r.get(2),
                hlc: r.get(3),
                kind: r.get(4),
                payload: r.get(5),
            })
            .collect())
    }

    fn count(&mut self) -> Result<i64, ServerError> {
        // Sequence numbers are gapless per origin: the heads add up to the
        // number of events, without counting millions of rows.
        Ok(self.heads()?.values().sum())
    }
}

/// A failure after connecting, sorted as the operator needs it.
fn operation_error(e: &postgres::Error, url: &super::url::ServerUrl) -> ServerError {
    let detail = conn::scrub(e, url);
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            return ServerError::Permission { detail };
        }
        if *code == SqlState::UNDEFINED_TABLE {
            return ServerError::NotInitialised {
                url: url.shown.clone(),
            };
        }
        // Class 08 (connection exception) and 57P (operator intervention:
        // the server shutting down) mean the server went away.
        let c = code.code();
        if c.starts_with("08") || c.starts_with("57P") {
            return ServerError::Unreachable {
                url: url.shown.clone(),
                detail,
            };
        }
        return ServerError::Database { detail };
    }
    // Not a server's answer: the link broke (closed, reset, timed out).
    ServerError::Unreachable {
        url: url.shown.clone(),
        detail,
    }
}
