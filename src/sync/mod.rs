//! Team sync: each operator's SQLite file is a replica of the team's
//! book; an append-only log of events goes through a PostgreSQL server.

pub mod run;
