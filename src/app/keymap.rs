//! The keymap as data: the default bindings in `assets/keymap.toml`,
//! compiled once at start-up with the operator's `[keys]` overrides. It is
//! the one source of routing, the footer, the help overlay and the README's
//! key table. Keys here are plain values; the ui turns terminal events
//! into [`Key`]s.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Action, App, Screen};

#[path = "keymap_key.rs"]
mod key;
#[path = "keymap_readme.rs"]
pub mod readme;
pub use key::{Key, KeyName};

/// The default bindings, embedded.
pub const DEFAULT_TOML: &str = include_str!("../../assets/keymap.toml");

/// Which set of bindings is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Under every other layer (Ctrl-C).
    Always,
    Help,
    Today,
    Quiet,
    Reports,
    Agenda,
    Pipeline,
    Accounts,
    Filter,
    Account,
    Form,
    Conversation,
    Order,
    Confirm,
    ImportPreview,
    Find,
    Search,
    Deal,
    /// The won and lost deals (`c` on the Pipeline).
    ClosedDeals,
}

impl Layer {
    /// Every layer, with its name in the keymap file.
    pub const ALL: [(Layer, &'static str); 19] = [
        (Layer::Always, "always"),
        (Layer::Help, "help"),
        (Layer::Today, "today"),
        (Layer::Quiet, "quiet"),
        (Layer::Reports, "reports"),
        (Layer::Agenda, "agenda"),
        (Layer::Pipeline, "pipeline"),
        (Layer::Accounts, "accounts"),
        (Layer::Filter, "filter"),
        (Layer::Account, "account"),
        (Layer::Form, "form"),
        (Layer::Conversation, "conversation"),
        (Layer::Order, "order"),
        (Layer::Confirm, "confirm"),
        (Layer::ImportPreview, "import_preview"),
        (Layer::Find, "find"),
        (Layer::Search, "search"),
        (Layer::Deal, "deal"),
        (Layer::ClosedDeals, "closed_deals"),
    ];

    /// Keys no binding claims edit text here.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Layer::Form | Layer::Filter | Layer::Find | Layer::Search
        )
    }
}

/// One binding: the keys, what they do, how it is described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    /// Shown in the footer and help, e.g. `j/↓`.
    pub label: String,
    pub action: Action,
    /// Message-catalogue key of the description.
    pub desc: String,
    /// Listed in the footer (everything is listed in help).
    pub footer: bool,
    /// The action's name in the keymap file (`log`, `search`): what the
    /// config's `[keys]` rebinds it by.
    pub name: String,
}

impl Binding {
    /// Whether a `[keys]` entry called `name` rebinds this binding: its
    /// action's name (`search = "ctrl-f"`), or, as earlier versions
    /// read it, its description's last part (`key_quiet_sort`).
    pub fn is_called(&self, name: &str) -> bool {
        self.name == name || self.desc.rsplit('.').next() == Some(name)
    }
}

/// A `[keys]` override that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// No binding has this name.
    UnknownAction { name: String },
    /// The key cannot be read.
    BadKey { name: String, key: String },
    /// The key already does something else in a layer where this acts.
    Clash {
        name: String,
        key: String,
        /// Description key of the binding that has it.
        other: String,
    },
}

impl KeyProblem {
    /// The warning in the operator's language.
    pub fn message(&self, i18n: &crate::i18n::I18n) -> String {
        match self {
            KeyProblem::UnknownAction { name } => {
                i18n.f("keys11.unknown_action", &[("name", name)])
            }
            KeyProblem::BadKey { name, key } => {
                i18n.f("keys11.bad_key", &[("name", name), ("key", key)])
            }
            KeyProblem::Clash { name, key, other } => i18n.f(
                "keys11.clash",
                &[("name", name), ("key", key), ("other", &i18n.t(other))],
            ),
        }
    }
}

/// The bindings of every layer, compiled once.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    layers: BTreeMap<Layer, Vec<Binding>>,
}

#[derive(Deserialize)]
struct File {
    group: BTreeMap<String, Vec<Entry>>,
    layer: BTreeMap<String, Vec<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    include: Option<String>,
    action: Option<String>,
    #[serde(default)]
    keys: Vec<String>,
    label: Option<String>,
    desc: Option<String>,
    #[serde(default)]
    footer: bool,
}

