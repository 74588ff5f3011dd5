//! `salesbench import ...` (being written).

use super::{CliError, CliResult, Ctx};

pub(super) fn run(_args: super::args::ImportWhat, _ctx: &mut Ctx<'_>) -> CliResult {
    Err(CliError::Internal("import is not available yet".into()))
}
