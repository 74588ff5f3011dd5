//! Filling conversation templates: `{product}`, `{qty}`, `{amount}`,
//! `{contact}` and `{weekday}` placeholders.

use super::Lang;

/// The values a template's placeholders take.
pub(super) struct Vars<'a> {
    pub product: &'a str,
    pub qty: i64,
    pub amount: &'a str,
    pub contact: &'a str,
    pub weekday: &'a str,
}

/// Replace `{name}` placeholders; English lines get a capital first letter
/// (a placeholder such as "the buyer" may open a sentence).
pub(super) fn fill(template: &str, v: &Vars<'_>, lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        match &after[..close] {
            "product" => out.push_str(v.product),
            "qty" => out.push_str(&v.qty.to_string()),
            "amount" => out.push_str(v.amount),
            "contact" => out.push_str(v.contact),
            "weekday" => out.push_str(v.weekday),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    if lang == Lang::En {
        capitalise_lines(&mut out);
    }
    out
}

fn capitalise_lines(s: &mut String) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| s.as_bytes().get(i).is_some_and(u8::is_ascii_lowercase))
        .collect();
    // Upper-casing an ASCII letter keeps every byte offset valid.
    let mut bytes = std::mem::take(s).into_bytes();
    for i in starts {
        bytes[i] = bytes[i].to_ascii_uppercase();
    }
    *s = String::from_utf8(bytes).unwrap_or_default();
}

/// `1234567` → `1,234,567`.
pub(super) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3000), "3,000");
        assert_eq!(thousands(500000), "500,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn fill_replaces_placeholders_and_capitalises_english_lines() {
        let v = Vars {
            product: "tea",
            qty: 3,
            amount: "¥9,000",
            contact: "the buyer",
            weekday: "Monday",
        };
        assert_eq!(
            fill(
                "{contact} wants {qty} {product} ({amount})\n{contact} on {weekday} {x}",
                &v,
                Lang::En
            ),
            "The buyer wants 3 tea (¥9,000)\nThe buyer on Monday {x}"
        );
        assert_eq!(fill("{contact}に{product}", &v, Lang::Ja), "the buyerにtea");
    }
}
