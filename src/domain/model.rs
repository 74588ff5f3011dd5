//! The records salesbench keeps, as plain values.

use chrono::{DateTime, Utc};
use serde::Serialize;

word_enum!(
    /// Whether an account is a business or a private person.
    AccountKind { Company => "company", Person => "person" }
);
word_enum!(
    /// Where an account stands with us.
    Status { Prospect => "prospect", Customer => "customer", Lapsed => "lapsed", Lost => "lost" }
);
word_enum!(
    /// How a conversation took place.
    ConversationKind { Call => "call", Email => "email", Meeting => "meeting", Visit => "visit", Note => "note" }
);
word_enum!(
    /// Who started the conversation.
    Direction { Out => "out", In => "in" }
);

/// The catalogue key naming a conversation's direction in its kind's
/// words: a call is incoming or outgoing, an e-mail received or sent, a
/// meeting or visit theirs or ours; a note has none.
pub fn direction_key(kind: ConversationKind, direction: Direction) -> Option<&'static str> {
    use ConversationKind as K;
    Some(match (kind, direction) {
        (K::Note, _) => return None,
        (K::Call, Direction::In) => "dir.in",
        (K::Call, Direction::Out) => "dir.out",
        (K::Email, Direction::In) => "fixes11.dir_email_in",
        (K::Email, Direction::Out) => "fixes11.dir_email_out",
        (K::Meeting | K::Visit, Direction::In) => "fixes11.dir_met_in",
        (K::Meeting | K::Visit, Direction::Out) => "fixes11.dir_met_out",
    })
}

word_enum!(
    /// How an account is addressed in Japanese: 様, 御中 or 殿.
    Honorific { Sama => "sama", Onchu => "onchu", Dono => "dono" }
);

impl Honorific {
    /// The suffix written after the name.
    pub fn suffix(self) -> &'static str {
        match self {
            Honorific::Sama => "様",
            Honorific::Onchu => "御中",
            Honorific::Dono => "殿",
        }
    }
}

/// The name as addressed: `株式会社山田製作所 御中`, `田中 花子 様`.
pub fn addressed(name: &str, honorific: Option<Honorific>) -> String {
    match honorific {
        Some(h) => format!("{name} {}", h.suffix()),
        None => name.to_string(),
    }
}

/// The editable fields of an account (what a form or `account add` sets).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountFields {
    pub name: String,
    pub reading: Option<String>,
    pub code: Option<String>,
    pub kind: Option<AccountKind>,
    pub status: Option<Status>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub tags: Vec<String>,
    pub note: String,
    pub interval_days: Option<u32>,
    pub honorific: Option<Honorific>,
}

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    pub reading: Option<String>,
    pub kind: AccountKind,
    pub status: Status,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub tags: Vec<String>,
    pub note: String,
    pub interval_days: Option<u32>,
    pub learned_interval_days: Option<f64>,
    #[serde(serialize_with = "super::time::ser_opt")]
    pub last_touch_at: Option<DateTime<Utc>>,
    /// Why the customer stopped buying, when someone found out.
    pub lapse_reason: Option<super::triage::LapseReason>,
    pub honorific: Option<Honorific>,
    pub archived: bool,
    #[serde(serialize_with = "super::time::ser")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "super::time::ser")]
    pub updated_at: DateTime<Utc>,
}

impl Account {
    /// The fields a form edits, taken from the stored account.
    pub fn fields(&self) -> AccountFields {
        AccountFields {
            name: self.name.clone(),
            reading: self.reading.clone(),
            code: self.code.clone(),
            kind: Some(self.kind),
            status: Some(self.status),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            tags: self.tags.clone(),
            note: self.note.clone(),
            interval_days: self.interval_days,
            honorific: self.honorific,
        }
    }
}

/// One recorded change of an account field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
}

