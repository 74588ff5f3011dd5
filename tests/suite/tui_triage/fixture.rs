//! The Today/Quiet fixture: accounts, follow-ups and quiet customers.

use crate::common::screen::*;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use salesbench::domain::model::{
    AccountFields, AccountKind, Contact, ConversationKind, Direction, NewConversation, Status,
};
use salesbench::domain::triage::{LapseReason, NewFollowUp};
use salesbench::i18n::Lang;
use salesbench::store::Store;

pub const YAMADA: &str = "株式会社山田製作所";
pub const TANAKA: &str = "田中 花子";
pub const ACME: &str = "Acme Corp";
pub const GLOBEX: &str = "Globex Trading Co., Ltd.";
pub const NORTHWIND: &str = "Northwind Traders";
pub const MARUYAMA: &str = "丸山商事株式会社";
pub const AOZORA: &str = "青空フーズ";
pub const SATO: &str = "佐藤工業";

/// The Today queue of the fixture, top to bottom: overdue follow-ups
/// (oldest first), today's by time, then quiet accounts without a plan by
/// how far past their own rhythm they are.
pub const TODAY_ORDER: [&str; 7] = [GLOBEX, ACME, TANAKA, YAMADA, NORTHWIND, MARUYAMA, AOZORA];

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

pub fn account(
    store: &mut Store,
    name: &str,
    reading: Option<&str>,
    kind: AccountKind,
    status: Status,
    interval_days: Option<u32>,
) -> i64 {
    let fields = AccountFields {
        name: name.into(),
        reading: reading.map(str::to_string),
        kind: Some(kind),
        status: Some(status),
        interval_days,
        ..Default::default()
    };
    store.add_account(&fields, at(6, 1, 0, 0)).unwrap()
}

pub fn conversation(
    account_id: i64,
    kind: ConversationKind,
    happened_at: DateTime<Utc>,
    summary: &str,
) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind,
        direction: Direction::Out,
        happened_at,
        summary: summary.into(),
        body: String::new(),
        outcome: None,
    }
}

pub fn log(
    store: &mut Store,
    account_id: i64,
    kind: ConversationKind,
    happened_at: DateTime<Utc>,
    summary: &str,
) {
    let c = conversation(account_id, kind, happened_at, summary);
    store.log_conversation(&c, happened_at).unwrap();
}

pub fn follow_up(
    store: &mut Store,
    account_id: i64,
    contact_id: Option<i64>,
    kind: ConversationKind,
    due_on: NaiveDate,
    due_time: Option<(u32, u32)>,
    note: &str,
) -> i64 {
    let f = NewFollowUp {
        account_id,
        contact_id,
        kind,
        due_on,
        due_time: due_time.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()),
        note: note.into(),
    };
    store.add_follow_up(&f, at(11, 10, 0, 0)).unwrap()
}

/// Eight accounts, Japanese and English:
/// - follow-ups: Globex 7 days late, Acme 3 days late, 田中 today 10:30,
///   山田 today 14:00 with a contact, 佐藤工業 tomorrow;
/// - quiet: Northwind (rhythm set to 14 days, last touch an order),
///   丸山商事 (default rhythm, "no longer valuable"), 青空フーズ (learned
///   weekly rhythm), 佐藤工業 (quiet, but with an open follow-up).
pub fn fixture(lang: Lang) -> Fixture {
    use ConversationKind::*;
    let (dir, mut s) = open_store();

    let yamada = account(
        &mut s,
        YAMADA,
        Some("やまだせいさくしょ"),
        AccountKind::Company,
        Status::Customer,
        None,
    );
    let bucho = s
        .add_contact(
            &Contact {
                id: 0,
                account_id: yamada,
                name: "山田 太郎".into(),
                reading: Some("やまだ たろう".into()),
                role: Some("製造部長".into()),
                phone: Some("090-1111-2222".into()),
                email: None,
            },
            at(6, 1, 0, 0),
        )
        .unwrap();
    s.add_order(
        yamada,
        at(11, 18, 0, 0),
        1_250_000,
        "部品 A-200 × 500",
        at(11, 18, 0, 0),
    )
    .unwrap();
    log(
        &mut s,
        yamada,
        Call,
        at(11, 20, 1, 15),
        "新製品の見積もり依頼",
    );
    follow_up(
        &mut s,
        yamada,
        Some(bucho),
        Call,
        day(11, 23),
        Some((14, 0)),
        "見積もりの回答を確認",
    );

    let tanaka = account(
        &mut s,
        TANAKA,
        Some("たなか はなこ"),
        AccountKind::Person,
        Status::Prospect,
        None,
    );
    log(&mut s, tanaka, Call, at(11, 18, 3, 0), "初回のご挨拶");
    follow_up(
        &mut s,
        tanaka,
        None,
        Visit,
        day(11, 23),
        Some((10, 30)),
        "カタログを届ける",
    );

    let acme = account(
        &mut s,
        ACME,
        None,
        AccountKind::Company,
        Status::Customer,
        None,
    );
    log(&mut s, acme, Email, at(11, 21, 14, 0), "Renewal question");
    follow_up(
        &mut s,
        acme,
        None,
        Email,
        day(11, 20),
        None,
        "Send the renewal quote",
    );

    let globex = account(
        &mut s,
        GLOBEX,
        None,
        AccountKind::Company,
        Status::Prospect,
        None,
    );
    follow_up(
        &mut s,
        globex,
        None,
        Call,
        day(11, 16),
        None,
        "Ask about the Q1 budget",
    );

    // Rhythm set on the account: every 14 days; silent 53 (×3.8).
    let northwind = account(
        &mut s,
        NORTHWIND,
        None,
        AccountKind::Company,
        Status::Customer,
        Some(14),
    );
    log(&mut s, northwind, Visit, at(9, 15, 2, 0), "Site visit");
    s.add_order(
        northwind,
        at(10, 1, 0, 0),
        98_000,
        "Annual support renewal",
        at(10, 1, 0, 0),
    )
    .unwrap();

    // Default rhythm (30 days); silent 100 (×3.3); told us why.
    let maruyama = account(
        &mut s,
        MARUYAMA,
        Some("まるやましょうじ"),
        AccountKind::Company,
        Status::Lapsed,
        None,
    );
    s.add_order(
        maruyama,
        at(6, 1, 0, 0),
        420_000,
        "定期発注",
        at(6, 1, 0, 0),
    )
    .unwrap();
    let said = conversation(maruyama, Call, at(8, 15, 0, 0), "価格に見合わないとのこと");
    s.log_with(&said, Some(LapseReason::NoValue), None, at(8, 15, 0, 0))
        .unwrap();

    // Learned weekly rhythm (three gaps of 7 days); silent 20 (×2.9).
    let aozora = account(
        &mut s,
        AOZORA,
        Some("あおぞらふーず"),
        AccountKind::Company,
        Status::Customer,
        None,
    );
    for (m, d) in [(10, 13), (10, 20), (10, 27), (11, 3)] {
        log(&mut s, aozora, Call, at(m, d, 0, 0), "週次の受注確認");
    }

    // Quiet (silent 83 of 30, ×2.8) but already planned for tomorrow:
    // listed on Quiet, left off Today.
    let sato = account(
        &mut s,
        SATO,
        Some("さとうこうぎょう"),
        AccountKind::Company,
        Status::Customer,
        None,
    );
    log(&mut s, sato, Meeting, at(9, 1, 0, 0), "年間契約の打合せ");
    follow_up(&mut s, sato, None, Call, day(11, 24), None, "年末のご挨拶");

    app_over(dir, s, lang)
}
