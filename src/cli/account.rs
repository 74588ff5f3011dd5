//! `salesbench account ...`

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use super::args::{AccountAction, AccountFlags};
use super::{emit, emit_json, emit_json_list, CliError, CliResult, Ctx};
use crate::domain::account_rows::OrderedRows;
use crate::domain::interval::{expected_interval, IntervalSource};
use crate::domain::model::{
    Account, AccountFields, AccountKind, Contact, FieldChange, Honorific, Status,
};
use crate::domain::search::{SearchIndex, Sieve};
use crate::domain::text::sanitize;
use crate::domain::zone::Zone;

pub(super) fn run(action: AccountAction, ctx: &mut Ctx<'_>) -> CliResult {
    match action {
        AccountAction::Add { name, flags } => {
            let mut f = AccountFields {
                name,
                ..Default::default()
            };
            apply_flags(&mut f, flags, false)?;
            let id = ctx
                .store
                .add_account(&f, ctx.clock.now())
                .map_err(|e| ctx.err(e))?;
            emit(ctx.out, &id.to_string())
        }
        AccountAction::Edit {
            account,
            name,
            flags,
        } => {
            let id = ctx
                .store
                .resolve_account(&account)
                .map_err(|e| ctx.err(e))?;
            let mut f = ctx.store.account(id).map_err(|e| ctx.err(e))?.fields();
            if let Some(n) = name {
                f.name = n;
            }
            apply_flags(&mut f, flags, true)?;
            ctx.store
                .update_account(id, &f, ctx.clock.now())
                .map_err(|e| ctx.err(e))
        }
        AccountAction::Archive { account } => set_archived(ctx, &account, true),
        AccountAction::Restore { account } => set_archived(ctx, &account, false),
        AccountAction::List { search, all, json } => list(ctx, search.as_deref(), all, json),
        AccountAction::Show { account, json } => show(ctx, &account, json),
        AccountAction::Contact {
            account,
            name,
            reading,
            role,
            phone,
            email,
        } => {
            let account_id = ctx
                .store
                .resolve_account(&account)
                .map_err(|e| ctx.err(e))?;
            let c = Contact {
                id: 0,
                account_id,
                name,
                reading,
                role,
                phone,
                email,
            };
            let id = ctx
                .store
                .add_contact(&c, ctx.clock.now())
                .map_err(|e| ctx.err(e))?;
            emit(ctx.out, &id.to_string())
        }
    }
}

fn set_archived(ctx: &mut Ctx<'_>, account: &str, archived: bool) -> CliResult {
    let id = ctx.store.resolve_account(account).map_err(|e| ctx.err(e))?;
    ctx.store
        .set_archived(id, archived, ctx.clock.now())
        .map_err(|e| ctx.err(e))
}

/// Copy given flags onto the fields. On edit an empty string clears a field.
fn apply_flags(f: &mut AccountFields, flags: AccountFlags, editing: bool) -> CliResult {
    let user = |field: &str, e: String| CliError::User(format!("--{field}: {e}"));
    if let Some(k) = flags.kind {
        f.kind = Some(AccountKind::parse(&k).map_err(|e| user("kind", e))?);
    }
    match flags.honorific.as_deref().map(str::trim) {
        Some("" | "none") => f.honorific = None,
        Some(h) => {
            f.honorific =
                Some(Honorific::parse(h).map_err(|e| user("honorific", format!("{e}, none")))?)
        }
        None => {}
    }
    if let Some(s) = flags.status {
        f.status = Some(Status::parse(&s).map_err(|e| user("status", e))?);
    }
    for (slot, v) in [
        (&mut f.reading, flags.reading),
        (&mut f.code, flags.code),
        (&mut f.phone, flags.phone),
        (&mut f.email, flags.email),
        (&mut f.address, flags.address),
    ] {
        if let Some(v) = v {
            *slot = Some(v);
        }
    }
    if let Some(n) = flags.note {
        f.note = n;
    }
    if !flags.tags.is_empty() || !editing {
        f.tags = flags.tags;
    }
    match flags.interval_days {
        Some(0) if editing => f.interval_days = None,
        Some(0) => return Err(user("interval-days", "must be at least 1".into())),
        Some(n) => f.interval_days = Some(n),
        None => {}
    }
    Ok(())
}