/// A person at an account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Contact {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub reading: Option<String>,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// What a "log conversation" form or `salesbench log` submits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConversation {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub kind: ConversationKind,
    pub direction: Direction,
    pub happened_at: DateTime<Utc>,
    pub summary: String,
    pub body: String,
    pub outcome: Option<String>,
}

/// One text version of a conversation: the original or a later edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub summary: String,
    pub body: String,
    pub outcome: Option<String>,
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
}

/// A conversation with its latest text and every earlier version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversation {
    pub id: i64,
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub kind: ConversationKind,
    pub direction: Direction,
    #[serde(serialize_with = "super::time::ser")]
    pub happened_at: DateTime<Utc>,
    #[serde(serialize_with = "super::time::ser")]
    pub logged_at: DateTime<Utc>,
    /// Oldest first; the last one is what the timeline shows.
    pub revisions: Vec<Revision>,
    pub retracted: Option<Retraction>,
    /// Every retraction and restoration, oldest first.
    pub retractions: Vec<Mark>,
}

impl Conversation {
    /// The text shown now: the newest revision.
    pub fn current(&self) -> Option<&Revision> {
        self.revisions.last()
    }
    /// Whether the text was changed after it was first logged.
    pub fn edited(&self) -> bool {
        self.revisions.len() > 1
    }
}

/// Why and when a conversation was retracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retraction {
    pub reason: String,
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
}

word_enum!(
    /// What was done to a conversation (retract, restore) or an order
    /// (void, restore).
    MarkAction { Retract => "retract", Void => "void", Restore => "restore" }
);

/// One retraction, voiding or restoration, kept forever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub action: MarkAction,
    /// Empty for a restoration given no reason.
    pub reason: String,
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
}

/// A purchase. Amounts are integers in minor units (yen: 1 = ¥1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: i64,
    pub account_id: i64,
    #[serde(serialize_with = "super::time::ser")]
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub note: String,
    /// Earlier versions, oldest first (empty when never edited).
    pub revisions: Vec<OrderVersion>,
    /// Set while the order is voided: it is kept, marked, and no longer
    /// counts as a purchase or a touch.
    pub voided: Option<Retraction>,
    /// Every voiding and restoration, oldest first.
    pub retractions: Vec<Mark>,
}

impl Order {
    /// Whether the order was changed after it was first recorded.
    pub fn edited(&self) -> bool {
        !self.revisions.is_empty()
    }
}

/// One earlier version of an order, and when it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderVersion {
    #[serde(serialize_with = "super::time::ser")]
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub note: String,
    /// When this version was recorded (the order's creation, or the edit
    /// that made it).
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
    /// When it was changed: the edit that replaced it.
    #[serde(serialize_with = "super::time::ser")]
    pub replaced_at: DateTime<Utc>,
}

/// What an order edit changes; `None` keeps the current value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderChange {
    pub ordered_at: Option<DateTime<Utc>>,
    pub amount: Option<i64>,
    pub note: Option<String>,
}

/// One line of an account's history, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineEntry {
    Conversation(Conversation),
    Order(Order),
}

impl TimelineEntry {
    /// When the entry happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEntry::Conversation(c) => c.happened_at,
            TimelineEntry::Order(o) => o.ordered_at,
        }
    }
}

/// A log form being typed, saved so a crash loses at most seconds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub account_id: i64,
    pub kind: String,
    pub direction: String,
    pub contact: String,
    pub when: String,
    pub summary: String,
    pub body: String,
}

