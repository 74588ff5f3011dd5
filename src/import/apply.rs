//! Writing good rows through the import session: matching each to its
//! account, and turning what the store refuses into a bad row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::columns::{Columns, Field, Target};
use super::problem::CellProblem;
use super::report::Report;
use super::rows::{AccountRow, ConversationRow, Customer, DealRow, OrderRow, Problem, Row};
use super::values::quote;
use crate::clock::OperatorZone;
use crate::domain::model::{AccountFields, AccountKind, MarkAction, NewConversation};
use crate::i18n::I18n;
use crate::store::import::{ImportSession, ImportedDeal, Lookup, MatchedBy, Written};
use crate::store::StoreError;

/// A row's fate: `Err` is a bad row; a store failure ends the import.
pub type Applied = Result<Result<(), Vec<Problem>>, StoreError>;

/// State kept across the rows of one file.
pub struct Applier<'a> {
    pub target: Target,
    pub columns: &'a Columns,
    pub create_missing: bool,
    pub now: DateTime<Utc>,
    zone: OperatorZone,
    i18n: &'a I18n,
    /// Account id → the first line of this file that wrote it.
    seen: HashMap<i64, u64>,
    /// The conversation the last conversation row made or matched.
    current: Option<Current>,
}

/// A conversation being imported, which later revision rows edit.
struct Current {
    source_id: Option<String>,
    id: i64,
    /// Already stored before this import: its revisions are too.
    existed: bool,
    retracted: bool,
}

impl<'a> Applier<'a> {
    /// Ready to apply rows of `target`.
    pub fn new(
        target: Target,
        columns: &'a Columns,
        create_missing: bool,
        now: DateTime<Utc>,
        zone: OperatorZone,
        i18n: &'a I18n,
    ) -> Self {
        Applier {
            target,
            columns,
            create_missing,
            now,
            zone,
            i18n,
            seen: HashMap::new(),
            current: None,
        }
    }

    /// Write one good row, counting what it did in `report`.
    pub fn apply(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        line: u64,
        row: &Row,
    ) -> Applied {
        let written = match row {
            Row::Account(a) => self.account(s, report, line, a)?,
            Row::Order(o) => self.order(s, report, o)?,
            Row::Conversation(c) => self.conversation(s, report, c)?,
            Row::Deal(d) => self.deal(s, report, d)?,
        };
        match written {
            Ok(Written::New(_)) => report.new += 1,
            Ok(Written::Updated(_)) => report.updated += 1,
            Ok(Written::Unchanged(_)) => report.unchanged += 1,
            Err(p) => return Ok(Err(p)),
        }
        Ok(Ok(()))
    }

    fn account(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        line: u64,
        a: &AccountRow,
    ) -> Result<Result<Written, Vec<Problem>>, StoreError> {
        let written = match self.account_fields(s, report, line, a)? {
            Ok(w) => w,
            Err(p) => return Ok(Err(p)),
        };
        // What `account archive` and `log --lapse-reason` keep, if given.
        let (Written::New(id) | Written::Updated(id) | Written::Unchanged(id)) = written;
        let mut changed = false;
        if let Some(archived) = a.archived {
            changed |= s.set_archived(id, archived, self.now)?;
        }
        if let Some(reason) = a.lapse_reason {
            changed |= s.set_lapse_reason(id, reason, self.now)?;
        }
        Ok(Ok(match written {
            Written::Unchanged(id) if changed => Written::Updated(id),
            other => other,
        }))
    }

    fn account_fields(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        line: u64,
        a: &AccountRow,
    ) -> Result<Result<Written, Vec<Problem>>, StoreError> {
        match s.find(&a.matching) {
            Lookup::Found(id, by) => {
                match self.seen.get(&id) {
                    Some(first) => report.duplicate(line, *first, by),
                    None => {
                        self.seen.insert(id, line);
                    }
                }
                let fields = a.merged_onto(s.account(id)?.fields());
                self.stored(s.update_account(id, &fields, self.now).map(|changed| {
                    if changed {
                        Written::Updated(id)
                    } else {
                        Written::Unchanged(id)
                    }
                }))
            }
            Lookup::Missing => {
                let out = self.stored(s.add_account(&a.new_fields(), self.now).map(Written::New));
                if let Ok(Ok(Written::New(id))) = out {
                    self.seen.insert(id, line);
                    match (a.kind, a.inferred_kind) {
                        (None, Some(AccountKind::Person)) => report.kinds_inferred.0 += 1,
                        (None, Some(AccountKind::Company)) => report.kinds_inferred.1 += 1,
                        _ => {}
                    }
                }
                out
            }
            Lookup::Ambiguous { by, count } => Ok(Err(vec![self.ambiguous(by, count)])),
        }
    }

