//! The headers recognised for each field, English and Japanese, compared
//! after [`super::columns::header_key`] folding. Earlier entries win when
//! two columns could hold one field. Includes what `salesbench export`
//! writes (`account_code`, `ordered_at`, `happened_at` ...).

use super::columns::{Field, Target};

/// Headers for `field` in a file of `target`, surest first.
#[rustfmt::skip]
pub fn headers(field: Field, target: Target) -> &'static [&'static str] {
    use Field::*;
    match (field, target) {
        (Code, _) => &["code", "customer code", "account code", "customer id", "customer no",
            "member id", "member no", "顧客コード", "顧客番号", "顧客id",
            "得意先コード", "取引先コード", "会員番号", "会員id", "会員コード", "お客様番号", "コード"],
        (Name, Target::Accounts) => &["name", "company", "company name", "customer",
            "customer name", "full name", "account name", "名前", "お名前", "氏名", "会社名", "顧客名", "得意先名",
            "取引先名", "社名", "名称", "法人名", "店名", "屋号"],
        (Name, _) => &["account name", "customer", "customer name", "name", "company",
            "company name", "full name", "顧客名", "お客様名", "氏名", "会社名", "得意先名", "取引先名", "名前", "お名前",
            "会員名", "社名"],
        (Reading, _) => &["reading", "kana", "furigana", "name kana", "reading kana",
            "フリガナ", "ふりがな", "よみ", "よみがな", "読み", "読み仮名", "カナ", "氏名カナ", "氏名フリガナ", "会社名カナ", "会社名フリガナ",
            "顧客名カナ", "顧客名フリガナ", "セイメイ"],
        (Kind, Target::Accounts) => &["kind", "type", "account type", "種別", "区分", "法人個人",
            "法人/個人", "顧客区分"],
        (Kind, _) => &["kind", "type", "channel", "種別", "手段", "方法", "連絡手段", "対応方法", "区分"],
        (Status, _) => &["status", "stage", "状態", "ステータス", "顧客ステータス"],
        (Phone, _) => &["phone", "tel", "telephone", "phone number", "tel no", "mobile",
            "電話", "電話番号", "tel番号", "携帯", "携帯電話", "携帯番号", "連絡先電話番号"],
        (Email, _) => &["email", "e-mail", "mail", "email address", "mail address", "メール",
            "メールアドレス", "eメール", "eメールアドレス", "電子メール"],
        (Address, _) => &["address", "住所", "所在地", "ご住所", "住所1"],
        (PostalCode, _) => &["postal code", "zip", "zip code", "postcode", "郵便番号", "〒",
            "郵便"],
        (Tags, _) => &["tags", "tag", "labels", "タグ", "ラベル"],
        (Note, _) => &["note", "notes", "memo", "remarks", "comment", "comments", "備考",
            "メモ", "特記事項", "コメント", "摘要"],
        (IntervalDays, _) => &["interval days", "interval", "contact interval", "連絡間隔",
            "連絡間隔日数", "間隔"],
        (Honorific, _) => &["honorific", "敬称"],
        (Date, Target::Orders) => &["ordered at", "date", "order date", "purchase date",
            "sale date", "sold at", "datetime", "日付", "購入日", "売上日", "注文日", "受注日", "取引日", "取引日時",
            "販売日", "日時", "購入日時", "売上日時"],
        (Date, _) => &["happened at", "date", "datetime", "when", "time", "日付", "日時", "対応日",
            "対応日時", "連絡日", "連絡日時", "通話日時", "着信日時", "発信日時"],
        (Amount, _) => &["amount", "total", "price", "sales", "sale amount", "金額", "売上",
            "売上金額", "売上額", "合計", "合計金額", "税込金額", "購入金額", "販売金額", "お会計"],
        (Receipt, _) => &["receipt", "receipt no", "receipt number", "receipt id",
            "transaction id", "レシート番号", "レシートno", "レシート", "伝票番号", "取引番号", "取引id", "会計番号"],
        (Direction, _) => &["direction", "in out", "方向", "発着信", "受発信", "発信着信"],
        (Summary, _) => &["summary", "subject", "title", "件名", "要件", "用件", "概要", "タイトル",
            "表題"],
        (Body, _) => &["body", "content", "contents", "text", "details", "description",
            "内容", "本文", "詳細", "対応内容", "通話内容", "メモ"],
        (Outcome, _) => &["outcome", "result", "結果", "対応結果"],
        (Archived, _) => &["archived", "アーカイブ", "非表示"],
        (LapseReason, _) => &["lapse reason", "離反理由", "休眠理由"],
        // What `salesbench export conversations` writes, one row per revision.
        (ConversationId, _) => &["id", "conversation id", "履歴id", "対応id"],
        (Revision, _) => &["revision", "版"],
        (LoggedAt, _) => &["logged at", "記録日時", "登録日時"],
        // What `salesbench export orders` writes for a voided order.
        (Retracted, Target::Orders) => &["voided", "無効"],
        (RetractReason, Target::Orders) => &["void reason", "無効理由"],
        (RetractedAt, Target::Orders) => &["voided at", "無効日時"],
        (Retracted, _) => &["retracted", "取消", "取り消し"],
        (RetractReason, _) => &["retract reason", "取消理由"],
        (RetractedAt, _) => &["retracted at", "取消日時"],
        (Retractions, Target::Orders) => &["retractions", "無効履歴"],
        (Retractions, _) => &["retractions", "取消履歴"],
        (Currency, _) => &["currency", "currency code", "通貨", "通貨コード"],
        (Contact, _) => &["contact", "contact name", "担当者", "担当者名", "先方担当者"],
    }
}
