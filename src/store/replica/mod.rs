//! A replica of a team's shared book: every shared row has a UUID, every
//! write appends an event in the same transaction, and events from other
//! replicas are merged in — facts by union, fields changed in place by
//! last writer wins, with the losing value kept in the history and a
//! true conflict shown to the operator once.

pub(crate) mod apply;
pub(crate) mod bulk;
pub(crate) mod capture;
pub(crate) mod log;

pub use apply::{SyncEvent, TakenIn};
pub use log::{Conflict, ReplicaState};
pub(crate) mod spec;

#[cfg(test)]
mod tests;