fn list(ctx: &mut Ctx<'_>, search: Option<&str>, all: bool, json: bool) -> CliResult {
    let Some(q) = search.filter(|q| !q.trim().is_empty()) else {
        if json {
            return json_list(ctx, all);
        }
        // List rows only: a note can be megabytes, and a list prints none.
        let mut rows = ctx.store.list_rows(all).map_err(|e| ctx.err(e))?;
        // Most recently touched first; never-touched last, by name.
        rows.sort_by_key(|r| std::cmp::Reverse(r.last_touch_at));
        return print_list(
            ctx,
            rows.iter().map(|r| {
                let reading = r.reading.as_deref();
                (r.id, r.name.as_str(), reading, r.status, r.last_touch_at)
            }),
        );
    };
    // Match on the stored keys first, only those that could match copied
    // out; then read only the accounts that hit, and for plain text only
    // the columns printed. All as of one moment.
    let sieve = Sieve::new(q);
    let found = ctx.store.in_one_read(|store| {
        store.for_one_pass()?;
        let keys = store.packed_search_keys_where(all, Some(&sieve))?;
        let order = SearchIndex::from_packed(keys).filter(q);
        Ok(match json {
            true => Found::Accounts(store.accounts_by_ids(&order)?),
            false => Found::Rows(Box::new(store.list_rows_by_ids(&order)?)),
        })
    });
    match found.map_err(|e| ctx.err(e))? {
        Found::Accounts(accounts) => emit_json_list(ctx.out, &accounts),
        Found::Rows(rows) => print_ranked(ctx, &rows),
    }
}

/// What a search read: whole records for JSON, list rows for text.
enum Found {
    Accounts(Vec<Account>),
    Rows(Box<OrderedRows>),
}

/// Why streaming the JSON list stopped.
enum ListFailure {
    Store(crate::store::StoreError),
    Cli(CliError),
    /// The reader went away (`| head`): it has what it wanted.
    Closed,
}

impl From<crate::store::StoreError> for ListFailure {
    fn from(e: crate::store::StoreError) -> Self {
        ListFailure::Store(e)
    }
}

/// Writes through, indenting every line after the first by one level (a
/// JSON string holds no raw line break, so only the layout's are touched).
struct Indented<'a>(&'a mut dyn std::io::Write);

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for (i, part) in buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.0.write_all(b"\n  ")?;
            }
            self.0.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// `account list --json` without a search, one account at a time (the same
/// text as pretty-printing the whole list at once), so memory does not
/// grow with the notes.
fn json_list(ctx: &mut Ctx<'_>, all: bool) -> CliResult {
    let out = &mut *ctx.out;
    let mut first = true;
    let streamed = ctx.store.for_each_listed_account(all, |a| {
        let lead = if first { "[\n  " } else { ",\n  " };
        first = false;
        // One account's text at a time, escaped as every JSON output is.
        let written = serde_json::to_string_pretty(a)
            .map_err(std::io::Error::from)
            .and_then(|one| {
                out.write_all(lead.as_bytes())?;
                let one = crate::export::json::escape_json_invisibles(&one);
                std::io::Write::write_all(&mut Indented(&mut *out), one.as_bytes())
            });
        written.map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => ListFailure::Closed,
            _ => ListFailure::Cli(CliError::Internal(format!("writing output: {e}"))),
        })
    });
    match streamed {
        Ok(()) => emit(out, if first { "[]" } else { "\n]" }),
        Err(ListFailure::Store(e)) => Err(super::store_error(ctx.i18n, e)),
        Err(ListFailure::Cli(e)) => Err(e),
        Err(ListFailure::Closed) => Ok(()),
    }
}

/// One plain-text line per row: id, name, reading, status, last touch
/// day, written straight to the (buffered) output.
fn print_list<'a>(
    ctx: &mut Ctx<'_>,
    rows: impl Iterator<Item = (i64, &'a str, Option<&'a str>, Status, Option<DateTime<Utc>>)>,
) -> CliResult {
    let lines = Lines::new(ctx);
    let mut line = Vec::with_capacity(128);
    for row in rows {
        line.clear();
        lines.write(&mut line, row);
        if let Err(e) = ctx.out.write_all(&line) {
            return written(Err(e));
        }
    }
    Ok(())
}

/// A search's hits as [`print_list`] prints them, best first. The lines
/// are made in the order the rows were read (their text lies in memory in
/// that order) into one buffer, then written out best first: a one-letter
/// search prints 97,000, and picking each row's parts in rank order
/// cost more than the rest of the printing.
fn print_ranked(ctx: &mut Ctx<'_>, found: &OrderedRows) -> CliResult {
    let lines = Lines::new(ctx);
    let mut text: Vec<u8> = Vec::with_capacity(found.len() * 64);
    let mut ends = Vec::with_capacity(found.rows.len());
    for r in found.rows.iter() {
        let row = (r.id, r.name, r.reading, r.status, r.last_touch_at);
        lines.write(&mut text, row);
        ends.push(text.len());
    }
    for &i in &found.order {
        let start = i.checked_sub(1).map_or(0, |before| ends[before]);
        if let Err(e) = ctx.out.write_all(&text[start..ends[i]]) {
            return written(Err(e));
        }
    }
    Ok(())
}

/// The outcome of writing output: a reader that went away (`account list
/// | head`) has what it wanted.
fn written(result: std::io::Result<()>) -> CliResult {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| CliError::Internal(format!("writing output: {e}"))),
    }
}

/// What every list line needs besides its row: each status word looked
/// up once, and the zone its day is in.
struct Lines {
    words: Vec<(Status, String)>,
    zone: crate::clock::OperatorZone,
}