impl Keymap {
    /// Parse a keymap file. Any mistake here is the program's, not the
    /// operator's, so it is an error (a test compiles the embedded one).
    pub fn parse(text: &str) -> Result<Keymap, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut layers = BTreeMap::new();
        for (name, entries) in &file.layer {
            let layer = Layer::ALL
                .iter()
                .find(|(_, n)| n == name)
                .map(|(l, _)| *l)
                .ok_or_else(|| format!("unknown layer {name}"))?;
            let mut bindings = Vec::new();
            for e in entries {
                match &e.include {
                    Some(g) => {
                        let group = file.group.get(g).ok_or_else(|| format!("no group {g}"))?;
                        for e in group {
                            bindings.push(binding(e)?);
                        }
                    }
                    None => bindings.push(binding(e)?),
                }
            }
            layers.insert(layer, bindings);
        }
        Ok(Keymap { layers })
    }

    /// The embedded defaults with the operator's overrides (`[keys] log =
    /// "L"`); an override that cannot apply is left out and reported.
    pub fn compile(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<KeyProblem>) {
        let mut map = Keymap::parse(DEFAULT_TOML)
            .expect("the embedded keymap is part of the program, and a test compiles it");
        let problems = overrides
            .iter()
            .filter_map(|(name, key)| map.rebind(name, key).err())
            .collect();
        (map, problems)
    }

    /// Give every binding called `name` the single key `key`, unless the
    /// key is unreadable or taken by another binding of the same layer.
    fn rebind(&mut self, name: &str, text: &str) -> Result<(), KeyProblem> {
        let key = Key::parse(text).ok_or_else(|| KeyProblem::BadKey {
            name: name.to_string(),
            key: text.to_string(),
        })?;
        let mut found = false;
        // Ctrl-C (the always layer) quits whatever the config says.
        let always = self.bindings(Layer::Always);
        if let Some(other) = always.iter().find(|o| o.keys.contains(&key)) {
            return Err(KeyProblem::Clash {
                name: name.to_string(),
                key: text.to_string(),
                other: other.desc.clone(),
            });
        }
        for (_, bindings) in self.layers.iter().filter(|(l, _)| **l != Layer::Always) {
            if !bindings.iter().any(|b| b.is_called(name)) {
                continue;
            }
            found = true;
            if let Some(other) = bindings
                .iter()
                .find(|o| !o.is_called(name) && o.keys.contains(&key))
            {
                return Err(KeyProblem::Clash {
                    name: name.to_string(),
                    key: text.to_string(),
                    other: other.desc.clone(),
                });
            }
        }
        if !found {
            return Err(KeyProblem::UnknownAction {
                name: name.to_string(),
            });
        }
        for (_, bindings) in self.layers.iter_mut().filter(|(l, _)| **l != Layer::Always) {
            for b in bindings.iter_mut().filter(|b| b.is_called(name)) {
                b.keys = vec![key];
                b.label = key.label();
            }
        }
        Ok(())
    }

    /// The bindings of one layer, in help order.
    pub fn bindings(&self, layer: Layer) -> &[Binding] {
        self.layers.get(&layer).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The action `key` is bound to in `layer`.
    pub fn action(&self, layer: Layer, key: Key) -> Option<Action> {
        self.bindings(layer)
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    }
}

fn binding(e: &Entry) -> Result<Binding, String> {
    let name = e.action.as_deref().ok_or("an entry without action")?;
    let action = action_named(name).ok_or_else(|| format!("unknown action {name}"))?;
    let keys = e
        .keys
        .iter()
        .map(|k| Key::parse(k).ok_or_else(|| format!("{name}: bad key {k}")))
        .collect::<Result<Vec<_>, _>>()?;
    let first = keys.first().ok_or_else(|| format!("{name}: no keys"))?;
    Ok(Binding {
        label: e.label.clone().unwrap_or_else(|| first.label()),
        keys,
        action,
        desc: e.desc.clone().ok_or_else(|| format!("{name}: no desc"))?,
        footer: e.footer,
        name: name.to_string(),
    })
}

