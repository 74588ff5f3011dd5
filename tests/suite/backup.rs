//! `salesbench backup` and `restore`, and the automatic backups: real
//! binary, real files, the clock pinned.

use crate::export::support;

mod automatic;
mod copies;
mod damaged;
mod leftovers;
mod mistakes;
mod online;
mod restore;
mod retention;
