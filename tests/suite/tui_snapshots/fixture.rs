//! Fixture and helpers for the TUI snapshot tests.

use crate::common::screen::*;

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use salesbench::app::App;
use salesbench::domain::model::{
    AccountFields, AccountKind, Contact, ConversationKind, Direction, NewConversation, Status,
};
use salesbench::i18n::Lang;
use salesbench::store::Store;

pub const LONG_NAME: &str = "株式会社北海道札幌中央システムソリューションズ開発研究所";

/// The long call note: several paragraphs without spaces, so it can only
/// be wrapped between wide characters.
pub const LONG_BODY: &str = "山田部長より、来年度の新製品ライン向けに部品Ａ－２００を月産五千個で見積もりたいとのご依頼をいただいた。\n\
納期は二月末、価格は前年比で五パーセント以内の上昇に抑えてほしいとのこと。\n\
競合他社も見積もりを出しているため、今週中に概算を、来週中に正式な見積書を提出する必要がある。\n\
\n\
次回：十一月二十七日に正式見積書を持参して訪問する。";

#[allow(clippy::too_many_arguments)]
pub fn account(
    store: &mut Store,
    name: &str,
    reading: Option<&str>,
    kind: AccountKind,
    status: Status,
    phone: Option<&str>,
    email: Option<&str>,
    tags: &[&str],
) -> i64 {
    let fields = AccountFields {
        name: name.into(),
        reading: reading.map(str::to_string),
        kind: Some(kind),
        status: Some(status),
        phone: phone.map(str::to_string),
        email: email.map(str::to_string),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    store.add_account(&fields, at(9, 1, 0, 0)).unwrap()
}

pub fn contact(
    store: &mut Store,
    account_id: i64,
    name: &str,
    reading: &str,
    role: &str,
    phone: &str,
) -> i64 {
    let c = Contact {
        id: 0,
        account_id,
        name: name.into(),
        reading: Some(reading.into()),
        role: Some(role.into()),
        phone: Some(phone.into()),
        email: None,
    };
    store.add_contact(&c, at(9, 1, 0, 0)).unwrap()
}

#[allow(clippy::too_many_arguments)]
pub fn log(
    store: &mut Store,
    account_id: i64,
    contact_id: Option<i64>,
    kind: ConversationKind,
    direction: Direction,
    happened_at: DateTime<Utc>,
    summary: &str,
    body: &str,
) -> i64 {
    let c = NewConversation {
        account_id,
        contact_id,
        kind,
        direction,
        happened_at,
        summary: summary.into(),
        body: body.into(),
        outcome: None,
    };
    store.log_conversation(&c, happened_at).unwrap()
}

/// Seven accounts, Japanese and English; 株式会社山田製作所 has two contacts,
/// six conversations (one long, one edited, one retracted) and two orders.
pub fn fixture(lang: Lang) -> Fixture {
    use ConversationKind::*;
    use Direction::*;
    let (dir, mut s) = open_store();
    let yamada = account(
        &mut s,
        "株式会社山田製作所",
        Some("やまだせいさくしょ"),
        AccountKind::Company,
        Status::Customer,
        Some("03-1234-5678"),
        Some("info@yamada-ss.example.jp"),
        &["製造", "重要"],
    );
    let bucho = contact(
        &mut s,
        yamada,
        "山田 太郎",
        "やまだ たろう",
        "製造部長",
        "090-1111-2222",
    );
    let sato = contact(
        &mut s,
        yamada,
        "佐藤 美咲",
        "さとう みさき",
        "購買担当",
        "03-1234-5679",
    );
    log(
        &mut s,
        yamada,
        Some(sato),
        Call,
        In,
        at(10, 15, 2, 30),
        "請求書の宛名変更について",
        "経理の佐藤様より、来月分から宛名を本社宛に変更してほしいとの連絡。",
    );
    log(
        &mut s,
        yamada,
        None,
        Note,
        Out,
        at(10, 28, 8, 0),
        "Quarterly review prep",
        "Prepare Q4 numbers.\nBring the 新製品 brochure.",
    );
    let wrong = log(
        &mut s,
        yamada,
        None,
        Meeting,
        Out,
        at(11, 5, 4, 0),
        "年末の発注計画",
        "年末までの発注数量について打合せ。",
    );
    s.retract_conversation(wrong, "別の顧客の内容を誤って記録したため", at(11, 6, 1, 0))
        .unwrap();
    let visit = log(
        &mut s,
        yamada,
        Some(bucho),
        Visit,
        Out,
        at(11, 10, 5, 0),
        "工場見学",
        "第二工場を見学。",
    );
    s.revise_conversation(
        visit,
        "工場見学と打ち合わせ",
        "第二工場を見学。ライン増設の計画あり。",
        Some("来月再訪"),
        at(11, 11, 0, 30),
    )
    .unwrap();
    log(
        &mut s,
        yamada,
        Some(sato),
        Email,
        In,
        at(11, 15, 6, 45),
        "納期の確認",
        "A-200 の納期を12月10日に前倒しできるか問い合わせあり。",
    );
    log(
        &mut s,
        yamada,
        Some(bucho),
        Call,
        Out,
        at(11, 20, 1, 15),
        "新製品の見積もり依頼",
        LONG_BODY,
    );
    s.add_order(
        yamada,
        at(10, 1, 0, 0),
        380_000,
        "試作品 A-200 × 50",
        at(10, 1, 0, 0),
    )
    .unwrap();
    s.add_order(
        yamada,
        at(11, 18, 0, 0),
        1_250_000,
        "部品 A-200 × 500（初回ロット）",
        at(11, 18, 0, 0),
    )
    .unwrap();

    let tanaka = account(
        &mut s,
        "田中 花子",
        Some("たなか はなこ"),
        AccountKind::Person,
        Status::Prospect,
        Some("080-9876-5432"),
        None,
        &["個人", "紹介"],
    );
    log(
        &mut s,
        tanaka,
        None,
        Call,
        Out,
        at(11, 1, 3, 0),
        "初回のご挨拶",
        "ご紹介いただいた件でお電話。来週改めて連絡。",
    );

    let acme = account(
        &mut s,
        "Acme Corp",
        None,
        AccountKind::Company,
        Status::Customer,
        None,
        Some("sales@acme.example"),
        &["us", "enterprise"],
    );
    log(
        &mut s,
        acme,
        None,
        Email,
        In,
        at(11, 21, 14, 0),
        "Renewal question",
        "Asked whether the annual plan can start in January.",
    );
    s.add_order(
        acme,
        at(11, 2, 0, 0),
        98_000,
        "Annual support",
        at(11, 2, 0, 0),
    )
    .unwrap();

    account(
        &mut s,
        "Globex Trading Co., Ltd.",
        None,
        AccountKind::Company,
        Status::Lapsed,
        None,
        None,
        &["legacy"],
    );

    let long = account(
        &mut s,
        LONG_NAME,
        Some("ほっかいどうさっぽろちゅうおうしすてむそりゅーしょんずかいはつけんきゅうしょ"),
        AccountKind::Company,
        Status::Customer,
        None,
        None,
        &["システム"],
    );
    log(
        &mut s,
        long,
        None,
        Meeting,
        Out,
        at(9, 30, 2, 0),
        "定例会",
        "",
    );

    let yamazaki = account(
        &mut s,
        "山崎商店",
        Some("やまざきしょうてん"),
        AccountKind::Company,
        Status::Lost,
        None,
        None,
        &[],
    );
    log(
        &mut s,
        yamazaki,
        None,
        Visit,
        Out,
        at(6, 1, 0, 0),
        "店舗訪問",
        "",
    );

    app_over(dir, s, lang)
}

/// Select the account whose name is `name` in the list and open it.
pub fn open_account(app: &mut App, name: &str) {
    let pos = app
        .accounts
        .visible
        .iter()
        .position(|&i| app.accounts.rows.get(i).is_some_and(|r| r.name == name))
        .unwrap_or_else(|| panic!("{name} not listed"));
    press(app, KeyCode::Char('g'));
    for _ in 0..pos {
        press(app, KeyCode::Char('j'));
    }
    press(app, KeyCode::Enter);
    assert_eq!(
        app.account.as_ref().map(|v| v.account.name.as_str()),
        Some(name)
    );
}