/// The typed action for a name in the keymap file.
pub fn action_named(name: &str) -> Option<Action> {
    use Action as A;
    Some(match name {
        "quit" => A::Quit,
        "toggle_help" => A::ToggleHelp,
        "reload" => A::Reload,
        "back" => A::Back,
        "up" => A::Up,
        "down" => A::Down,
        "page_up" => A::PageUp,
        "page_down" => A::PageDown,
        "top" => A::Top,
        "bottom" => A::Bottom,
        "open" => A::Open,
        "start_filter" => A::StartFilter,
        "toggle_sort" => A::ToggleSort,
        "add_account" => A::AddAccount,
        "edit_account" => A::EditAccount,
        "log" => A::Log,
        "add_order" => A::AddOrder,
        "add_contact" => A::AddContact,
        "archive" => A::Archive,
        "schedule_follow_up" => A::ScheduleFollowUp,
        "apply_plan" => A::ApplyPlan,
        "import" => A::Import,
        "snooze" => A::Snooze,
        "cancel_follow_up" => A::CancelFollowUp,
        "toggle_archived" => A::ToggleArchived,
        "restore_account" => A::RestoreAccount,
        "screen_accounts" => A::Screen(Screen::Accounts),
        "screen_today" => A::Screen(Screen::Today),
        "screen_quiet" => A::Screen(Screen::Quiet),
        "screen_reports" => A::Screen(Screen::Reports),
        "screen_agenda" => A::Screen(Screen::Agenda),
        "save" => A::Save,
        "cancel" => A::Cancel,
        "next_field" => A::NextField,
        "prev_field" => A::PrevField,
        "toggle_revisions" => A::ToggleRevisions,
        "retract" => A::Retract,
        "restore_conversation" => A::RestoreConversation,
        "edit_conversation" => A::EditConversation,
        "edit_order" => A::EditOrder,
        "void_order" => A::VoidOrder,
        "restore_order" => A::RestoreOrder,
        "yes" => A::Confirm(true),
        "no" => A::Confirm(false),
        "discard_draft" => A::DiscardDraft,
        "skip_invalid" => A::SkipInvalid,
        "create_missing" => A::CreateMissing,
        "map_column" => A::MapColumn,
        "next_match" => A::NextMatch,
        "plans" => A::Plans,
        "undo" => A::Undo,
        "search" => A::Search,
        "edit_follow_up" => A::EditFollowUp,
        "left" => A::Left,
        "right" => A::Right,
        "next_stage" => A::NextStage,
        "new_deal" => A::NewDeal,
        "won_deal" => A::WonDeal,
        "lost_deal" => A::LostDeal,
        "edit_deal" => A::EditDeal,
        "reopen_deal" => A::ReopenDeal,
        "closed_deals" => A::ClosedDeals,
        "prev_stage" => A::PrevStage,
        "screen_pipeline" => A::Screen(Screen::Pipeline),
        "prev_match" => A::PrevMatch,
        _ => return None,
    })
}

/// The layer that receives keys now: help over popups over the screen.
pub fn layer(app: &App) -> Layer {
    if app.help {
        return Layer::Help;
    }
    screen_layer(app)
}

/// The layer under help: what the overlay lists.
pub fn screen_layer(app: &App) -> Layer {
    match app.popups.last() {
        Some(p) => p.layer(),
        None if app.filter_has_keys() => Layer::Filter,
        None if app.screen == Screen::Account
            && app
                .account
                .as_ref()
                .is_some_and(|v| v.find.as_ref().is_some_and(|f| f.typing)) =>
        {
            Layer::Find
        }
        None if app.screen == Screen::Account => Layer::Account,
        None if app.screen == Screen::Today => Layer::Today,
        None if app.screen == Screen::Quiet => Layer::Quiet,
        None if app.screen == Screen::Reports => Layer::Reports,
        None if app.screen == Screen::Agenda => Layer::Agenda,
        None if app.screen == Screen::Pipeline => Layer::Pipeline,
        None => Layer::Accounts,
    }
}

/// What a key asks for now, before text editing: the always layer, then
/// the active one. With help open, any other key closes help.
pub fn route(app: &App, key: Key) -> Option<Action> {
    if let Some(a) = app.keymap.action(Layer::Always, key) {
        return Some(a);
    }
    let layer = layer(app);
    match app.keymap.action(layer, key) {
        Some(a) => Some(a),
        None if layer == Layer::Help => Some(Action::ToggleHelp),
        None => None,
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
