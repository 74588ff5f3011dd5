//! Reading one cell: the words, numbers and dates spreadsheets and
//! registers write, in English and Japanese. Each failure is the problem
//! as a user reads it, quoting the cell.

use chrono::{DateTime, Utc};

use super::problem::{CellProblem, Choice};
use crate::clock::OperatorZone;
use crate::domain::zone::Zone;

use crate::domain::fold::fold;
use crate::domain::model::{
    AccountKind, ConversationKind, Direction, Honorific, Mark, MarkAction, Status,
};
use crate::domain::text::{sanitize, truncate};
use crate::domain::triage::LapseReason;
use crate::domain::when::{parse_instant, parse_when, When};

/// A cell quoted for a message: control characters dropped, at most 40 columns.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", truncate(&sanitize(s.trim()), 40))
}

/// `s` is none of the words `choice` takes.
pub(super) fn not_one_of(choice: Choice, s: &str) -> CellProblem {
    CellProblem::NotOneOf {
        choice,
        cell: quote(s),
    }
}

/// Find `s` (folded, spaces removed) among `(words, value)`.
pub(super) fn word<T: Copy>(s: &str, table: &[(&[&str], T)]) -> Option<T> {
    let key: String = fold(s).split_whitespace().collect();
    // Most table words are already folded; fold the rest only on a miss.
    let find = |same: &dyn Fn(&str) -> bool| {
        table
            .iter()
            .find(|(words, _)| words.iter().any(|w| same(w)))
            .map(|(_, v)| *v)
    };
    find(&|w| w == key).or_else(|| find(&|w| fold(w) == key))
}

/// `company` / `person`, or 法人 / 個人.
pub fn account_kind(s: &str) -> Result<AccountKind, CellProblem> {
    word(
        s,
        &[
            (
                &[
                    "company",
                    "business",
                    "corporate",
                    "法人",
                    "会社",
                    "企業",
                    "団体",
                ],
                AccountKind::Company,
            ),
            (
                &["person", "individual", "private", "個人", "個人様"],
                AccountKind::Person,
            ),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::AccountKind, s))
}

/// `prospect` / `customer` / `lapsed` / `lost`, or 見込み / 顧客 / 休眠 / 失注.
pub fn status(s: &str) -> Result<Status, CellProblem> {
    word(
        s,
        &[
            (
                &["prospect", "lead", "見込み", "見込", "見込客", "見込み客"],
                Status::Prospect,
            ),
            (
                &["customer", "active", "顧客", "既存", "既存顧客", "取引中"],
                Status::Customer,
            ),
            (&["lapsed", "dormant", "休眠", "離反"], Status::Lapsed),
            (&["lost", "失注", "失客", "取引停止"], Status::Lost),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::Status, s))
}

/// `sama` / `onchu` / `dono` / `none`, or 様 / 御中 / 殿 / なし.
pub fn honorific(s: &str) -> Result<Option<Honorific>, CellProblem> {
    word(
        s,
        &[
            (&["sama", "様", "さま"], Some(Honorific::Sama)),
            (&["onchu", "御中"], Some(Honorific::Onchu)),
            (&["dono", "殿"], Some(Honorific::Dono)),
            (&["none", "なし", "無し"], None),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::Honorific, s))
}

/// `call`, `email`, `meeting`, `visit`, `note` or 電話, メール, 打合せ, 訪問, メモ.
pub fn conversation_kind(s: &str) -> Result<ConversationKind, CellProblem> {
    use ConversationKind::*;
    word(
        s,
        &[
            (
                &["call", "phone", "tel", "電話", "通話", "架電", "入電"],
                Call,
            ),
            (&["email", "e-mail", "mail", "メール", "eメール"], Email),
            (
                &[
                    "meeting",
                    "打合せ",
                    "打ち合わせ",
                    "商談",
                    "面談",
                    "会議",
                    "ミーティング",
                ],
                Meeting,
            ),
            (&["visit", "訪問", "来店", "来社"], Visit),
            (&["note", "memo", "other", "メモ", "その他"], Note),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::ConversationKind, s))
}

