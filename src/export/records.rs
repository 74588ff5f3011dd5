//! What each exported table's columns are, and how a stored row fills
//! them. Instants are RFC 3339 UTC (as everywhere in storage and JSON);
//! due dates `YYYY-MM-DD` and times `HH:MM` in the operator's calendar.

use chrono::{DateTime, Utc};

use super::table::Field;
use crate::domain::deals::Deal;
use crate::domain::model::Account;
use crate::domain::money::Currency;
use crate::domain::time::to_rfc3339;
use crate::store::export::{ConversationRow, FollowUpRow, OrderRow};

/// Accounts columns.
pub const ACCOUNT_HEADER: &[&str] = &[
    "id",
    "code",
    "name",
    "reading",
    "kind",
    "status",
    "phone",
    "email",
    "address",
    "tags",
    "note",
    "interval_days",
    "honorific",
    "lapse_reason",
    "archived",
    "last_touch_at",
    "created_at",
];

/// Orders columns.
pub const ORDER_HEADER: &[&str] = &[
    "id",
    "account_id",
    "account_code",
    "account_name",
    "ordered_at",
    "amount",
    "note",
    "voided",
    "void_reason",
    "voided_at",
    "retractions",
    "currency",
];

/// Conversations columns: one row per revision.
pub const CONVERSATION_HEADER: &[&str] = &[
    "id",
    "account_id",
    "account_code",
    "account_name",
    "contact",
    "kind",
    "direction",
    "happened_at",
    "logged_at",
    "revision",
    "is_current",
    "summary",
    "body",
    "outcome",
    "retracted",
    "retract_reason",
    "retracted_at",
    "retractions",
];

/// Deals columns: what rebuilds a deal, none of the figures that move
/// with the clock (rotting, score, days in stage, weighted value).
pub const DEAL_HEADER: &[&str] = &[
    "id",
    "account_id",
    "account_code",
    "account_name",
    "contact",
    "title",
    "value",
    "currency",
    "stage",
    "probability",
    "expected_close_on",
    "rank",
    "next_step",
    "status",
    "lost_reason",
    "lost_note",
    "closed_at",
    "stage_entered_at",
    "created_at",
    "updated_at",
];

/// Follow-ups columns.
pub const FOLLOW_UP_HEADER: &[&str] = &[
    "id",
    "account_id",
    "account_code",
    "account_name",
    "contact",
    "kind",
    "due_on",
    "due_time",
    "note",
    "state",
    "conversation_id",
    "cancel_reason",
    "plan",
];

fn instant<'a>(t: DateTime<Utc>) -> Field<'a> {
    Field::owned(to_rfc3339(t))
}

fn opt_id<'a>(id: Option<i64>) -> Field<'a> {
    id.map_or(Field::Null, Field::Int)
}

/// An account's cells, in [`ACCOUNT_HEADER`] order.
pub fn account_fields(a: &Account) -> Vec<Field<'_>> {
    vec![
        Field::Int(a.id),
        Field::opt(a.code.as_deref()),
        Field::text(&a.name),
        Field::opt(a.reading.as_deref()),
        Field::text(a.kind.as_str()),
        Field::text(a.status.as_str()),
        Field::opt(a.phone.as_deref()),
        Field::opt(a.email.as_deref()),
        Field::opt(a.address.as_deref()),
        Field::List(&a.tags),
        Field::text(&a.note),
        a.interval_days
            .map_or(Field::Null, |d| Field::Int(d.into())),
        Field::opt(a.honorific.map(|h| h.as_str())),
        Field::opt(a.lapse_reason.map(|r| r.as_str())),
        Field::Bool(a.archived),
        a.last_touch_at.map_or(Field::Null, instant),
        instant(a.created_at),
    ]
}

