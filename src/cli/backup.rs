//! `salesbench backup` and `salesbench restore` (being written).

use std::path::PathBuf;

use super::{CliError, CliResult, Ctx};

pub(super) fn backup(_path: Option<PathBuf>, _ctx: &mut Ctx<'_>) -> CliResult {
    Err(CliError::Internal("backup is not available yet".into()))
}

pub(super) fn restore(_path: PathBuf, _ctx: &mut Ctx<'_>) -> CliResult {
    Err(CliError::Internal("restore is not available yet".into()))
}