/// `out` / `in`, or 発信 / 着信.
pub fn direction(s: &str) -> Result<Direction, CellProblem> {
    word(
        s,
        &[
            (
                &["out", "outbound", "outgoing", "発信", "架電", "送信"],
                Direction::Out,
            ),
            (
                &["in", "inbound", "incoming", "着信", "受信", "入電"],
                Direction::In,
            ),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::Direction, s))
}

/// `true` / `false` (also yes / no, 1 / 0, はい / いいえ).
pub fn yes_no(s: &str) -> Result<bool, CellProblem> {
    word(
        s,
        &[
            (&["true", "yes", "y", "1", "はい", "済"], true),
            (&["false", "no", "n", "0", "いいえ"], false),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::YesNo, s))
}

/// Why a customer stopped buying, as `log --lapse-reason` takes it.
pub fn lapse_reason(s: &str) -> Result<LapseReason, CellProblem> {
    LapseReason::parse(s).map_err(|_| not_one_of(Choice::LapseReason, s))
}

/// Tags separated by `,` `;` `|` `、` (or a JSON list, as stored).
pub fn tags(s: &str) -> Vec<String> {
    let t = s.trim();
    if t.starts_with('[') {
        if let Ok(list) = serde_json::from_str::<Vec<String>>(t) {
            return list;
        }
    }
    t.split([',', ';', '|', '、', '，', '；', '\n'])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Whole days, at least 1; `0` means "no setting of its own".
pub fn interval_days(s: &str) -> Result<Option<u32>, CellProblem> {
    let folded = fold(s);
    let t = folded
        .trim()
        .trim_end_matches("days")
        .trim_end_matches('日')
        .trim();
    match t.parse::<u32>() {
        Ok(0) => Ok(None),
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(not_one_of(Choice::Days, s)),
    }
}

/// `〒150-0001 東京都…`: the postal code goes in front of the address,
/// the way it is written on an envelope.
pub fn with_postal(address: Option<String>, postal: Option<String>) -> Option<String> {
    let postal = postal.map(|p| {
        let p = p.trim().trim_start_matches('〒').trim().to_string();
        format!("〒{p}")
    });
    match (postal, address) {
        (None, a) => a,
        (Some(p), None) => Some(p),
        (Some(_), Some(a)) if a.trim_start().starts_with('〒') => Some(a),
        (Some(p), Some(a)) => Some(format!("{p} {a}")),
    }
}

/// Dates as `order --at` reads them (2026/11/23, 2026-11-23 14:30,
/// R8.11.23, 令和8年11月23日, RFC 3339 ...), never later than today.
/// Remembers the last cell, since a register export repeats each day.
pub struct Dates {
    now: DateTime<Utc>,
    zone: OperatorZone,
    last: Option<(String, Result<DateTime<Utc>, CellProblem>)>,
}

impl Dates {
    /// Parse against `now` in the operator's `zone`.
    pub fn new(now: DateTime<Utc>, zone: OperatorZone) -> Dates {
        Dates {
            now,
            zone,
            last: None,
        }
    }

    /// One date cell.
    pub fn parse(&mut self, s: &str) -> Result<DateTime<Utc>, CellProblem> {
        if let Some((cell, out)) = &self.last {
            if cell == s {
                return out.clone();
            }
        }
        let out = self.parse_fresh(s);
        self.last = Some((s.to_string(), out.clone()));
        out
    }

    fn parse_fresh(&self, s: &str) -> Result<DateTime<Utc>, CellProblem> {
        let mut t = parse_instant(s, self.now, self.zone).map_err(|why| CellProblem::Date {
            cell: quote(s),
            why,
        })?;
        // `order --at` reads a bare date that is today as "just now". A
        // file's date is a calendar day whenever it is imported: 09:00 local,
        // as every other bare date, but never later than now (history is
        // never in the future). Re-imports match by calendar day, so the
        // time it lands on does not matter.
        if t == self.now {
            let local_now = self.zone.local_time(self.now);
            if let Ok(When::Date(d)) = parse_when(s, local_now) {
                if let Some(nine) = d.and_hms_opt(9, 0, 0) {
                    t = self.zone.to_utc(nine).map_or(t, |nine| nine.min(self.now));
                }
            }
        }
        // The rule `log` and `order` follow (a few minutes of clock skew
        // is taken as now); here the message can quote the cell.
        crate::domain::history::happened_by(t, self.now).ok_or_else(|| {
            let local = self.zone.local_time(t).format("%Y-%m-%d %H:%M");
            CellProblem::FutureDate {
                cell: quote(s),
                local: local.to_string(),
            }
        })
    }
}

/// The `retractions` cell of an export: a JSON array of `{action, reason,
/// at}` (empty: none), oldest first.
pub fn marks(s: &str) -> Result<Vec<Mark>, CellProblem> {
    let bad = |_why: String| CellProblem::Marks { cell: quote(s) };
    if s.trim().is_empty() {
        return Ok(Vec::new());
    }
    let v: serde_json::Value = serde_json::from_str(s).map_err(|e| bad(e.to_string()))?;
    let items = v.as_array().ok_or_else(|| bad("not an array".into()))?;
    items
        .iter()
        .map(|m| {
            let text = |k: &str| m.get(k).and_then(|x| x.as_str()).unwrap_or_default();
            let action = MarkAction::parse(text("action")).map_err(bad)?;
            let at = DateTime::parse_from_rfc3339(text("at"))
                .map_err(|e| bad(format!("at: {e}")))?
                .with_timezone(&Utc);
            Ok(Mark {
                action,
                reason: text("reason").to_string(),
                at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn words_in_both_languages() {
        assert_eq!(account_kind("個人"), Ok(AccountKind::Person));
        assert_eq!(account_kind(" Company "), Ok(AccountKind::Company));
        assert_eq!(status("休眠"), Ok(Status::Lapsed));
        assert_eq!(honorific("御中"), Ok(Some(Honorific::Onchu)));
        assert_eq!(honorific("none"), Ok(None));
        assert_eq!(
            conversation_kind("打ち合わせ"),
            Ok(ConversationKind::Meeting)
        );
        assert_eq!(direction("着信"), Ok(Direction::In));
        assert_eq!(
            status("maybe"),
            Err(CellProblem::NotOneOf {
                choice: Choice::Status,
                cell: "\"maybe\"".into()
            })
        );
    }

    #[test]
    fn tags_intervals_and_postal_codes() {
        assert_eq!(tags("常連, 紹介、VIP"), ["常連", "紹介", "VIP"]);
        assert_eq!(tags(r#"["a,b","c"]"#), ["a,b", "c"]);
        assert_eq!(interval_days("３０日"), Ok(Some(30)));
        assert_eq!(interval_days("0"), Ok(None));
        assert!(interval_days("-3").is_err());
        assert_eq!(
            with_postal(Some("東京都渋谷区".into()), Some("150-0001".into())).as_deref(),
            Some("〒150-0001 東京都渋谷区")
        );
        assert_eq!(
            with_postal(None, Some("〒1500001".into())).as_deref(),
            Some("〒1500001")
        );
    }

    #[test]
    fn dates_refuse_the_future_and_name_the_cell() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        let jst = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        let mut d = Dates::new(now, OperatorZone::Fixed(jst));
        let want = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
        for s in ["2026/11/20", "2026-11-20", "R8.11.20", "令和8年11月20日"] {
            assert_eq!(d.parse(s), Ok(want), "{s}");
        }
        assert!(matches!(
            d.parse("2026/12/24"),
            Err(CellProblem::FutureDate { cell, .. }) if cell == "\"2026/12/24\""
        ));
        // Today is a calendar day too, not the moment of the import.
        let later = Utc.with_ymd_and_hms(2026, 11, 23, 5, 30, 0).unwrap();
        let mut d = Dates::new(later, jst.into());
        let nine = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        for s in ["2026/11/23", "令和8年11月23日", "today"] {
            assert_eq!(d.parse(s), Ok(nine), "{s}");
        }
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 5, 0, 0).unwrap();
        assert_eq!(d.parse("2026/11/23 14:00"), Ok(at));
        assert!(matches!(
            d.parse("next blue moon"),
            Err(CellProblem::Date { cell, .. }) if cell == "\"next blue moon\""
        ));
    }
}
