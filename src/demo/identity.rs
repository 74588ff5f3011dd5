//! Who an account is: name and reading, phone, e-mail, address, tags and
//! the people who work there.

use rand::rngs::SmallRng;
use rand::Rng;

use super::words::{Language, Named};
use super::{pick, pick_word, Lang};
use crate::domain::fold::romaji;
use crate::domain::model::{AccountFields, AccountKind, Honorific};
use crate::store::bulk::BulkContact;

/// An account's fields plus how conversation text refers to its people.
pub(super) struct Identity {
    pub fields: AccountFields,
    pub contacts: Vec<BulkContact>,
    /// How the text names each contact (`佐藤様`, `Olivia`), by index.
    pub contact_call_names: Vec<String>,
    /// How the text names the account when no contact is involved.
    pub call_name: String,
}

/// Make up an account of the given language and kind.
pub(super) fn identity(
    rng: &mut SmallRng,
    words: &Language,
    lang: Lang,
    kind: AccountKind,
) -> Identity {
    let area = *pick(rng, &words.areas);
    let person = kind == AccountKind::Person;
    let (name, reading, slug, call_name) = match (lang, person) {
        (Lang::Ja, false) => ja_company(rng, words),
        (Lang::En, false) => en_company(rng, words),
        (_, true) => {
            let p = person_name(rng, words, lang);
            let call = p.call.clone();
            (p.name, p.reading, p.mail_local, call)
        }
    };
    let call_name = if person {
        call_name
    } else {
        words.contact_fallback.to_string()
    };
    let domain = mail_domain(lang);
    let email = if person {
        rng.random_bool(0.6).then(|| format!("{slug}@{domain}"))
    } else {
        rng.random_bool(0.85)
            .then(|| format!("{}@{slug}.{domain}", pick(rng, &words.mail_users)))
    };
    let phone = if person && rng.random_bool(0.75) {
        let mobile = pick_word(rng, &words.mobiles);
        Some(digits(rng, mobile))
    } else {
        rng.random_bool(0.95).then(|| digits(rng, area.phone))
    };
    let address = rng.random_bool(0.7).then(|| match lang {
        Lang::Ja => format!(
            "{}{}{}-{}-{}",
            area.region,
            area.city,
            rng.random_range(1..=6),
            rng.random_range(1..=30),
            rng.random_range(1..=20)
        ),
        Lang::En => format!(
            "{} {}, {}",
            rng.random_range(1..=240),
            pick(rng, &words.streets),
            area.region
        ),
    });
    let mut tags: Vec<String> = Vec::new();
    let wanted = match rng.random_range(0..100) {
        0..40 => 0,
        40..75 => 1,
        75..93 => 2,
        _ => 3,
    };
    for _ in 0..wanted {
        let t = pick_word(rng, &words.tags);
        if !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    }
    let note = if rng.random_bool(0.4) {
        pick(rng, &words.notes).to_string()
    } else {
        String::new()
    };

    let mut contacts = Vec::new();
    let mut contact_call_names = Vec::new();
    if !person && rng.random_bool(0.6) {
        for _ in 0..rng.random_range(1..=3) {
            let p = person_name(rng, words, lang);
            let email = rng
                .random_bool(0.7)
                .then(|| format!("{}@{slug}.{domain}", p.mail_local));
            let mobile = pick_word(rng, &words.mobiles);
            let phone = rng.random_bool(0.5).then(|| digits(rng, mobile));
            contacts.push(BulkContact {
                name: p.name,
                reading: (!p.reading.is_empty()).then_some(p.reading),
                role: Some(pick(rng, &words.roles).to_string()),
                phone,
                email,
            });
            contact_call_names.push(p.call);
        }
    }

    Identity {
        fields: AccountFields {
            name,
            reading: (!reading.is_empty()).then_some(reading),
            kind: Some(kind),
            phone,
            email,
            address,
            tags,
            note,
            // Japanese letters address a company 御中 and a person 様.
            honorific: match (lang, person) {
                (Lang::Ja, false) => rng.random_bool(0.9).then_some(Honorific::Onchu),
                (Lang::Ja, true) => rng.random_bool(0.9).then_some(Honorific::Sama),
                (Lang::En, _) => None,
            },
            ..AccountFields::default()
        },
        contacts,
        contact_call_names,
        call_name,
    }
}

/// A person's name as written, read, addressed in text and used in mail.
struct PersonName {
    name: String,
    reading: String,
    call: String,
    mail_local: String,
}

