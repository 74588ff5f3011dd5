//! Which column holds which field: common English and Japanese headers
//! (including the ones `salesbench export` writes), overridden by `--map`.

use crate::domain::fold::fold;

/// What a column of an imported file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Name,
    Reading,
    Kind,
    Status,
    Phone,
    Email,
    Address,
    PostalCode,
    Tags,
    Note,
    IntervalDays,
    Honorific,
    Date,
    Amount,
    Receipt,
    Direction,
    Summary,
    Body,
    Outcome,
}

/// Number of [`Field`] values (the size of a per-field table).
pub const FIELD_COUNT: usize = 20;

const ALL: [Field; FIELD_COUNT] = [
    Field::Code,
    Field::Name,
    Field::Reading,
    Field::Kind,
    Field::Status,
    Field::Phone,
    Field::Email,
    Field::Address,
    Field::PostalCode,
    Field::Tags,
    Field::Note,
    Field::IntervalDays,
    Field::Honorific,
    Field::Date,
    Field::Amount,
    Field::Receipt,
    Field::Direction,
    Field::Summary,
    Field::Body,
    Field::Outcome,
];

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Accounts,
    Orders,
    Conversations,
}

impl Target {
    /// The word used in messages: "accounts", "orders", "conversations".
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Accounts => "accounts",
            Target::Orders => "orders",
            Target::Conversations => "conversations",
        }
    }

    /// The fields a file of this kind can hold.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Target::Accounts => &[
                Code,
                Name,
                Reading,
                Kind,
                Status,
                Phone,
                Email,
                Address,
                PostalCode,
                Tags,
                Note,
                IntervalDays,
                Honorific,
            ],
            Target::Orders => &[
                Date, Amount, Code, Name, Reading, Email, Phone, Note, Receipt,
            ],
            Target::Conversations => &[
                Date, Kind, Direction, Summary, Body, Outcome, Code, Name, Reading, Email, Phone,
            ],
        }
    }
}

