//! Finding conversations by what was said (see migration 0007).

use rusqlite::types::Value;

use super::{parse_ts, parse_word, Result, Store};
use crate::domain::model::ConversationKind;
use crate::domain::text_search::{snippet, Terms, TextHit};

impl Store {
    /// Conversations whose current text (summary, body, outcome) holds
    /// every word of `query`, newest first, at most `limit`. Retracted
    /// ones are not found. Words of 3+ characters use the trigram index;
    /// shorter ones (`田中`) are found by scanning. Any text is a literal:
    /// nothing in `query` is search syntax.
    pub fn search_conversations(&self, query: &str, limit: usize) -> Result<Vec<TextHit>> {
        let terms = Terms::parse(query);
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut args: Vec<Value> = Vec::new();
        let mut filters: Vec<String> = Vec::new();
        // With an indexed word the index drives. Otherwise walk the
        // conversations newest first and stop at `limit`, reading the text
        // from the index's content table (documented FTS5 shadow table
        // `%_content`, columns c0, c1, c2): a plain row lookup, several
        // times cheaper than asking the virtual table row by row.
        let (from, [summary, body, outcome]) = match terms.match_expression() {
            Some(expr) => {
                args.push(Value::Text(expr));
                filters.push(format!("conversation_text MATCH ?{}", args.len()));
                (
                    "conversation_text t CROSS JOIN conversations c ON c.id = t.rowid",
                    ["t.summary", "t.body", "t.outcome"],
                )
            }
            None => (
                "conversations c CROSS JOIN conversation_text_content t ON t.id = c.id",
                ["t.c0", "t.c1", "t.c2"],
            ),
        };
        for word in &terms.scanned {
            args.push(Value::Text(word.clone()));
            filters.push(format!(
                "instr(lower({summary} || char(10) || {body} || char(10) || \
                 coalesce({outcome}, '')), ?{}) > 0",
                args.len()
            ));
        }
        args.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
        let sql = format!(
            "SELECT c.id, c.account_id, a.name, c.happened_at, c.kind, \
                    {summary}, {body}, coalesce({outcome}, '') \
             FROM {from} CROSS JOIN accounts a ON a.id = c.account_id \
             WHERE {} ORDER BY c.happened_at DESC, c.id DESC LIMIT ?{}",
            filters.join(" AND "),
            args.len()
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            let texts: [String; 3] = [r.get(5)?, r.get(6)?, r.get(7)?];
            Ok(TextHit {
                conversation_id: r.get(0)?,
                account_id: r.get(1)?,
                account_name: r.get(2)?,
                happened_at: parse_ts(3, &r.get::<_, String>(3)?)?,
                kind: parse_word(4, &r.get::<_, String>(4)?, ConversationKind::parse)?,
                snippet: snippet(&[&texts[0], &texts[1], &texts[2]], &terms),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
#[path = "text_search_tests.rs"]
mod tests;