/// An order's cells, in [`ORDER_HEADER`] order.
/// `amount` is in `currency`: minor units in JSON, `29.33` in CSV.
pub fn order_fields(o: &OrderRow, currency: Currency) -> Vec<Field<'_>> {
    vec![
        Field::Int(o.id),
        Field::Int(o.account_id),
        Field::opt(o.account_code.as_deref()),
        Field::text(&o.account_name),
        instant(o.ordered_at),
        Field::Money(o.amount, currency),
        Field::text(&o.note),
        Field::Bool(o.voided.is_some()),
        Field::opt(o.voided.as_ref().map(|r| r.reason.as_str())),
        o.voided.as_ref().map_or(Field::Null, |r| instant(r.at)),
        Field::Marks(&o.marks),
        Field::text(currency.code),
    ]
}

/// A deal's cells, in [`DEAL_HEADER`] order; `probability` only when set
/// on the deal (empty: the stage's applies).
pub fn deal_fields<'a>(
    d: &'a Deal,
    account_code: Option<&'a str>,
    currency: Currency,
) -> Vec<Field<'a>> {
    vec![
        Field::Int(d.id),
        Field::Int(d.account_id),
        Field::opt(account_code),
        Field::text(&d.account_name),
        Field::opt(d.contact_name.as_deref()),
        Field::text(&d.title),
        Field::Money(d.value, currency),
        Field::text(currency.code),
        Field::text(&d.stage),
        d.probability.map_or(Field::Null, |p| Field::Int(p.into())),
        d.expected_close_on.map_or(Field::Null, |day| {
            Field::owned(day.format("%Y-%m-%d").to_string())
        }),
        Field::text(d.rank.as_str()),
        Field::text(&d.next_step),
        Field::text(d.status.as_str()),
        Field::opt(d.lost_reason.map(|r| r.as_str())),
        Field::text(&d.lost_note),
        d.closed_at.map_or(Field::Null, instant),
        instant(d.stage_entered_at),
        instant(d.created_at),
        instant(d.updated_at),
    ]
}

/// One revision's cells, in [`CONVERSATION_HEADER`] order.
pub fn conversation_fields(c: &ConversationRow) -> Vec<Field<'_>> {
    vec![
        Field::Int(c.id),
        Field::Int(c.account_id),
        Field::opt(c.account_code.as_deref()),
        Field::text(&c.account_name),
        Field::opt(c.contact.as_deref()),
        Field::text(c.kind.as_str()),
        Field::text(c.direction.as_str()),
        instant(c.happened_at),
        instant(c.text.at),
        Field::Int(c.revision.into()),
        Field::Bool(c.is_current),
        Field::text(&c.text.summary),
        Field::text(&c.text.body),
        Field::opt(c.text.outcome.as_deref()),
        Field::Bool(c.retracted.is_some()),
        Field::opt(c.retracted.as_ref().map(|r| r.reason.as_str())),
        c.retracted.as_ref().map_or(Field::Null, |r| instant(r.at)),
        Field::Marks(&c.marks),
    ]
}

/// A follow-up's cells, in [`FOLLOW_UP_HEADER`] order.
pub fn follow_up_fields(row: &FollowUpRow) -> Vec<Field<'_>> {
    let f = &row.follow_up;
    vec![
        Field::Int(f.id),
        Field::Int(f.account_id),
        Field::opt(row.account_code.as_deref()),
        Field::text(&f.account_name),
        Field::opt(f.contact_name.as_deref()),
        Field::text(f.kind.as_str()),
        Field::owned(f.due_on.format("%Y-%m-%d").to_string()),
        f.due_time
            .map_or(Field::Null, |t| Field::owned(t.format("%H:%M").to_string())),
        Field::text(&f.note),
        Field::text(f.state.as_str()),
        opt_id(f.conversation_id),
        Field::opt(f.cancel_reason.as_deref()),
        Field::opt(f.plan_name.as_deref()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_header_is_the_published_one() {
        assert_eq!(
            ACCOUNT_HEADER.join(","),
            "id,code,name,reading,kind,status,phone,email,address,tags,note,interval_days,\
             honorific,lapse_reason,archived,last_touch_at,created_at"
        );
        assert_eq!(
            ORDER_HEADER.join(","),
            "id,account_id,account_code,account_name,ordered_at,amount,note,voided,void_reason,\
             voided_at,retractions,currency"
        );
    }
}