    fn order(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        o: &OrderRow,
    ) -> Result<Result<Written, Vec<Problem>>, StoreError> {
        let id = match self.customer(s, report, &o.customer)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        let written =
            match self.stored(s.add_order(id, o.ordered_at, o.amount, &o.note, self.now))? {
                Ok(w) => w,
                Err(p) => return Ok(Err(p)),
            };
        match (&o.void, written) {
            // The whole story, as exported: every void and restoration.
            (_, Written::New(order_id)) if !o.marks.is_empty() => {
                for m in &o.marks {
                    let done = match m.action {
                        MarkAction::Restore => s.restore_order(order_id, m.at),
                        _ => s.void_order(order_id, &m.reason, m.at),
                    };
                    if let Err(p) = self.stored(done)? {
                        return Ok(Err(p));
                    }
                }
                Ok(Ok(written))
            }
            (Some((reason, at)), Written::New(order_id)) => {
                let at = at.unwrap_or(self.now);
                Ok(self
                    .stored(s.void_order(order_id, reason, at))?
                    .map(|()| written))
            }
            _ => Ok(Ok(written)),
        }
    }

    fn deal(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        d: &DealRow,
    ) -> Result<Result<Written, Vec<Problem>>, StoreError> {
        let id = match self.customer(s, report, &d.customer)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        let contact_id = match &d.contact {
            Some(name) => {
                let found = s.contact_named(id, name)?;
                report.unlinked_contacts += u64::from(found.is_none());
                found
            }
            None => None,
        };
        // A hand-made list says little about times: it starts now, and
        // a closed deal closes now unless the file says when.
        let created_at = d.created_at.unwrap_or(self.now);
        let closed_at = match d.status {
            crate::domain::deals::DealStatus::Open => None,
            _ => Some(d.closed_at.unwrap_or(self.now)),
        };
        let latest = closed_at.map_or(created_at, |c| c.max(created_at));
        let deal = ImportedDeal {
            account_id: id,
            contact_id,
            title: &d.title,
            value: d.value,
            stage: &d.stage,
            probability: d.probability,
            expected_close_on: d.expected_close_on,
            rank: d.rank,
            next_step: &d.next_step,
            status: d.status,
            lost_reason: d.lost_reason,
            lost_note: &d.lost_note,
            closed_at,
            stage_entered_at: d.stage_entered_at.unwrap_or(created_at),
            created_at,
            updated_at: d.updated_at.unwrap_or(latest),
        };
        self.stored(s.import_deal(&deal))
    }

    fn conversation(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        c: &ConversationRow,
    ) -> Result<Result<Written, Vec<Problem>>, StoreError> {
        if c.revision > 1 {
            return self.revision(s, c);
        }
        let id = match self.customer(s, report, &c.customer)? {
            Ok(id) => id,
            Err(p) => return Ok(Err(p)),
        };
        let contact_id = match &c.contact {
            Some(name) => {
                let found = s.contact_named(id, name)?;
                report.unlinked_contacts += u64::from(found.is_none());
                found
            }
            None => None,
        };
        let conversation = NewConversation {
            account_id: id,
            contact_id,
            kind: c.kind,
            direction: c.direction,
            happened_at: c.happened_at,
            summary: c.summary.clone(),
            body: c.body.clone(),
            outcome: c.outcome.clone(),
        };
        let logged_at = c.logged_at.unwrap_or(self.now);
        let written = match self.stored(s.log_conversation(&conversation, logged_at))? {
            Ok(w) => w,
            Err(p) => return Ok(Err(p)),
        };
        let (Written::New(cid) | Written::Updated(cid) | Written::Unchanged(cid)) = written;
        self.current = Some(Current {
            source_id: c.source_id.clone(),
            id: cid,
            existed: !matches!(written, Written::New(_)),
            retracted: false,
        });
        Ok(self.retraction(s, c)?.map(|()| written))
    }

    /// A later revision (export rows): new text for the conversation the
    /// rows just before it made.
    fn revision(
        &mut self,
        s: &mut ImportSession<'_>,
        c: &ConversationRow,
    ) -> Result<Result<Written, Vec<Problem>>, StoreError> {
        let Some(cur) = self
            .current
            .as_ref()
            .filter(|cur| cur.source_id.is_some() && cur.source_id == c.source_id)
        else {
            let problem = CellProblem::RevisionOutOfPlace {
                revision: c.revision,
                source: quote(c.source_id.as_deref().unwrap_or("?")),
            };
            return Ok(Err(vec![self.problem(Field::Revision, problem)]));
        };
        let (id, existed) = (cur.id, cur.existed);
        if existed {
            return Ok(Ok(Written::Unchanged(id)));
        }
        let at = c.logged_at.unwrap_or(self.now);
        let outcome = c.outcome.as_deref();
        if let Err(p) = self.stored(s.revise_conversation(id, &c.summary, &c.body, outcome, at))? {
            return Ok(Err(p));
        }
        Ok(self.retraction(s, c)?.map(|()| Written::Updated(id)))
    }

