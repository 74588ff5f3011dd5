//! What a key can ask for, as typed values.

use super::EditCmd;

/// The top-level screens, switched with number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Accounts,
    Account,
    Today,
    Quiet,
    Reports,
    Agenda,
    Pipeline,
}

/// Everything a key can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Read everything again from the database (`Ctrl-R`).
    Reload,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    StartFilter,
    ToggleSort,
    AddAccount,
    EditAccount,
    Log,
    AddOrder,
    AddContact,
    Archive,
    ScheduleFollowUp,
    ApplyPlan,
    Import,
    Snooze,
    CancelFollowUp,
    /// Show or hide archived accounts (Accounts).
    ToggleArchived,
    /// Bring the selected archived account back.
    RestoreAccount,
    /// Put the cursor on this shown row of the list in front (a click).
    Select(usize),
    /// Switch to a top-level screen.
    Screen(Screen),
    // Popups.
    Save,
    Cancel,
    NextField,
    PrevField,
    /// Edit the focused text field (or the filter).
    Edit(EditCmd),
    Paste(String),
    ToggleRevisions,
    Retract,
    RestoreConversation,
    EditConversation,
    EditOrder,
    VoidOrder,
    RestoreOrder,
    Confirm(bool),
    DiscardDraft,
    /// Create and edit contact plans.
    Plans,
    /// The column to the left / right (Pipeline).
    Left,
    Right,
    /// A new deal; the selected deal won / lost.
    NewDeal,
    WonDeal,
    LostDeal,
    /// Change the selected or shown deal's fields.
    EditDeal,
    /// Open the shown won or lost deal again (asked first).
    ReopenDeal,
    /// The won and lost deals, the latest first (Pipeline).
    ClosedDeals,
    /// Move the selected deal to the next / previous stage.
    NextStage,
    PrevStage,
    /// Change the selected follow-up (Agenda).
    EditFollowUp,
    /// Search every conversation's text.
    Search,
    /// Reverse the last archive, snooze, cancel, void or retract.
    Undo,
    /// The next / previous entry holding the words looked for (`n`, `N`).
    NextMatch,
    PrevMatch,
    /// Import preview: write the good rows, the bad ones to a file.
    SkipInvalid,
    /// Import preview: make accounts for customers not on file.
    CreateMissing,
    /// Import preview: say which field a column holds.
    MapColumn,
}
