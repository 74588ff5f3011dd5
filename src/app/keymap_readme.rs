//! The README's key table, generated from the compiled keymap so the two
//! never disagree (a test compares them).

use super::{Binding, Keymap, Layer};
use crate::i18n::I18n;

/// Where each layer's keys act, in the README's words, in table order.
const PLACES: [(Layer, &str); 19] = [
    (Layer::Always, "everywhere"),
    (Layer::Accounts, "Accounts"),
    (Layer::Filter, "Accounts and Quiet filter"),
    (Layer::Account, "Account"),
    (Layer::Find, "Account: find"),
    (Layer::Today, "Today"),
    (Layer::Quiet, "Quiet"),
    (Layer::Reports, "Reports"),
    (Layer::Agenda, "Agenda"),
    (Layer::Pipeline, "Pipeline"),
    (Layer::Form, "Forms"),
    (Layer::Conversation, "Conversation"),
    (Layer::Order, "Order"),
    (Layer::Deal, "Deal"),
    (Layer::ClosedDeals, "Won and lost deals"),
    (Layer::Confirm, "Questions"),
    (Layer::ImportPreview, "Import preview"),
    (Layer::Search, "Search"),
    (Layer::Help, "Help"),
];

/// The six screens: a binding on all of them is listed once.
const SCREENS: [Layer; 6] = [
    Layer::Accounts,
    Layer::Account,
    Layer::Today,
    Layer::Quiet,
    Layer::Reports,
    Layer::Agenda,
];

/// The Markdown table of every binding, descriptions in `i18n`'s language.
pub fn table(map: &Keymap, i18n: &I18n) -> String {
    // Each distinct binding once, with every layer it acts in.
    let mut rows: Vec<(&Binding, Vec<Layer>)> = Vec::new();
    for (layer, _) in PLACES {
        for b in map.bindings(layer) {
            // The same keys doing the same thing: one row, whether or not
            // each layer's footer lists it.
            let same = |r: &&Binding| r.action == b.action && r.keys == b.keys && r.desc == b.desc;
            match rows.iter_mut().find(|(r, _)| same(r)) {
                Some((_, layers)) => layers.push(layer),
                None => rows.push((b, vec![layer])),
            }
        }
    }
    let place = |layers: &[Layer]| -> String {
        let every_screen = SCREENS.iter().all(|s| layers.contains(s));
        let named = PLACES
            .iter()
            .filter(|(l, _)| layers.contains(l) && !(every_screen && SCREENS.contains(l)))
            .map(|(_, name)| *name);
        every_screen
            .then_some("every screen")
            .into_iter()
            .chain(named)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut places: Vec<String> = Vec::new();
    for (_, layers) in &rows {
        let p = place(layers);
        if !places.contains(&p) {
            places.push(p);
        }
    }
    // The keys that work everywhere come first.
    places.sort_by_key(|p| match p.as_str() {
        p if p.starts_with("everywhere") => 0,
        p if p.starts_with("every screen") => 1,
        _ => 2,
    });
    let mut out = String::from("| where | key | does |\n|---|---|---|\n");
    for p in &places {
        let mut first = true;
        for (b, _) in rows.iter().filter(|(_, l)| place(l) == *p) {
            let keys = b
                .keys
                .iter()
                .map(|k| format!("`{}`", k.label()))
                .collect::<Vec<_>>()
                .join(" / ");
            let shown = if first { p.as_str() } else { "" };
            first = false;
            out.push_str(&format!("| {shown} | {keys} | {} |\n", i18n.t(&b.desc)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_has_a_place_in_the_readme() {
        for (layer, name) in Layer::ALL {
            assert!(
                PLACES.iter().any(|(l, _)| *l == layer),
                "the keymap layer {name} is missing from the README's places"
            );
        }
    }
}
