//! `salesbench backup` and `restore`, and the automatic backups: real
//! binary, real files, the clock pinned.

#[allow(dead_code)]
#[path = "export/support.rs"]
mod support;

#[path = "backup/automatic.rs"]
mod automatic;
#[path = "backup/copies.rs"]
mod copies;
#[path = "backup/damaged.rs"]
mod damaged;
#[path = "backup/leftovers.rs"]
mod leftovers;
#[path = "backup/mistakes.rs"]
mod mistakes;
#[path = "backup/online.rs"]
mod online;
#[path = "backup/restore.rs"]
mod restore;
#[path = "backup/retention.rs"]
mod retention;
