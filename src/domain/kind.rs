//! Telling a business from a private person by the name alone, for files
//! that do not say: a legal-form marker (株式会社, ㈱, Inc., GmbH ...)
//! means a business; a name without one is a person's, unless the column
//! itself is headed as a company name (会社名, 法人名, company name).

use super::fold::fold;
use super::model::AccountKind;

/// Legal forms written into Japanese names (compared after folding, which
/// turns ㈱ and （株） into `(株)`).
const JAPANESE_MARKERS: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "(株)",
    "(有)",
    "(合)",
    "(同)",
    "(資)",
    "(名)",
    "(社)",
    "(財)",
    "(医)",
    "(福)",
    "(学)",
    "社団法人",
    "財団法人",
    "医療法人",
    "社会福祉法人",
    "学校法人",
    "宗教法人",
    "特定非営利活動法人",
    "npo法人",
    "協同組合",
    "有限責任事業組合",
];

/// Legal forms written as a word of their own, without their dots:
/// `Acme, Inc.`, `Foo Co.,Ltd.`, `Bar K.K.`.
const LATIN_MARKERS: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "co",
    "corp",
    "corporation",
    "company",
    "gmbh",
    "kk",
    "plc",
    "pte",
    "pty",
];

/// Whether `name` carries a company marker.
pub fn has_company_marker(name: &str) -> bool {
    let folded = fold(name);
    if JAPANESE_MARKERS.iter().any(|m| folded.contains(m)) {
        return true;
    }
    folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.replace('.', ""))
        .any(|w| LATIN_MARKERS.contains(&w.as_str()))
}

/// Headers that say the names are companies' (after the import's header
/// folding: no spaces, lower case).
const COMPANY_HEADERS: &[&str] = &["company", "companyname", "会社名", "法人名", "社名"];

/// The kind a name suggests, read under a column headed `header_key`.
pub fn infer_kind(name: &str, header_key: &str) -> AccountKind {
    if has_company_marker(name) || COMPANY_HEADERS.contains(&header_key) {
        AccountKind::Company
    } else {
        AccountKind::Person
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_make_a_company_and_their_absence_a_person() {
        for name in [
            "株式会社山田製作所",
            "山田製作所株式会社",
            "㈱丸福",
            "（株）丸福",
            "(有)田中商店",
            "合同会社ミライ",
            "Acme Inc.",
            "Acme, Inc",
            "Foo Co.,Ltd.",
            "Foo Co., Ltd.",
            "Bar LLC",
            "Baz GmbH",
            "Qux K.K.",
            "ＡＣＭＥ　ＬＴＤ",
            "医療法人社団さくら会",
        ] {
            assert!(has_company_marker(name), "{name}");
            assert_eq!(infer_kind(name, "氏名"), AccountKind::Company, "{name}");
        }
        for name in [
            "田中 花子",
            "John Smith",
            "Incognito Ito",
            "Coco Chanel",
            "ｶﾌｪ ﾓｶ",
        ] {
            assert!(!has_company_marker(name), "{name}");
            assert_eq!(infer_kind(name, "氏名"), AccountKind::Person, "{name}");
            assert_eq!(infer_kind(name, "name"), AccountKind::Person, "{name}");
        }
        assert_eq!(infer_kind("山田製作所", "会社名"), AccountKind::Company);
        assert_eq!(infer_kind("山田製作所", "顧客名"), AccountKind::Person);
    }
}
