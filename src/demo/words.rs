//! The demo's word lists and conversation templates, embedded from
//! `assets/demo/` and parsed once per run.

use crate::domain::model::{ConversationKind, Direction};
use crate::domain::triage::LapseReason;

const JA: &str = include_str!("../../assets/demo/ja.txt");
const EN: &str = include_str!("../../assets/demo/en.txt");
const PRODUCTS: &str = include_str!("../../assets/demo/products.txt");
const CONVERSATIONS_JA: &str = include_str!("../../assets/demo/conversations_ja.txt");
const CONVERSATIONS_EN: &str = include_str!("../../assets/demo/conversations_en.txt");

/// A word and its hiragana reading (empty for English words).
#[derive(Debug, Clone, Copy)]
pub(super) struct Named {
    pub text: &'static str,
    pub reading: &'static str,
}

/// A place and the landline pattern (`#` = digit) used there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Area {
    pub region: &'static str,
    /// City or ward (Japanese); empty for English areas.
    pub city: &'static str,
    pub phone: &'static str,
}

/// Something an account buys.
#[derive(Debug, Clone, Copy)]
pub(super) struct Product {
    pub ja: &'static str,
    pub en: &'static str,
    /// Unit price in yen.
    pub price: i64,
}

/// A conversation shape: what kind, which way, and its text with placeholders.
#[derive(Debug, Clone)]
pub(super) struct Template {
    pub kind: ConversationKind,
    pub direction: Direction,
    pub outcome: Option<&'static str>,
    /// Set on templates that tell why a customer stopped.
    pub lapse: Option<LapseReason>,
    pub summary: &'static str,
    pub body: String,
}

/// Every list one language contributes. Lists a language has no use for
/// (Japanese shop suffixes in English) are empty.
#[derive(Debug, Default)]
pub(super) struct Language {
    pub surnames: Vec<Named>,
    pub given_names: Vec<Named>,
    pub company_words: Vec<Named>,
    pub company_prefixes: Vec<Named>,
    pub shop_suffixes: Vec<Named>,
    pub shop_types: Vec<Named>,
    pub shop_names: Vec<Named>,
    pub legal_suffixes: Vec<&'static str>,
    pub areas: Vec<Area>,
    pub mobiles: Vec<&'static str>,
    pub streets: Vec<&'static str>,
    pub tags: Vec<&'static str>,
    pub roles: Vec<&'static str>,
    pub notes: Vec<&'static str>,
    pub weekdays: Vec<&'static str>,
    pub revision_addenda: Vec<&'static str>,
    pub retraction_reasons: Vec<&'static str>,
    pub order_note: &'static str,
    pub contact_fallback: &'static str,
    pub amount_format: &'static str,
    pub mail_users: Vec<&'static str>,
    pub follow_up_notes: Vec<&'static str>,
    pub follow_up_cancel_reasons: Vec<&'static str>,
    /// Everyday conversations.
    pub templates: Vec<Template>,
    /// The last conversation with a customer who stopped, with the reason.
    pub lapse_templates: Vec<Template>,
}

/// All the demo's words.
#[derive(Debug)]
pub(super) struct Words {
    pub ja: Language,
    pub en: Language,
    pub products: Vec<Product>,
}

impl Words {
    /// Parse the embedded assets. An error means an asset file is broken
    /// (a list the generator draws from is empty or a line is malformed).
    pub fn load() -> Result<Words, String> {
        let ja = language(JA, CONVERSATIONS_JA, true)?;
        let en = language(EN, CONVERSATIONS_EN, false)?;
        let mut products = Vec::new();
        for line in lines(PRODUCTS) {
            match columns(line).as_slice() {
                [ja, en, price] => products.push(Product {
                    ja,
                    en,
                    price: price
                        .parse()
                        .ok()
                        .filter(|p| *p > 0)
                        .ok_or_else(|| format!("products.txt: bad price in {line:?}"))?,
                }),
                _ => {
                    return Err(format!(
                        "products.txt: want `ja | en | price`, got {line:?}"
                    ))
                }
            }
        }
        if products.is_empty() {
            return Err("products.txt: no products".into());
        }
        Ok(Words { ja, en, products })
    }
}

/// Non-blank, non-comment lines, trimmed.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn columns(line: &'static str) -> Vec<&'static str> {
    line.split(" | ").map(str::trim).collect()
}

