//! `salesbench sync [--json] [--url URL] [--new-replica]`,
//! `salesbench sync status [--json] [--url URL]` and
//! `salesbench server init --url URL [--role NAME]`.
//!
//! Only `sync` itself ever talks to the server: every other command works
//! on the local file, online or not.

use serde::Serialize;

use super::{emit, emit_json, CliError, CliResult, Ctx};
use crate::app::conflict_text;
use crate::i18n::I18n;
use crate::sync::run::{sync_as_new_replica, sync_once, Remote, Summary, SyncError};
use crate::sync::server::{self, PgRemote};
use crate::sync::ServerError;

#[derive(Serialize)]
struct SummaryJson {
    pushed: usize,
    pulled: usize,
    conflicts: usize,
    server_events: i64,
    local_pending: i64,
}

/// The server's URL: the flag, else the configuration's `[sync] url`.
fn url_of(flag: Option<String>, ctx: &Ctx<'_>) -> Result<String, CliError> {
    flag.or_else(|| ctx.config.sync.as_ref().map(|s| s.url.clone()))
        .ok_or_else(|| CliError::User(ctx.i18n.t("sync13.no_server")))
}

fn server_error(i18n: &I18n, e: &ServerError) -> CliError {
    if e.is_user_error() {
        CliError::User(e.message(i18n))
    } else {
        CliError::Internal(e.message(i18n))
    }
}

fn warn(i18n: &I18n, remote: &PgRemote) {
    for w in &remote.warnings {
        super::report(&w.message(i18n));
    }
}

/// One line in the operator's language: "pushed 12, pulled 40, 1 conflict".
pub fn summary_line(i18n: &I18n, s: &Summary) -> String {
    let mut line = i18n.f(
        "sync13.summary",
        &[
            ("pushed", &s.pushed.to_string()),
            ("pulled", &s.pulled.to_string()),
        ],
    );
    if s.conflicts > 0 {
        line.push_str(&i18n.f(
            "sync13.summary_conflicts",
            &[("n", &s.conflicts.to_string())],
        ));
    }
    if s.waiting > 0 {
        line.push_str(&i18n.f("sync13.summary_waiting", &[("n", &s.waiting.to_string())]));
    }
    line
}

/// `sync`: push, pull, take in; exit 1 when the server cannot be reached
/// (everything stays pending), 2 when this file cannot join the book.
pub(super) fn run(
    url: Option<String>,
    json: bool,
    new_replica: bool,
    ctx: &mut Ctx<'_>,
) -> CliResult {
    let url = url_of(url, ctx)?;
    let i18n = ctx.i18n;
    let mut remote = PgRemote::connect(&url).map_err(|e| {
        let e = SyncError::Remote(e);
        sync_error(ctx, &e)
    })?;
    warn(i18n, &remote);
    let now = ctx.clock.now();
    let result = if new_replica {
        sync_as_new_replica(ctx.store, &mut remote, now)
    } else {
        sync_once(ctx.store, &mut remote, now)
    };
    let summary = result.map_err(|e| sync_error(ctx, &e))?;
    let conflicts = ctx.store.unseen_conflicts().map_err(|e| ctx.err(e))?;
    if json {
        emit_json(
            ctx.out,
            &SummaryJson {
                pushed: summary.pushed,
                pulled: summary.pulled,
                conflicts: summary.conflicts,
                server_events: summary.server_events,
                local_pending: summary.local_pending,
            },
        )?;
    } else {
        emit(ctx.out, &summary_line(i18n, &summary))?;
        for c in &conflicts {
            emit(ctx.out, &format!("  {}", conflict_text(i18n, c)))?;
        }
    }
    // Said here, so the TUI does not say them again.
    if let Some(last) = conflicts.last() {
        if !json {
            ctx.store
                .mark_conflicts_seen(last.id)
                .map_err(|e| ctx.err(e))?;
        }
    }
    Ok(())
}

