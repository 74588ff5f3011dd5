//! Matching a row to its account: customer code, e-mail, phone digits, or
//! folded name with a reading that does not disagree, looked up in memory.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::Transaction;

use crate::domain::fold::{fold, phone_digits};
use crate::domain::model::AccountFields;
use crate::store::Result;

/// Phone numbers shorter than this (after keeping digits) are not used to
/// match accounts: `0` or an extension number says nothing about who it is.
const MIN_PHONE_DIGITS: usize = 6;

/// Which key tied a row to an existing account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Code,
    Email,
    Phone,
    Name,
}

impl std::fmt::Display for MatchedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MatchedBy::Code => "customer code",
            MatchedBy::Email => "e-mail",
            MatchedBy::Phone => "phone",
            MatchedBy::Name => "name and reading",
        })
    }
}

/// What a row says about who the customer is; any part may be missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct CustomerKey<'a> {
    pub code: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub name: Option<&'a str>,
    pub reading: Option<&'a str>,
}

/// The account a [`CustomerKey`] names, if exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Found(i64, MatchedBy),
    Missing,
    /// No key named exactly one account; `by` named `count` of them.
    Ambiguous {
        by: MatchedBy,
        count: usize,
    },
}

/// A [`CustomerKey`] normalised for matching: code trimmed, e-mail in
/// lower case, phone as digits, name and reading folded without spaces.
/// Pure, so it can be computed away from the writing thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchKey {
    code: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    name: Option<String>,
    reading: Option<String>,
}

impl MatchKey {
    /// Normalise what a row says.
    pub fn of(k: &CustomerKey<'_>) -> MatchKey {
        MatchKey {
            code: k.code.and_then(code_key),
            email: k.email.and_then(email_key),
            phone: k.phone.and_then(phone_key),
            name: k.name.and_then(name_key),
            reading: k.reading.and_then(name_key),
        }
    }

    /// The key of an account's (normalised) fields.
    pub fn of_fields(f: &AccountFields) -> MatchKey {
        MatchKey::of(&CustomerKey {
            code: f.code.as_deref(),
            email: f.email.as_deref(),
            phone: f.phone.as_deref(),
            name: Some(&f.name),
            reading: f.reading.as_deref(),
        })
    }
}

