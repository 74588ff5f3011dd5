//! The Pipeline fixture: the triage fixture plus four open deals, shared
//! by the Pipeline and deal-form TUI tests.

use super::screen::*;
use crate::tui_triage::fixture::*;

use salesbench::domain::deals::{NewDeal, Rank};

/// The triage fixture plus four open deals: two leads (one untouched for
/// a month: rotting), a quote past its close date, a negotiation.
pub fn pipeline_fixture(lang: salesbench::i18n::Lang) -> Fixture {
    let mut f = fixture(lang);
    let s = &mut f.app.store;
    let id = |s: &salesbench::store::Store, name: &str| s.resolve_account(name).unwrap();
    let deal = |account_id, title: &str, value, stage: &str, rank, close| NewDeal {
        account_id,
        contact_id: None,
        title: title.into(),
        value,
        stage: Some(stage.into()),
        probability: None,
        expected_close_on: close,
        rank,
        next_step: String::new(),
    };
    let yamada = id(s, YAMADA);
    let acme = id(s, ACME);
    let globex = id(s, GLOBEX);
    s.add_deal(
        &deal(
            yamada,
            "新製品ライン部品",
            1_500_000,
            "lead",
            Rank::A,
            Some(day(12, 20)),
        ),
        at(11, 20, 0, 0),
    )
    .unwrap();
    s.add_deal(
        &deal(acme, "Support renewal", 480_000, "lead", Rank::B, None),
        at(10, 10, 0, 0),
    )
    .unwrap();
    s.add_deal(
        &deal(
            globex,
            "Q1 pallets",
            900_000,
            "quote",
            Rank::B,
            Some(day(11, 15)),
        ),
        at(11, 1, 0, 0),
    )
    .unwrap();
    s.add_deal(
        &deal(
            yamada,
            "保守契約",
            300_000,
            "negotiation",
            Rank::C,
            Some(day(12, 5)),
        ),
        at(11, 18, 0, 0),
    )
    .unwrap();
    f.app.refresh();
    f
}
