//! Contacts: the people at an account.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::conversations::ensure_account;
use super::run;
use super::{Result, Store, StoreError};
use crate::domain::model::Contact;

fn checked(c: &Contact) -> Result<Contact> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    super::check_texts(&[
        ("name", &c.name),
        ("reading", &o(&c.reading)),
        ("role", &o(&c.role)),
        ("phone", &o(&c.phone)),
        ("email", &o(&c.email)),
    ])?;
    let opt = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let c = Contact {
        id: c.id,
        account_id: c.account_id,
        name: c.name.trim().to_string(),
        reading: opt(&c.reading),
        role: opt(&c.role),
        phone: opt(&c.phone),
        email: opt(&c.email),
    };
    if c.name.is_empty() {
        return Err(StoreError::Invalid {
            field: "name",
            message: "problem.required".into(),
        });
    }
    Ok(c)
}

impl Store {
    /// Add a person at `c.account_id`; returns the new id.
    pub fn add_contact(&mut self, c: &Contact, now: DateTime<Utc>) -> Result<i64> {
        let c = checked(c)?;
        self.write(|tx| {
            ensure_account(tx, c.account_id)?;
            run(tx,
                "INSERT INTO contacts (account_id, name, reading, role, phone, email, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![c.account_id, c.name, c.reading, c.role, c.phone, c.email, super::ts(now)],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Replace a contact's fields.
    pub fn update_contact(&mut self, c: &Contact, now: DateTime<Utc>) -> Result<()> {
        let c = checked(c)?;
        self.write(|tx| {
            let n = run(tx,
                "UPDATE contacts SET name=?2, reading=?3, role=?4, phone=?5, email=?6, updated_at=?7 \
                 WHERE id = ?1",
                params![c.id, c.name, c.reading, c.role, c.phone, c.email, super::ts(now)],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound { what: "contact", key: c.id.to_string() });
            }
            Ok(())
        })
    }

    /// The people at an account, by name.
    pub fn contacts(&self, account_id: i64) -> Result<Vec<Contact>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, reading, role, phone, email FROM contacts WHERE account_id = ?1 \
             ORDER BY name, id",
        )?;
        let rows = st.query_map([account_id], |r| {
            Ok(Contact {
                id: r.get(0)?,
                account_id,
                name: r.get(1)?,
                reading: r.get(2)?,
                role: r.get(3)?,
                phone: r.get(4)?,
                email: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