fn language(
    lists: &'static str,
    templates: &'static str,
    japanese: bool,
) -> Result<Language, String> {
    let file = if japanese { "ja.txt" } else { "en.txt" };
    let mut lang = Language::default();
    let mut section = "";
    for line in lines(lists) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        let cols = columns(line);
        let bad = || format!("{file} [{section}]: unexpected line {line:?}");
        let named = || match cols.as_slice() {
            [text, reading] => Ok(Named { text, reading }),
            [text] if !japanese => Ok(Named { text, reading: "" }),
            _ => Err(bad()),
        };
        match section {
            "surnames" => lang.surnames.push(named()?),
            "given_names" => lang.given_names.push(named()?),
            "company_words" => lang.company_words.push(named()?),
            "company_prefixes" => lang.company_prefixes.push(named()?),
            "shop_suffixes" => lang.shop_suffixes.push(named()?),
            "shop_types" => lang.shop_types.push(named()?),
            "shop_names" => lang.shop_names.push(named()?),
            "areas" => lang.areas.push(match cols.as_slice() {
                [region, city, phone] => Area {
                    region,
                    city,
                    phone,
                },
                [region, phone] => Area {
                    region,
                    city: "",
                    phone,
                },
                _ => return Err(bad()),
            }),
            "legal_suffixes" => lang.legal_suffixes.push(line),
            "mobiles" => lang.mobiles.push(line),
            "streets" => lang.streets.push(line),
            "tags" => lang.tags.push(line),
            "roles" => lang.roles.push(line),
            "notes" => lang.notes.push(line),
            "weekdays" => lang.weekdays.push(line),
            "revision_addenda" => lang.revision_addenda.push(line),
            "retraction_reasons" => lang.retraction_reasons.push(line),
            "order_note" => lang.order_note = line,
            "contact_fallback" => lang.contact_fallback = line,
            "amount_format" => lang.amount_format = line,
            "mail_users" => lang.mail_users.push(line),
            "follow_up_notes" => lang.follow_up_notes.push(line),
            "follow_up_cancel_reasons" => lang.follow_up_cancel_reasons.push(line),
            _ => return Err(bad()),
        }
    }
    let (lapse, everyday): (Vec<Template>, Vec<Template>) = parse_templates(templates)?
        .into_iter()
        .partition(|t| t.lapse.is_some());
    lang.templates = everyday;
    lang.lapse_templates = lapse;
    let common = [
        ("surnames", lang.surnames.len()),
        ("given_names", lang.given_names.len()),
        ("company_words", lang.company_words.len()),
        ("company_prefixes", lang.company_prefixes.len()),
        ("shop_types", lang.shop_types.len()),
        ("areas", lang.areas.len()),
        ("mobiles", lang.mobiles.len()),
        ("tags", lang.tags.len()),
        ("roles", lang.roles.len()),
        ("notes", lang.notes.len()),
        ("weekdays", lang.weekdays.len()),
        ("revision_addenda", lang.revision_addenda.len()),
        ("retraction_reasons", lang.retraction_reasons.len()),
        ("order_note", lang.order_note.len()),
        ("contact_fallback", lang.contact_fallback.len()),
        ("amount_format", lang.amount_format.len()),
        ("mail_users", lang.mail_users.len()),
        ("follow_up_notes", lang.follow_up_notes.len()),
        (
            "follow_up_cancel_reasons",
            lang.follow_up_cancel_reasons.len(),
        ),
        ("templates", lang.templates.len()),
        ("lapse templates", lang.lapse_templates.len()),
    ];
    let specific = if japanese {
        [
            ("shop_suffixes", lang.shop_suffixes.len()),
            ("shop_names", lang.shop_names.len()),
        ]
    } else {
        [
            ("legal_suffixes", lang.legal_suffixes.len()),
            ("streets", lang.streets.len()),
        ]
    };
    if let Some((name, _)) = common.iter().chain(specific.iter()).find(|(_, n)| *n == 0) {
        return Err(format!("{file}: [{name}] is missing or empty"));
    }
    Ok(lang)
}

/// Templates: `= kind direction [| outcome [| lapse reason]]` (an empty
/// outcome is none), then the summary line, then body lines up to the next
/// `=` line.
fn parse_templates(text: &'static str) -> Result<Vec<Template>, String> {
    let mut out: Vec<Template> = Vec::new();
    let mut summary_pending = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix("= ") {
            let mut fields = head.split('|').map(str::trim);
            let mut shape = fields.next().unwrap_or("").split_whitespace();
            let kind = ConversationKind::parse(shape.next().unwrap_or(""))?;
            let direction = Direction::parse(shape.next().unwrap_or(""))?;
            let outcome = fields.next().filter(|o| !o.is_empty());
            let lapse = fields.next().map(LapseReason::parse).transpose()?;
            out.push(Template {
                kind,
                direction,
                outcome,
                lapse,
                summary: "",
                body: String::new(),
            });
            summary_pending = true;
            continue;
        }
        let Some(t) = out.last_mut() else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(format!(
                "conversation templates: text before the first `=`: {line:?}"
            ));
        };
        if summary_pending {
            t.summary = line.trim();
            summary_pending = false;
        } else {
            if !t.body.is_empty() {
                t.body.push('\n');
            }
            t.body.push_str(line);
        }
    }
    for t in &mut out {
        t.body = t.body.trim().to_string();
        if t.summary.is_empty() || t.body.is_empty() {
            return Err(format!(
                "conversation template without summary or body: {:?}",
                t.summary
            ));
        }
    }
    Ok(out)
}
