//! Which tables a team shares, and how each column of them travels:
//! fixed when the row is made, changed in place (merged field by field,
//! last writer wins), or worked out here from the rest (never sent, kept
//! current on each replica as on any write). A column holding another
//! shared row's local id travels as that row's UUID.

/// One shared table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shared {
    pub name: &'static str,
    /// Set when the row is made, never changed (the database refuses).
    pub fixed: &'static [&'static str],
    /// Changed in place; each change is an event of its own.
    pub mutable: &'static [&'static str],
    /// Columns holding a local id of a shared row: (column, its table).
    pub refs: &'static [(&'static str, &'static str)],
    /// Kept current on write from other rows; never sent.
    pub derived: &'static [&'static str],
}

impl Shared {
    /// Every column sent when the row is made, in a fixed order.
    pub fn sent(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fixed.iter().chain(self.mutable).copied()
    }

    /// The shared table `col` refers to, when it holds a local id.
    pub fn refers(&self, col: &str) -> Option<&'static str> {
        self.refs.iter().find(|(c, _)| *c == col).map(|(_, t)| *t)
    }
}

const fn fixed(
    name: &'static str,
    fixed: &'static [&'static str],
    refs: &'static [(&'static str, &'static str)],
) -> Shared {
    Shared {
        name,
        fixed,
        mutable: &[],
        refs,
        derived: &[],
    }
}

/// Every shared table, each after the tables it refers to (the order
/// existing rows are first sent in). Drafts and settings stay local.
pub(crate) const SHARED: &[Shared] = &[
    Shared {
        name: "accounts",
        fixed: &["created_at"],
        mutable: &[
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
            "archived",
            "lapse_reason",
            "honorific",
            "updated_at",
        ],
        refs: &[],
        derived: &[
            "learned_interval_days",
            "last_touch_at",
            "search_key",
            "last_touch_kind",
            "last_touch_summary",
            "last_order_at",
            "last_order_amount",
            "next_follow_up_on",
        ],
    },
    fixed(
        "account_changes",
        &[
            "account_id",
            "field",
            "old_value",
            "new_value",
            "changed_at",
        ],
        &[("account_id", "accounts")],
    ),
    Shared {
        name: "contacts",
        fixed: &["account_id", "created_at"],
        mutable: &["name", "reading", "role", "phone", "email", "updated_at"],
        refs: &[("account_id", "accounts")],
        derived: &[],
    },
    Shared {
        name: "plans",
        fixed: &["created_at"],
        mutable: &["name", "auto_on_first_order"],
        refs: &[],
        derived: &[],
    },
    Shared {
        name: "plan_steps",
        fixed: &["plan_id"],
        mutable: &["position", "offset_days", "kind", "note", "retired_at"],
        refs: &[("plan_id", "plans")],
        derived: &[],
    },
    fixed(
        "plan_changes",
        &["plan_id", "field", "old_value", "new_value", "at"],
        &[("plan_id", "plans")],
    ),
    fixed(
        "plan_applications",
        &["plan_id", "account_id", "start_on", "at"],
        &[("plan_id", "plans"), ("account_id", "accounts")],
    ),
    Shared {
        name: "orders",
        fixed: &["account_id", "created_at"],
        mutable: &[
            "ordered_at",
            "amount",
            "note",
            "revised_at",
            "voided_at",
            "void_reason",
        ],
        refs: &[("account_id", "accounts")],
        derived: &[],
    },
    fixed(
        "order_revisions",
        &[
            "order_id",
            "ordered_at",
            "amount",
            "note",
            "written_at",
            "replaced_at",
        ],
        &[("order_id", "orders")],
    ),
    fixed(
        "order_voids",
        &["order_id", "action", "reason", "at"],
        &[("order_id", "orders")],
    ),
    Shared {
        name: "deals",
        fixed: &["account_id", "created_at"],
        mutable: &[
            "contact_id",
            "title",
            "value",
            "stage",
            "probability",
            "expected_close_on",
            "rank",
            "next_step",
            "status",
            "lost_reason",
            "lost_note",
            "closed_at",
            "order_id",
            "stage_entered_at",
            "updated_at",
        ],
        refs: &[
            ("account_id", "accounts"),
            ("contact_id", "contacts"),
            ("order_id", "orders"),
        ],
        derived: &[],
    },
    fixed(
        "deal_changes",
        &["deal_id", "field", "old_value", "new_value", "at"],
        &[("deal_id", "deals")],
    ),
    Shared {
        name: "conversations",
        fixed: &[
            "account_id",
            "contact_id",
            "kind",
            "direction",
            "happened_at",
            "summary",
            "body",
            "outcome",
            "logged_at",
        ],
        mutable: &["retracted_at", "retract_reason", "deal_id"],
        refs: &[
            ("account_id", "accounts"),
            ("contact_id", "contacts"),
            ("deal_id", "deals"),
        ],
        derived: &[],
    },
    fixed(
        "conversation_revisions",
        &[
            "conversation_id",
            "summary",
            "body",
            "outcome",
            "revised_at",
        ],
        &[("conversation_id", "conversations")],
    ),
    fixed(
        "conversation_retractions",
        &["conversation_id", "action", "reason", "at"],
        &[("conversation_id", "conversations")],
    ),
    Shared {
        name: "follow_ups",
        fixed: &["account_id", "created_at", "plan_id", "plan_step"],
        mutable: &[
            "contact_id",
            "kind",
            "due_on",
            "due_time",
            "note",
            "state",
            "closed_at",
            "conversation_id",
            "cancel_reason",
        ],
        refs: &[
            ("account_id", "accounts"),
            ("contact_id", "contacts"),
            ("conversation_id", "conversations"),
            ("plan_id", "plans"),
        ],
        derived: &[],
    },
    fixed(
        "follow_up_snoozes",
        &[
            "follow_up_id",
            "from_on",
            "from_time",
            "to_on",
            "to_time",
            "at",
            "undoes",
        ],
        &[
            ("follow_up_id", "follow_ups"),
            ("undoes", "follow_up_snoozes"),
        ],
    ),
    fixed(
        "follow_up_changes",
        &["follow_up_id", "field", "old_value", "new_value", "at"],
        &[("follow_up_id", "follow_ups")],
    ),
];

/// The shared table called `name`.
pub(crate) fn shared(name: &str) -> Option<&'static Shared> {
    SHARED.iter().find(|t| t.name == name)
}