fn person_name(rng: &mut SmallRng, words: &Language, lang: Lang) -> PersonName {
    let surname = pick(rng, &words.surnames);
    let given = pick(rng, &words.given_names);
    match lang {
        // Family name first, a space between, as Japanese forms show them.
        Lang::Ja => PersonName {
            name: format!("{} {}", surname.text, given.text),
            reading: format!("{} {}", surname.reading, given.reading),
            call: format!("{}様", surname.text),
            mail_local: format!("{}.{}", romaji(given.reading), romaji(surname.reading)),
        },
        Lang::En => PersonName {
            name: format!("{} {}", given.text, surname.text),
            reading: String::new(),
            call: given.text.to_string(),
            mail_local: format!("{}.{}", slug_word(given.text), slug_word(surname.text)),
        },
    }
}

/// `(name, reading, mail slug, call name)` of a Japanese business: a maker
/// like 株式会社山田製作所 (read やまだせいさくしょ: the legal form is not
/// part of the reading) or a shop like 鈴木酒店 or 喫茶 ひまわり.
fn ja_company(rng: &mut SmallRng, words: &Language) -> (String, String, String, String) {
    let (first, second, sep, is_shop): (&Named, &Named, &str, bool) = match rng.random_range(0..100)
    {
        0..45 => (
            pick(rng, &words.surnames),
            pick(rng, &words.company_words),
            "",
            false,
        ),
        45..70 => (
            pick(rng, &words.company_prefixes),
            pick(rng, &words.company_words),
            "",
            false,
        ),
        70..88 => (
            pick(rng, &words.surnames),
            pick(rng, &words.shop_suffixes),
            "",
            true,
        ),
        _ => (
            pick(rng, &words.shop_types),
            pick(rng, &words.shop_names),
            " ",
            true,
        ),
    };
    let base = format!("{}{sep}{}", first.text, second.text);
    let reading = format!("{}{sep}{}", first.reading, second.reading);
    let slug = format!("{}-{}", romaji(first.reading), romaji(second.reading));
    // Only makers and traders carry a legal form; a family shop rarely does.
    let name = if is_shop {
        base
    } else {
        match rng.random_range(0..100) {
            0..50 => format!("株式会社{base}"),
            50..75 => format!("{base}株式会社"),
            75..90 => format!("有限会社{base}"),
            90..95 => format!("{base}合同会社"),
            _ => base,
        }
    };
    (name, reading, slug, String::new())
}

/// `(name, reading, mail slug, call name)` of an English business.
fn en_company(rng: &mut SmallRng, words: &Language) -> (String, String, String, String) {
    let surname = pick(rng, &words.surnames).text;
    let prefix = pick(rng, &words.company_prefixes).text;
    let word = pick(rng, &words.company_words).text;
    let legal = pick(rng, &words.legal_suffixes);
    let (base, name) = match rng.random_range(0..100) {
        0..40 => {
            let base = format!("{surname} {word}");
            let name = format!("{base} {legal}");
            (base, name)
        }
        40..50 => (format!("{surname} and Sons"), format!("{surname} & Sons")),
        50..60 => {
            let other = pick(rng, &words.surnames).text;
            (format!("{surname} {other}"), format!("{surname} & {other}"))
        }
        60..80 => {
            let base = format!("{prefix} {word}");
            let name = format!("{base} {legal}");
            (base, name)
        }
        80..90 => {
            let base = format!("{prefix} {}", pick(rng, &words.shop_types).text);
            (base.clone(), base)
        }
        _ => {
            let given = pick(rng, &words.given_names).text;
            let shop = pick(rng, &words.shop_types).text;
            (format!("{given}s {shop}"), format!("{given}'s {shop}"))
        }
    };
    let slug: Vec<String> = base
        .split_whitespace()
        .map(slug_word)
        .filter(|w| !w.is_empty())
        .collect();
    (name, String::new(), slug.join("-"), String::new())
}

/// Lower-case ASCII letters and digits of a word (`Café` → `cafe`).
fn slug_word(w: &str) -> String {
    w.chars()
        .map(|c| if c == 'é' { 'e' } else { c })
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Domains reserved for examples, so no generated address reaches anyone.
fn mail_domain(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "example.jp",
        Lang::En => "example.com",
    }
}

/// Fill each `#` of a phone pattern with a random digit.
fn digits(rng: &mut SmallRng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| {
            if c == '#' {
                char::from(b'0' + rng.random_range(0..10u8))
            } else {
                c
            }
        })
        .collect()
}