impl Draft {
    /// Nothing worth keeping was typed.
    pub fn is_blank(&self) -> bool {
        self.summary.trim().is_empty() && self.body.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn direction_labels_fit_the_kind() {
        use super::{direction_key, ConversationKind as K, Direction as D};
        assert_eq!(direction_key(K::Note, D::In), None);
        assert_eq!(direction_key(K::Note, D::Out), None);
        assert_eq!(direction_key(K::Call, D::In), Some("dir.in"));
        assert_eq!(direction_key(K::Email, D::In), Some("fixes11.dir_email_in"));
        assert_eq!(
            direction_key(K::Email, D::Out),
            Some("fixes11.dir_email_out")
        );
        assert_eq!(direction_key(K::Visit, D::In), Some("fixes11.dir_met_in"));
        assert_eq!(
            direction_key(K::Meeting, D::Out),
            Some("fixes11.dir_met_out")
        );
    }

    use super::*;

    #[test]
    fn words_round_trip_and_errors_list_choices() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Ok(*s));
        }
        assert_eq!(
            ConversationKind::parse(" Call "),
            Ok(ConversationKind::Call)
        );
        let err = Direction::parse("sideways").unwrap_err();
        assert!(err.contains("out, in"), "{err}");
    }
}

/// What is wrong with one field of a form or command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    NotAnEmail,
    NotAPhone,
    TooLong,
    Taken,
    /// Holds a NUL character (see [`super::limits`]).
    HasNul,
    /// Over [`super::limits::MAX_TEXT_BYTES`].
    TooLarge,
}

impl Problem {
    /// The message-catalogue key for this problem.
    pub fn key(self) -> &'static str {
        match self {
            Problem::Required => "problem.required",
            Problem::NotAnEmail => "problem.not_an_email",
            Problem::NotAPhone => "problem.not_a_phone",
            Problem::TooLong => "problem.too_long",
            Problem::Taken => "problem.taken",
            Problem::HasNul => "importx.has_nul",
            Problem::TooLarge => "importx.too_large",
        }
    }
}

/// A field name (as the CLI flag spells it) and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

/// Longest single-line field we accept (a name, a phone); bodies are unbounded.
pub const MAX_LINE: usize = 1000;

impl AccountFields {
    /// Trim every field and turn blanks into `None`, so "  " never lands.
    pub fn normalised(mut self) -> AccountFields {
        fn opt(v: Option<String>) -> Option<String> {
            v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
        }
        self.name = self.name.trim().to_string();
        self.reading = opt(self.reading);
        self.code = opt(self.code);
        self.phone = opt(self.phone);
        self.email = opt(self.email);
        self.address = opt(self.address);
        self.note = self.note.trim_end().to_string();
        let mut tags: Vec<String> = Vec::new();
        for t in self.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }
        self.tags = tags;
        self
    }

    /// Check a normalised record; the first problem found, by field.
    pub fn validate(&self) -> Result<(), FieldError> {
        let err = |field, problem| Err(FieldError { field, problem });
        if self.name.is_empty() {
            return err("name", Problem::Required);
        }
        for (field, v) in [
            ("name", Some(&self.name)),
            ("reading", self.reading.as_ref()),
            ("code", self.code.as_ref()),
            ("phone", self.phone.as_ref()),
            ("email", self.email.as_ref()),
        ] {
            if v.is_some_and(|v| v.chars().count() > MAX_LINE) {
                return err(field, Problem::TooLong);
            }
        }
        fn opt(v: &Option<String>) -> &str {
            v.as_deref().unwrap_or("")
        }
        super::limits::check_texts(&[
            ("name", &self.name),
            ("reading", opt(&self.reading)),
            ("code", opt(&self.code)),
            ("phone", opt(&self.phone)),
            ("email", opt(&self.email)),
            ("address", opt(&self.address)),
            ("note", &self.note),
            ("tags", &self.tags.concat()),
        ])?;
        if let Some(e) = &self.email {
            let ok = e.split_once('@').is_some_and(|(u, d)| {
                !u.is_empty() && !d.is_empty() && !e.chars().any(char::is_whitespace)
            });
            if !ok {
                return err("email", Problem::NotAnEmail);
            }
        }
        if let Some(p) = &self.phone {
            let ok = p.chars().any(|c| c.is_numeric())
                && p.chars().all(|c| {
                    c.is_numeric() || " -+()（）－ー‐　#".contains(c) || c.is_ascii_digit()
                });
            if !ok {
                return err("phone", Problem::NotAPhone);
            }
        }
        Ok(())
    }
}
