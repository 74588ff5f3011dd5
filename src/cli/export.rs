//! `salesbench export ...` (being written).

use super::{CliError, CliResult, Ctx};

pub(super) fn run(_args: super::args::ExportArgs, _ctx: &mut Ctx<'_>) -> CliResult {
    Err(CliError::Internal("export is not available yet".into()))
}