fn code_key(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn email_key(s: &str) -> Option<String> {
    Some(s.trim().to_lowercase()).filter(|s| !s.is_empty())
}

fn phone_key(s: &str) -> Option<String> {
    Some(phone_digits(s)).filter(|d| d.len() >= MIN_PHONE_DIGITS)
}

/// Folded (NFKC, case, kana) with all spaces removed: `田中　花子` = `田中花子`.
fn name_key(s: &str) -> Option<String> {
    Some(fold(s).split_whitespace().collect::<String>()).filter(|s| !s.is_empty())
}

/// Hashes account ids with one multiply. Ids come from the database, not
/// the file, so they cannot be chosen to collide; the default hasher's
/// cost showed up at a million rows.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by account id.
pub(crate) type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;

/// Every account's keys, kept in step with the rows the import writes.
#[derive(Default)]
pub(super) struct AccountIndex {
    code: HashMap<String, i64>,
    /// Every account id (accounts are never deleted): whether it has a code.
    has_code: IdMap<bool>,
    email: HashMap<String, Vec<i64>>,
    phone: HashMap<String, Vec<i64>>,
    /// Folded name → (id, folded reading), built on the first lookup by
    /// name: folding every name costs time an import by customer code
    /// never needs.
    name: OnceCell<NameMap>,
    /// Until then, each account's name and reading.
    names_pending: IdMap<PendingName>,
}

type NameMap = HashMap<String, Vec<(i64, Option<String>)>>;

/// A name and reading waiting for the name map: as stored, or folded.
enum PendingName {
    Stored(String, Option<String>),
    Folded(String, Option<String>),
}

impl AccountIndex {
    pub(super) fn load(tx: &Transaction<'_>) -> Result<AccountIndex> {
        let mut index = AccountIndex::default();
        let mut st = tx.prepare("SELECT id, code, email, phone, name, reading FROM accounts")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let opt = |i| r.get::<_, Option<String>>(i);
            let (code, email, phone) = (opt(1)?, opt(2)?, opt(3)?);
            let (id, name, reading) = (r.get(0)?, r.get::<_, String>(4)?, opt(5)?);
            let key = MatchKey::of(&CustomerKey {
                code: code.as_deref(),
                email: email.as_deref(),
                phone: phone.as_deref(),
                name: None,
                reading: None,
            });
            index.insert(id, &key);
            let pending = PendingName::Stored(name, reading);
            index.names_pending.insert(id, pending);
        }
        Ok(index)
    }

    /// The name map, built now if this is the first lookup by name.
    fn names(&self) -> &NameMap {
        self.name.get_or_init(|| {
            let mut map = NameMap::new();
            for (id, pending) in &self.names_pending {
                let (n, r) = match pending {
                    PendingName::Stored(n, r) => (name_key(n), r.as_deref().and_then(name_key)),
                    PendingName::Folded(n, r) => (Some(n.clone()), r.clone()),
                };
                if let Some(n) = n {
                    map.entry(n).or_default().push((*id, r));
                }
            }
            map
        })
    }

    /// The name map if built (the pending names are then let go).
    fn names_mut(&mut self) -> Option<&mut NameMap> {
        let built = self.name.get_mut()?;
        if !self.names_pending.is_empty() {
            self.names_pending = IdMap::default();
        }
        Some(built)
    }

    /// Whether the account exists (in this transaction).
    pub(super) fn exists(&self, id: i64) -> bool {
        self.has_code.contains_key(&id)
    }

    pub(super) fn insert(&mut self, id: i64, k: &MatchKey) {
        self.has_code.insert(id, k.code.is_some());
        if let Some(code) = &k.code {
            self.code.insert(code.clone(), id);
        }
        if let Some(e) = &k.email {
            self.email.entry(e.clone()).or_default().push(id);
        }
        if let Some(p) = &k.phone {
            self.phone.entry(p.clone()).or_default().push(id);
        }
        if let Some(n) = &k.name {
            let reading = k.reading.clone();
            match self.names_mut() {
                Some(map) => map.entry(n.clone()).or_default().push((id, reading)),
                None => {
                    let pending = PendingName::Folded(n.clone(), reading);
                    self.names_pending.insert(id, pending);
                }
            }
        }
    }

    pub(super) fn remove(&mut self, id: i64, k: &MatchKey) {
        if let Some(code) = &k.code {
            self.code.remove(code);
            self.has_code.insert(id, false);
        }
        if let Some(e) = &k.email {
            drop_id(&mut self.email, e, |&x| x == id);
        }
        if let Some(p) = &k.phone {
            drop_id(&mut self.phone, p, |&x| x == id);
        }
        if let Some(n) = &k.name {
            match self.names_mut() {
                Some(map) => drop_id(map, n, |x| x.0 == id),
                None => {
                    self.names_pending.remove(&id);
                }
            }
        }
    }

    pub(super) fn find(&self, k: &MatchKey) -> Lookup {
        let code = k.code.as_ref();
        if let Some(id) = code.and_then(|c| self.code.get(c)) {
            return Lookup::Found(*id, MatchedBy::Code);
        }
        // A row with a customer code that is not on file is not an account
        // that has another code, however alike the rest looks.
        let fits = |id: &i64| code.is_none() || self.has_code.get(id) != Some(&true);
        let mut ambiguous = None;
        let mut decide = |by, ids: Vec<i64>| match ids.as_slice() {
            [] => None,
            [one] => Some(Lookup::Found(*one, by)),
            many => {
                ambiguous.get_or_insert(Lookup::Ambiguous {
                    by,
                    count: many.len(),
                });
                None
            }
        };
        let candidates = |map: &HashMap<String, Vec<i64>>, key: &Option<String>| {
            key.as_ref()
                .and_then(|key| map.get(key))
                .map(|ids| ids.iter().copied().filter(fits).collect())
                .unwrap_or_default()
        };
        let by_email = candidates(&self.email, &k.email);
        if let Some(found) = decide(MatchedBy::Email, by_email) {
            return found;
        }
        let by_phone = candidates(&self.phone, &k.phone);
        if let Some(found) = decide(MatchedBy::Phone, by_phone) {
            return found;
        }
        // Same name, and readings that do not disagree (one may be missing).
        let reading = &k.reading;
        let by_name: Vec<i64> = k
            .name
            .as_ref()
            .and_then(|n| self.names().get(n))
            .map(|v| {
                v.iter()
                    .filter(|(id, r)| {
                        fits(id) && (reading.is_none() || r.is_none() || r == reading)
                    })
                    .map(|(id, _)| *id)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(found) = decide(MatchedBy::Name, by_name) {
            return found;
        }
        ambiguous.unwrap_or(Lookup::Missing)
    }
}

fn drop_id<T>(map: &mut HashMap<String, Vec<T>>, key: &str, is_it: impl Fn(&T) -> bool) {
    if let Some(v) = map.get_mut(key) {
        v.retain(|x| !is_it(x));
        if v.is_empty() {
            map.remove(key);
        }
    }
}
