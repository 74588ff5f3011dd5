//! Every row of every table of a database file, as text: equal before and
//! after a command means the command changed nothing. Shared by the CLI,
//! export, import and backup tests.

use std::path::Path;

/// The schema version, then each table's rows in row order.
pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open for dump");
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("list tables");
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .expect("query tables")
        .collect::<Result<_, _>>()
        .expect("table names");
    let mut out = format!(
        "user_version {}\n",
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .expect("user_version")
    );
    for name in names {
        // The search index's shadow tables include WITHOUT ROWID ones.
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1")))
            .expect("select");
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("rows");
        for row in rows {
            out.push_str(&format!("{name}: {:?}\n", row.expect("row")));
        }
    }
    out
}
