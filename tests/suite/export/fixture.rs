//! A small shop's worth of data touching every field: Japanese and English
//! accounts, an archived one, edited and retracted conversations, orders,
//! follow-ups open, done, cancelled and snoozed.

use std::collections::BTreeMap;

use super::support::Bench;

/// Ids of what [`shop`] created.
pub struct Shop {
    pub yamada: i64,
    pub tanaka: i64,
    pub acme: i64,
    /// Logged, then edited twice.
    pub edited: i64,
    /// Logged, then retracted.
    pub retracted: i64,
    pub all_day: i64,
    pub timed: i64,
    pub done: i64,
    pub cancelled: i64,
    pub snoozed: i64,
    pub archived_follow_up: i64,
}

pub const YAMADA_NOTE: &str = "二行の\n備考 \"引用\"";
pub const ALL_DAY_NOTE: &str = "年末の挨拶; 見本, カタログ\\持参\n二行目";
pub const LONG_NOTE: &str = "新商品のカタログをお届けし、来年度の発注計画についてご意見を伺う。\
     先方の担当者が交代されたため、ご挨拶も兼ねる。駐車場は建物の裏手。";

pub fn shop(b: &Bench) -> Shop {
    let yamada = b.add(
        "株式会社山田製作所",
        &[
            "--reading",
            "やまだせいさくしょ",
            "--code",
            "C-001",
            "--kind",
            "company",
            "--status",
            "customer",
            "--phone",
            "03-1234-5678",
            "--email",
            "info@yamada.example.jp",
            "--address",
            "東京都千代田区1-2-3, 4F",
            "--tag",
            "製造",
            "--tag",
            "VIP",
            "--note",
            YAMADA_NOTE,
            "--honorific",
            "onchu",
            "--interval-days",
            "30",
        ],
    );
    let tanaka = b.add(
        "田中 花子",
        &[
            "--reading",
            "たなか はなこ",
            "--kind",
            "person",
            "--honorific",
            "sama",
        ],
    );
    let acme = b.add(
        "Acme Corp",
        &["--code", "A-9", "--email", "buyer@acme.example"],
    );
    let y = yamada.to_string();
    let t = tanaka.to_string();
    let a = acme.to_string();
    let edited = b.id(&[
        "log",
        &y,
        "--summary",
        "見積の件",
        "--body",
        "単価 1,200円で提示",
        "--at",
        "2026-11-20 10:00",
    ]);
    let e = edited.to_string();
    b.ok(&["log", "edit", &e, "--summary", "見積の件（訂正）"]);
    b.ok(&[
        "log",
        "edit",
        &e,
        "--body",
        "単価 1,150円で再提示",
        "--outcome",
        "検討中",
    ]);
    let retracted = b.id(&[
        "log",
        &t,
        "--summary",
        "別の顧客の記録",
        "--at",
        "2026-11-21 15:00",
    ]);
    b.ok(&[
        "log",
        "retract",
        &retracted.to_string(),
        "--reason",
        "顧客違い",
    ]);
    b.id(&[
        "log",
        &t,
        "--summary",
        "引っ越しされた",
        "--lapse-reason",
        "life_changed",
        "--direction",
        "in",
        "--kind",
        "visit",
    ]);
    b.id(&[
        "log",
        &a,
        "--summary",
        "Sent the price list",
        "--kind",
        "email",
    ]);
    b.ok(&[
        "order",
        &y,
        "--amount",
        "¥12,000",
        "--at",
        "2026-11-02",
        "--note",
        "紙コップ 1000個入",
    ]);
    b.ok(&["order", &y, "--amount", "3400", "--at", "2026-11-16 11:20"]);
    b.ok(&[
        "order",
        &t,
        "--amount",
        "800円",
        "--at",
        "2026-10-05",
        "--note",
        "Gift, wrapped",
    ]);
    let fu = |account: &str, extra: &[&str]| {
        let mut args = vec!["follow-up", account];
        args.extend_from_slice(extra);
        b.id(&args)
    };
    let all_day = fu(
        &y,
        &[
            "--due",
            "2026-12-01",
            "--note",
            ALL_DAY_NOTE,
            "--kind",
            "visit",
        ],
    );
    let timed = fu(&t, &["--due", "2026-12-02 14:30", "--note", LONG_NOTE]);
    let done = fu(&y, &["--due", "tomorrow", "--note", "done soon"]);
    b.ok(&["done", &done.to_string(), "--summary", "話した"]);
    let cancelled = fu(&t, &["--due", "2026-12-10", "--note", "never mind"]);
    b.ok(&["cancel", &cancelled.to_string(), "--reason", "不要になった"]);
    let snoozed = fu(
        &a,
        &[
            "--due",
            "2026-11-30",
            "--note",
            "chase the quote",
            "--kind",
            "email",
        ],
    );
    b.ok(&[
        "snooze",
        &snoozed.to_string(),
        "--until",
        "2026-12-03 09:15",
    ]);
    let other = b.add("アーカイブ商店", &[]);
    let archived_follow_up = fu(&other.to_string(), &["--due", "2026-12-05"]);
    b.ok(&["account", "archive", &other.to_string()]);
    Shop {
        yamada,
        tanaka,
        acme,
        edited,
        retracted,
        all_day,
        timed,
        done,
        cancelled,
        snoozed,
        archived_follow_up,
    }
}

/// A parsed CSV: header and rows as column → cell.
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<BTreeMap<String, String>>,
}

pub fn parse_csv(text: &str) -> Csv {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            assert_eq!(r.len(), header.len(), "ragged row {r:?}");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    Csv { header, rows }
}

impl Csv {
    /// The rows whose `column` is `value`.
    pub fn rows_where(&self, column: &str, value: &str) -> Vec<&BTreeMap<String, String>> {
        self.rows.iter().filter(|r| r[column] == value).collect()
    }

    /// The one row whose `column` is `value`.
    pub fn row(&self, column: &str, value: &str) -> &BTreeMap<String, String> {
        match self.rows_where(column, value).as_slice() {
            [one] => one,
            other => panic!("{column}={value}: {} rows", other.len()),
        }
    }
}