fn sync_error(ctx: &Ctx<'_>, e: &SyncError) -> CliError {
    let text = e.message(ctx.i18n, &ctx.clock.zone());
    match e {
        SyncError::OtherBook { .. } | SyncError::Copied => CliError::User(text),
        SyncError::Remote(r) if r.is_user_error() => CliError::User(text),
        SyncError::Store(s) if s.is_user_error() => CliError::User(text),
        _ => CliError::Internal(text),
    }
}

#[derive(Serialize)]
struct StatusJson {
    url: Option<String>,
    last_sync_at: Option<String>,
    local_pending: i64,
    waiting: i64,
    unseen_conflicts: i64,
    reachable: Option<bool>,
    server_events: Option<i64>,
    server_error: Option<String>,
}

/// `sync status`: when this file last synced, what waits to go, and
/// whether the server answers. Changes nothing, here or there.
pub(super) fn status(url: Option<String>, json: bool, ctx: &mut Ctx<'_>) -> CliResult {
    let i18n = ctx.i18n;
    let state = ctx.store.replica_state().map_err(|e| ctx.err(e))?;
    let url = url.or_else(|| ctx.config.sync.as_ref().map(|s| s.url.clone()));
    let server: Option<Result<i64, ServerError>> = url.as_deref().map(|u| {
        let mut remote = PgRemote::connect(u)?;
        remote.book()?;
        remote.count()
    });
    let zone = ctx.clock.zone();
    let last = state.last_sync_at.map(|t| {
        crate::domain::zone::Zone::local_time(&zone, t)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    });
    if json {
        return emit_json(
            ctx.out,
            &StatusJson {
                url: url.as_deref().map(crate::sync::url::redact),
                last_sync_at: state.last_sync_at.map(|t| t.to_rfc3339()),
                local_pending: state.local_pending(),
                waiting: state.waiting,
                unseen_conflicts: state.unseen_conflicts,
                reachable: server.as_ref().map(|r| r.is_ok()),
                server_events: server.as_ref().and_then(|r| r.as_ref().ok().copied()),
                server_error: server
                    .as_ref()
                    .and_then(|r| r.as_ref().err().map(|e| e.message(i18n))),
            },
        );
    }
    let Some(url) = url else {
        return emit(ctx.out, &i18n.t("sync13.no_server"));
    };
    emit(
        ctx.out,
        &i18n.f(
            "sync13.status_server",
            &[("url", &crate::sync::url::redact(&url))],
        ),
    )?;
    emit(
        ctx.out,
        &match &last {
            Some(at) => i18n.f("sync13.status_last", &[("at", at)]),
            None => i18n.t("sync13.status_never"),
        },
    )?;
    emit(
        ctx.out,
        &i18n.f(
            "sync13.status_pending",
            &[("n", &state.local_pending().to_string())],
        ),
    )?;
    if state.waiting > 0 {
        emit(
            ctx.out,
            &i18n.f(
                "sync13.status_waiting",
                &[("n", &state.waiting.to_string())],
            ),
        )?;
    }
    match server {
        Some(Ok(n)) => emit(
            ctx.out,
            &i18n.f("sync13.status_reachable", &[("n", &n.to_string())]),
        ),
        Some(Err(e)) => emit(ctx.out, &e.message(i18n)),
        None => Ok(()),
    }
}

/// `server init`: make the shared book's tables (or find them) and print
/// what an administrator runs for each operator's role.
pub fn init(url: &str, role: &str, i18n: &I18n, out: &mut dyn std::io::Write) -> CliResult {
    let done = server::init(url).map_err(|e| server_error(i18n, &e))?;
    for w in &done.warnings {
        super::report(&w.message(i18n));
    }
    let key = if done.created {
        "server13.init_created"
    } else {
        "server13.init_found"
    };
    emit(
        out,
        &i18n.f(
            key,
            &[
                ("book", &done.book),
                ("url", &crate::sync::url::redact(url)),
            ],
        ),
    )?;
    emit(out, &i18n.f("server13.init_grants", &[("role", role)]))?;
    emit(
        out,
        &format!(
            "  CREATE ROLE {} LOGIN PASSWORD '…';",
            server::quote_ident(role)
        ),
    )?;
    for g in server::grants(&done.database, &done.schema, role) {
        emit(out, &format!("  {g}"))?;
    }
    Ok(())
}