    /// Retract the current conversation if the row says so (once): every
    /// retraction and restoration when the row lists them, else the one.
    fn retraction(
        &mut self,
        s: &mut ImportSession<'_>,
        c: &ConversationRow,
    ) -> Result<Result<(), Vec<Problem>>, StoreError> {
        let Some(cur) = self.current.as_mut() else {
            return Ok(Ok(()));
        };
        if cur.existed || cur.retracted || (c.retraction.is_none() && c.marks.is_empty()) {
            return Ok(Ok(()));
        }
        cur.retracted = true;
        let id = cur.id;
        if let Some((reason, at)) = c.retraction.as_ref().filter(|_| c.marks.is_empty()) {
            return self.stored(s.retract_conversation(id, reason, at.unwrap_or(self.now)));
        }
        for m in &c.marks {
            let done = match m.action {
                MarkAction::Restore => s.restore_conversation(id, m.at),
                _ => s.retract_conversation(id, &m.reason, m.at),
            };
            if let Err(p) = self.stored(done)? {
                return Ok(Err(p));
            }
        }
        Ok(Ok(()))
    }

    /// The account an order or conversation row names, or why not.
    fn customer(
        &mut self,
        s: &mut ImportSession<'_>,
        report: &mut Report,
        c: &Customer,
    ) -> Result<Result<i64, Vec<Problem>>, StoreError> {
        match s.find(&c.matching) {
            Lookup::Found(id, _) => Ok(Ok(id)),
            Lookup::Ambiguous { by, count } => Ok(Err(vec![self.ambiguous(by, count)])),
            Lookup::Missing if self.create_missing && self.target == Target::Orders => {
                let Some(name) = c.name.clone() else {
                    let problem = CellProblem::UnknownCustomerNoName;
                    return Ok(Err(vec![self.problem(Field::Name, problem)]));
                };
                let fields = AccountFields {
                    name,
                    reading: c.reading.clone(),
                    code: c.code.clone(),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                    ..Default::default()
                };
                let made = self.stored(s.add_account(&fields, self.now))?;
                if made.is_ok() {
                    report.accounts_created += 1;
                }
                Ok(made)
            }
            Lookup::Missing => {
                let (field, value) = c.first().unwrap_or((Field::Name, ""));
                let by = match field {
                    Field::Code => MatchedBy::Code,
                    Field::Email => MatchedBy::Email,
                    Field::Phone => MatchedBy::Phone,
                    _ => MatchedBy::Name,
                };
                let problem = CellProblem::UnknownCustomer {
                    by,
                    cell: quote(value),
                    can_create: self.target == Target::Orders,
                };
                Ok(Err(vec![self.problem(field, problem)]))
            }
        }
    }

    fn ambiguous(&self, by: MatchedBy, count: usize) -> Problem {
        let field = match by {
            MatchedBy::Code => Field::Code,
            MatchedBy::Email => Field::Email,
            MatchedBy::Phone => Field::Phone,
            MatchedBy::Name => Field::Name,
        };
        self.problem(field, CellProblem::AmbiguousCustomer { by, count })
    }

    fn problem(&self, f: Field, problem: CellProblem) -> Problem {
        Problem {
            column: self.columns.header(f).to_string(),
            problem,
        }
    }

    /// A store refusal becomes a bad row; a database failure stays fatal.
    fn stored<T>(&self, r: crate::store::Result<T>) -> Result<Result<T, Vec<Problem>>, StoreError> {
        match r {
            Ok(v) => Ok(Ok(v)),
            Err(StoreError::Invalid { field, message }) => {
                let f = match field {
                    "code" => Field::Code,
                    "email" => Field::Email,
                    "phone" => Field::Phone,
                    "reading" => Field::Reading,
                    "amount" => Field::Amount,
                    "summary" => Field::Summary,
                    "reason" => Field::RetractReason,
                    "when" => Field::Date,
                    "body" => Field::Body,
                    "outcome" => Field::Outcome,
                    "note" if self.target == Target::Deals => Field::LostNote,
                    "note" => Field::Note,
                    "address" => Field::Address,
                    "tags" => Field::Tags,
                    "title" => Field::Title,
                    "value" => Field::Value,
                    "probability" => Field::Probability,
                    "next_step" => Field::NextStep,
                    "lost_reason" => Field::LostReason,
                    _ => Field::Name,
                };
                let problem = match message {
                    m if m == crate::domain::history::IN_FUTURE => CellProblem::Refused {
                        key: "record_history.in_future".into(),
                    },
                    key if key.starts_with("problem.") || key.starts_with("importx.") => {
                        CellProblem::Refused { key }
                    }
                    other => CellProblem::Said(other),
                };
                Ok(Err(vec![self.problem(f, problem)]))
            }
            Err(
                e @ (StoreError::NotFound { .. }
                | StoreError::Ambiguous(_)
                | StoreError::Refused(_)),
            ) => {
                let words = crate::messages::describe(self.i18n, &e, None, &self.zone);
                Ok(Err(vec![
                    self.problem(Field::Name, CellProblem::Said(words))
                ]))
            }
            Err(e) => Err(e),
        }
    }
}