impl Lines {
    fn new(ctx: &Ctx<'_>) -> Self {
        Self {
            words: Status::ALL
                .iter()
                .map(|&s| (s, ctx.i18n.t(&format!("status.{s}"))))
                .collect(),
            zone: ctx.clock.zone(),
        }
    }

    /// Appends the row's line to `text`: its parts copied in, numbers
    /// written digit by digit (the formatting machinery was a tenth of a
    /// one-letter search, 97,000 lines).
    fn write(
        &self,
        text: &mut Vec<u8>,
        (id, name, reading, status, last_touch_at): (
            i64,
            &str,
            Option<&str>,
            Status,
            Option<DateTime<Utc>>,
        ),
    ) {
        let word = self
            .words
            .iter()
            .find(|(s, _)| *s == status)
            .map_or("", |(_, w)| w.as_str());
        push_number(text, id, 1);
        for part in [name, reading.unwrap_or(""), word] {
            text.push(b'\t');
            text.extend_from_slice(sanitize(part).as_bytes());
        }
        text.push(b'\t');
        match last_touch_at.map(|t| self.zone.local_day(t)) {
            Some(day) => {
                push_number(text, i64::from(day.year()), 4);
                text.push(b'-');
                push_number(text, i64::from(day.month()), 2);
                text.push(b'-');
                push_number(text, i64::from(day.day()), 2);
            }
            None => text.push(b'-'),
        }
        text.push(b'\n');
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits (as `{:0width$}`
/// formats it).
fn push_number(text: &mut Vec<u8>, n: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let sign = usize::from(n < 0);
    if n < 0 {
        text.push(b'-');
    }
    let shown = digits.len() - at + sign;
    text.extend(std::iter::repeat_n(b'0', width.saturating_sub(shown)));
    text.extend_from_slice(&digits[at..]);
}

#[derive(Serialize)]
struct AccountDetail<'a> {
    #[serde(flatten)]
    account: &'a Account,
    expected_interval_days: f64,
    interval_source: IntervalSource,
    contacts: Vec<Contact>,
    changes: Vec<FieldChange>,
}

fn show(ctx: &mut Ctx<'_>, key: &str, json: bool) -> CliResult {
    let id = ctx.store.resolve_account(key).map_err(|e| ctx.err(e))?;
    let account = ctx.store.account(id).map_err(|e| ctx.err(e))?;
    let contacts = ctx.store.contacts(id).map_err(|e| ctx.err(e))?;
    let changes = ctx.store.account_changes(id).map_err(|e| ctx.err(e))?;
    let (expected, source) = expected_interval(
        account.interval_days,
        account.learned_interval_days,
        ctx.config.default_interval_days,
    );
    if json {
        let d = AccountDetail {
            account: &account,
            expected_interval_days: expected,
            interval_source: source,
            contacts,
            changes,
        };
        return emit_json(ctx.out, &d);
    }
    let t = |k: &str| ctx.i18n.t(k).to_string();
    let mut lines = vec![
        format!("{} #{}", sanitize(&account.name), account.id),
        format!(
            "{}: {}",
            t("field.reading"),
            sanitize(account.reading.as_deref().unwrap_or("-"))
        ),
        format!(
            "{}: {}",
            t("field.code"),
            sanitize(account.code.as_deref().unwrap_or("-"))
        ),
        format!(
            "{}: {}",
            t("field.status"),
            t(&format!("status.{}", account.status))
        ),
        format!(
            "{}: {}",
            t("field.kind"),
            t(&format!("kind.{}", account.kind))
        ),
        format!(
            "{}: {}",
            t("field.phone"),
            sanitize(account.phone.as_deref().unwrap_or("-"))
        ),
        format!(
            "{}: {}",
            t("field.email"),
            sanitize(account.email.as_deref().unwrap_or("-"))
        ),
        format!(
            "{}: {}",
            t("field.address"),
            sanitize(account.address.as_deref().unwrap_or("-"))
        ),
        format!(
            "{}: {}",
            t("field.tags"),
            sanitize(&account.tags.join(", "))
        ),
        format!(
            "{}: {:.0} ({})",
            t("field.interval"),
            expected,
            t(&format!("interval.{source:?}").to_lowercase())
        ),
    ];
    if !account.note.is_empty() {
        lines.push(format!("{}: {}", t("field.note"), sanitize(&account.note)));
    }
    for c in &contacts {
        lines.push(format!(
            "  {} {} {} {}",
            sanitize(&c.name),
            sanitize(c.role.as_deref().unwrap_or("")),
            sanitize(c.phone.as_deref().unwrap_or("")),
            sanitize(c.email.as_deref().unwrap_or(""))
        ));
    }
    for l in lines {
        emit(ctx.out, &l)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::push_number;

    #[test]
    fn numbers_are_written_as_format_pads_them() {
        for n in [0, 7, 42, 2026, 123_456_789, i64::MAX, -5, -2026, i64::MIN] {
            for width in [1, 2, 4] {
                let mut text = Vec::new();
                push_number(&mut text, n, width);
                assert_eq!(String::from_utf8(text).unwrap(), format!("{n:0width$}"));
            }
        }
    }
}
