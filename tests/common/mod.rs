//! Helpers shared by the test modules.

// First: `snap!` must be defined before anything that might use it.
#[macro_use]
pub mod screen;

pub mod cdnow;
pub mod dump;
pub mod memory_server;
pub mod pg;
pub mod pipeline;
pub mod pty;
