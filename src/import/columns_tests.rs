use super::*;

fn en() -> crate::i18n::I18n {
    crate::i18n::I18n::new(crate::i18n::Lang::En)
}

fn headers(hs: &[&str]) -> Vec<String> {
    hs.iter().map(|h| h.to_string()).collect()
}

fn fields_of(cols: &Columns) -> Vec<Option<&'static str>> {
    (0..cols.headers.len())
        .map(|i| {
            ALL.iter()
                .find(|f| cols.get(**f) == Some(i))
                .map(|f| f.as_str())
        })
        .collect()
}

#[test]
fn japanese_customer_list_headers() {
    let hs = headers(&[
        "顧客コード",
        "会社名",
        "フリガナ",
        "電話番号",
        "メールアドレス",
        "郵便番号",
        "住所",
        "タグ",
        "備考",
        "誕生日",
    ]);
    let cols = Columns::recognise(hs, Target::Accounts, &[]).unwrap();
    assert_eq!(
        fields_of(&cols),
        [
            Some("code"),
            Some("name"),
            Some("reading"),
            Some("phone"),
            Some("email"),
            Some("postal_code"),
            Some("address"),
            Some("tags"),
            Some("note"),
            None
        ]
    );
    assert_eq!(
        cols.ignored,
        [("誕生日".to_string(), Unused::NotRecognised)]
    );
}

#[test]
fn export_headers_round_trip() {
    // What `salesbench export` writes; internal ids and derived columns are
    // left out, and `account_code` wins over the internal `account_id`.
    let accounts = "id,code,name,reading,kind,status,phone,email,address,tags,note,\
        interval_days,honorific,lapse_reason,archived,last_touch_at,created_at";
    let hs: Vec<&str> = accounts.split(',').collect();
    let cols = Columns::recognise(headers(&hs), Target::Accounts, &[]).unwrap();
    let want: Vec<Option<&str>> = hs
        .iter()
        .map(|h| Some(*h).filter(|h| !matches!(*h, "id" | "last_touch_at" | "created_at")))
        .collect();
    assert_eq!(fields_of(&cols), want);
    let orders = headers(&[
        "id",
        "account_id",
        "account_code",
        "account_name",
        "ordered_at",
        "amount",
        "note",
    ]);
    let cols = Columns::recognise(orders, Target::Orders, &[]).unwrap();
    assert_eq!(
        fields_of(&cols),
        [
            None,
            None,
            Some("code"),
            Some("name"),
            Some("date"),
            Some("amount"),
            Some("note")
        ]
    );
    cols.require(Target::Orders).unwrap();
    let talks = "id,account_id,account_code,account_name,contact,kind,direction,happened_at,\
        logged_at,revision,is_current,summary,body,outcome,retracted,retract_reason,retracted_at";
    let hs: Vec<&str> = talks.split(',').collect();
    let cols = Columns::recognise(headers(&hs), Target::Conversations, &[]).unwrap();
    let got = fields_of(&cols);
    assert_eq!(got[0], Some("conversation_id"));
    assert_eq!((got[1], got[2], got[7]), (None, Some("code"), Some("date")));
    assert_eq!(
        (got[9], got[10], got[14]),
        (Some("revision"), None, Some("retracted"))
    );
}

#[test]
fn variants_of_a_header_are_one_header() {
    assert_eq!(header_key("金額（税込）"), "金額");
    assert_eq!(header_key("Customer_Code"), "customercode");
    assert_eq!(header_key("ＴＥＬ"), "tel");
    assert_eq!(header_key("E-Mail"), "email");
    assert_eq!(header_key("\u{feff}フリガナ"), header_key("ふりがな"));
}

#[test]
fn map_overrides_and_a_second_column_for_a_field_is_reported() {
    let hs = headers(&["日付", "得意先", "金額", "氏名", "会社名"]);
    let maps = vec![("得意先".to_string(), Some(Field::Code))];
    let cols = Columns::recognise(hs.clone(), Target::Orders, &maps).unwrap();
    assert_eq!(cols.get(Field::Code), Some(1));
    assert_eq!(cols.get(Field::Name), Some(3));
    assert_eq!(
        cols.ignored,
        [("会社名".to_string(), Unused::Duplicate(Field::Name))]
    );
    // By column number, and ignoring.
    let maps = vec![
        ("5".to_string(), Some(Field::Name)),
        ("氏名".to_string(), None),
    ];
    let cols = Columns::recognise(hs.clone(), Target::Orders, &maps).unwrap();
    assert_eq!(cols.get(Field::Name), Some(4));
    let err = Columns::recognise(hs, Target::Orders, &[("担当".into(), Some(Field::Note))])
        .unwrap_err()
        .text(&en());
    assert!(
        err.contains("no column \"担当\"") && err.contains("\"得意先\""),
        "{err}"
    );
}

#[test]
fn missing_required_columns_say_what_was_looked_for() {
    let cols = Columns::recognise(headers(&["日付", "金額"]), Target::Orders, &[]).unwrap();
    let err = cols.require(Target::Orders).unwrap_err().text(&en());
    assert!(
        err.contains("顧客コード") && err.contains("--map COLUMN=code"),
        "{err}"
    );
    let cols = Columns::recognise(headers(&["a", "b"]), Target::Accounts, &[]).unwrap();
    let err = cols.require(Target::Accounts).unwrap_err().text(&en());
    assert!(
        err.contains("no name column") && err.contains("\"a\", \"b\""),
        "{err}"
    );
}

#[test]
fn map_field_names() {
    assert_eq!(
        parse_field("Amount", Target::Orders),
        Ok(Some(Field::Amount))
    );
    assert_eq!(parse_field("ignore", Target::Orders), Ok(None));
    let err = parse_field("amount", Target::Accounts)
        .unwrap_err()
        .text(&en());
    assert!(
        err.contains("unknown field \"amount\" for accounts"),
        "{err}"
    );
    assert!(err.contains("interval_days"), "{err}");
}

#[test]
fn every_field_has_a_name_in_both_languages() {
    use crate::i18n::{I18n, Lang};
    for lang in [Lang::En, Lang::Ja] {
        let i18n = I18n::new(lang);
        for f in Field::all() {
            let label = f.label(&i18n);
            assert!(
                !label.starts_with("importfield."),
                "{lang:?}: {f:?} has no name"
            );
            if lang == Lang::Ja {
                assert!(
                    !label.chars().any(|c| c.is_ascii_alphabetic()),
                    "{f:?}: English in Japanese: {label}"
                );
            }
        }
    }
}