impl Field {
    /// The name `--map` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::Reading => "reading",
            Field::Kind => "kind",
            Field::Status => "status",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Address => "address",
            Field::PostalCode => "postal_code",
            Field::Tags => "tags",
            Field::Note => "note",
            Field::IntervalDays => "interval_days",
            Field::Honorific => "honorific",
            Field::Date => "date",
            Field::Amount => "amount",
            Field::Receipt => "receipt",
            Field::Direction => "direction",
            Field::Summary => "summary",
            Field::Body => "body",
            Field::Outcome => "outcome",
        }
    }

    /// Headers recognised for this field in a file of `target`.
    fn headers(self, target: Target) -> &'static [&'static str] {
        match (self, target) {
            (Field::Code, _) => &[
                "code",
                "customer code",
                "customer id",
                "customer no",
                "account code",
                "account id",
                "member id",
                "member no",
                "顧客コード",
                "顧客番号",
                "顧客id",
                "得意先コード",
                "取引先コード",
                "会員番号",
                "会員id",
                "会員コード",
                "お客様番号",
                "コード",
            ],
            (Field::Name, Target::Accounts) => &[
                "name",
                "company",
                "company name",
                "customer",
                "customer name",
                "full name",
                "account name",
                "名前",
                "お名前",
                "氏名",
                "会社名",
                "顧客名",
                "得意先名",
                "取引先名",
                "社名",
                "名称",
                "法人名",
                "店名",
                "屋号",
            ],
            (Field::Name, _) => &[
                "account name",
                "customer",
                "customer name",
                "name",
                "company",
                "company name",
                "full name",
                "顧客名",
                "お客様名",
                "氏名",
                "会社名",
                "得意先名",
                "取引先名",
                "名前",
                "お名前",
                "会員名",
                "社名",
            ],
            (Field::Reading, _) => &[
                "reading",
                "kana",
                "furigana",
                "name kana",
                "reading kana",
                "フリガナ",
                "ふりがな",
                "よみ",
                "よみがな",
                "読み",
                "読み仮名",
                "カナ",
                "氏名カナ",
                "氏名フリガナ",
                "会社名カナ",
                "会社名フリガナ",
                "顧客名カナ",
                "顧客名フリガナ",
                "セイメイ",
            ],
            (Field::Kind, Target::Accounts) => &[
                "kind",
                "type",
                "account type",
                "種別",
                "区分",
                "法人個人",
                "法人/個人",
                "顧客区分",
            ],
            (Field::Kind, _) => &[
                "kind",
                "type",
                "channel",
                "種別",
                "手段",
                "方法",
                "連絡手段",
                "対応方法",
                "区分",
            ],
            (Field::Status, _) => &["status", "stage", "状態", "ステータス", "顧客ステータス"],
            (Field::Phone, _) => &[
                "phone",
                "tel",
                "telephone",
                "phone number",
                "tel no",
                "mobile",
                "電話",
                "電話番号",
                "tel番号",
                "携帯",
                "携帯電話",
                "携帯番号",
                "連絡先電話番号",
            ],
            (Field::Email, _) => &[
                "email",
                "e-mail",
                "mail",
                "email address",
                "mail address",
                "メール",
                "メールアドレス",
                "eメール",
                "eメールアドレス",
                "電子メール",
            ],
            (Field::Address, _) => &["address", "住所", "所在地", "ご住所", "住所1"],
            (Field::PostalCode, _) => &[
                "postal code",
                "zip",
                "zip code",
                "postcode",
                "郵便番号",
                "〒",
                "郵便",
            ],
            (Field::Tags, _) => &["tags", "tag", "labels", "タグ", "ラベル"],
            (Field::Note, _) => &[
                "note",
                "notes",
                "memo",
                "remarks",
                "comment",
                "comments",
                "備考",
                "メモ",
                "特記事項",
                "コメント",
                "摘要",
            ],
            (Field::IntervalDays, _) => &[
                "interval days",
                "interval",
                "contact interval",
                "連絡間隔",
                "連絡間隔日数",
                "間隔",
            ],
            (Field::Honorific, _) => &["honorific", "敬称"],
            (Field::Date, Target::Orders) => &[
                "ordered at",
                "date",
                "order date",
                "purchase date",
                "sale date",
                "sold at",
                "datetime",
                "日付",
                "購入日",
                "売上日",
                "注文日",
                "受注日",
                "取引日",
                "取引日時",
                "販売日",
                "日時",
                "購入日時",
                "売上日時",
            ],
            (Field::Date, _) => &[
                "happened at",
                "date",
                "datetime",
                "when",
                "time",
                "日付",
                "日時",
                "対応日",
                "対応日時",
                "連絡日",
                "連絡日時",
                "通話日時",
                "着信日時",
                "発信日時",
            ],
            (Field::Amount, _) => &[
                "amount",
                "total",
                "price",
                "sales",
                "sale amount",
                "金額",
                "売上",
                "売上金額",
                "売上額",
                "合計",
                "合計金額",
                "税込金額",
                "購入金額",
                "販売金額",
                "お会計",
            ],
            (Field::Receipt, _) => &[
                "receipt",
                "receipt no",
                "receipt number",
                "receipt id",
                "transaction id",
                "レシート番号",
                "レシートno",
                "レシート",
                "伝票番号",
                "取引番号",
                "取引id",
                "会計番号",
            ],
            (Field::Direction, _) => &[
                "direction",
                "in out",
                "方向",
                "発着信",
                "受発信",
                "発信着信",
            ],
            (Field::Summary, _) => &[
                "summary",
                "subject",
                "title",
                "件名",
                "要件",
                "用件",
                "概要",
                "タイトル",
                "表題",
            ],
            (Field::Body, _) => &[
                "body",
                "content",
                "contents",
                "text",
                "details",
                "description",
                "内容",
                "本文",
                "詳細",
                "対応内容",
                "通話内容",
                "メモ",
            ],
            (Field::Outcome, _) => &["outcome", "result", "結果", "対応結果"],
        }
    }
}

/// `--map` field names (also `ignore`), as typed.
pub fn parse_field(s: &str, target: Target) -> Result<Option<Field>, String> {
    let key = s.trim().to_ascii_lowercase().replace('-', "_");
    if matches!(key.as_str(), "ignore" | "skip" | "none") {
        return Ok(None);
    }
    let names = || {
        let mut v: Vec<&str> = target.fields().iter().map(|f| f.as_str()).collect();
        v.push("ignore");
        v.join(", ")
    };
    match ALL.iter().find(|f| f.as_str() == key) {
        Some(f) if target.fields().contains(f) => Ok(Some(*f)),
        _ => Err(format!(
            "unknown field {s:?} for {} (use one of: {})",
            target.as_str(),
            names()
        )),
    }
}

/// A header as compared: folded (NFKC, lower case, katakana as hiragana),
/// without spaces, `_ - . ・ /`, and without a trailing `(...)` / `[...]`,
/// so `金額（税込）`, `Customer_Code` and `ＴＥＬ` are recognised.
pub fn header_key(h: &str) -> String {
    let folded = fold(h.trim_start_matches('\u{feff}'));
    let cut = folded
        .find(['(', '[', '【'])
        .filter(|&i| i > 0)
        .unwrap_or(folded.len());
    folded[..cut]
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '・' | '/' | '#'))
        .collect()
}

/// Where each field is, by column index, and what was left out and why.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    slot: [Option<usize>; FIELD_COUNT],
    /// The header text of each column, as in the file.
    pub headers: Vec<String>,
    /// Columns not used, with why (`not recognised`, `also name`).
    pub ignored: Vec<(String, String)>,
}

