//! `salesbench search TEXT`: conversations by what was said.

use super::{emit, emit_json, CliResult, Ctx};
use crate::domain::text::sanitize;
use crate::domain::zone::Zone;

pub(super) fn run(text: &str, limit: usize, json: bool, ctx: &mut Ctx<'_>) -> CliResult {
    let hits = ctx
        .store
        .search_conversations(text, limit)
        .map_err(|e| ctx.err(e))?;
    if json {
        return emit_json(ctx.out, &hits);
    }
    let zone = ctx.clock.zone();
    for h in &hits {
        let when = zone.local_time(h.happened_at).format("%Y-%m-%d %H:%M");
        let line = format!(
            "{when}  #{} {}  {}  {}",
            h.conversation_id,
            ctx.i18n.t(&format!("conv.{}", h.kind)),
            sanitize(&h.account_name),
            sanitize(&h.snippet),
        );
        emit(ctx.out, &line)?;
    }
    Ok(())
}