impl Columns {
    /// Recognise `headers` for `target`; `maps` (column, field or `None` to
    /// ignore) win over recognition. A `--map` column may be a header name
    /// or a 1-based column number.
    pub fn recognise(
        headers: Vec<String>,
        target: Target,
        maps: &[(String, Option<Field>)],
    ) -> Result<Columns, String> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let mut assigned: Vec<Option<Option<Field>>> = vec![None; headers.len()];
        for (column, field) in maps {
            let at = headers
                .iter()
                .position(|h| h.trim() == column.trim())
                .or_else(|| keys.iter().position(|k| *k == header_key(column)))
                .or_else(|| {
                    column
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=headers.len()).contains(n))
                        .map(|n| n - 1)
                })
                .ok_or_else(|| {
                    format!(
                        "--map: no column {column:?} in the file (columns: {})",
                        list(&headers)
                    )
                })?;
            assigned[at] = Some(*field);
        }
        let mut cols = Columns {
            headers,
            ..Default::default()
        };
        for (i, a) in assigned.iter().enumerate() {
            if let Some(Some(f)) = a {
                if cols.slot[*f as usize].replace(i).is_some() {
                    return Err(format!("--map: two columns mapped to {}", f.as_str()));
                }
            }
        }
        // The earlier a header is in a field's list, the surer the match;
        // a column goes to the field that lists it first.
        for (i, key) in keys.iter().enumerate() {
            if assigned[i].is_some() || key.is_empty() {
                continue;
            }
            let best = target
                .fields()
                .iter()
                .filter_map(|f| {
                    f.headers(target)
                        .iter()
                        .position(|h| header_key(h) == *key)
                        .map(|rank| (rank, *f))
                })
                .min_by_key(|(rank, _)| *rank);
            match best {
                Some((_, f)) if cols.slot[f as usize].is_none() => cols.slot[f as usize] = Some(i),
                Some((_, f)) => cols
                    .ignored
                    .push((cols.headers[i].clone(), format!("also {}", f.as_str()))),
                None => cols
                    .ignored
                    .push((cols.headers[i].clone(), "not recognised".into())),
            }
        }
        for (i, a) in assigned.iter().enumerate() {
            if let Some(None) = a {
                cols.ignored
                    .push((cols.headers[i].clone(), "--map ignore".into()));
            }
        }
        Ok(cols)
    }

    /// The column holding `f`, if any.
    pub fn get(&self, f: Field) -> Option<usize> {
        self.slot[f as usize]
    }

    /// The header of the column holding `f` (for messages), else the field name.
    pub fn header(&self, f: Field) -> &str {
        self.get(f)
            .and_then(|i| self.headers.get(i))
            .map_or(f.as_str(), |h| h.as_str())
    }

    /// Check the fields a `target` file cannot do without are there.
    pub fn require(&self, target: Target) -> Result<(), String> {
        let need = |f: Field| -> Result<(), String> {
            match self.get(f) {
                Some(_) => Ok(()),
                None => Err(self.missing(target, &[f])),
            }
        };
        let keys = [Field::Code, Field::Email, Field::Phone, Field::Name];
        match target {
            Target::Accounts => need(Field::Name),
            Target::Orders | Target::Conversations => {
                need(Field::Date)?;
                if target == Target::Orders {
                    need(Field::Amount)?;
                } else if self.get(Field::Summary).is_none() && self.get(Field::Body).is_none() {
                    return Err(self.missing(target, &[Field::Summary, Field::Body]));
                }
                if keys.iter().all(|f| self.get(*f).is_none()) {
                    return Err(self.missing(target, &keys));
                }
                Ok(())
            }
        }
    }

    fn missing(&self, target: Target, fields: &[Field]) -> String {
        let wanted: Vec<String> = fields
            .iter()
            .map(|f| {
                // Two English and two Japanese headers as examples.
                let all = f.headers(target);
                let examples: Vec<&str> = (all.iter().filter(|h| h.is_ascii()).take(2))
                    .chain(all.iter().filter(|h| !h.is_ascii()).take(2))
                    .copied()
                    .collect();
                format!("{} ({} ...)", f.as_str(), examples.join(", "))
            })
            .collect();
        format!(
            "no {} column found; looked for {}; the file has: {}; use --map COLUMN={}",
            fields
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
            wanted.join(" or "),
            list(&self.headers),
            fields[0].as_str()
        )
    }
}

/// Headers for a message: sanitised, shortened, at most 12.
pub fn list(headers: &[String]) -> String {
    let mut shown: Vec<String> = headers
        .iter()
        .take(12)
        .map(|h| {
            format!(
                "{:?}",
                crate::domain::text::truncate(&crate::domain::text::sanitize(h), 30)
            )
        })
        .collect();
    if headers.len() > 12 {
        shown.push(format!("... ({} columns)", headers.len()));
    }
    shown.join(", ")
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
