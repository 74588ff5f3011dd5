use super::*;

#[test]
fn fold_cases() {
    let cases = [
        ("", ""),
        ("ABC商事", "abc商事"),
        ("ＡＢＣ", "abc"),
        ("タナカ", "たなか"),
        ("ﾀﾅｶ", "たなか"),
        ("ｶﾞｯｺｳ", "がっこう"),
        ("ﾊﾟﾝ", "ぱん"),
        ("ヴァイオリン", "ゔぁいおりん"),
        ("ァィゥェォッャュョヮヵヶ", "ぁぃぅぇぉっゃゅょゎゕゖ"),
        ("ラーメン", "らーめん"),
        ("ﾗｰﾒﾝ", "らーめん"),
        ("Ōsaka", "ousaka"),
        ("Tōkyō", "toukyou"),
        ("Ryūkyū", "ryuukyuu"),
        ("Shīna Kēki Ā", "shiina keeki aa"),
        ("Tôkyô", "toukyou"),
        ("いすゞ", "いすず"),
        ("イスヾ", "いすず"),
        ("がゝ", "がか"),
        ("ゝ", "ゝ"),
        ("㈱田中", "(株)田中"),
        ("田中　太郎", "田中 太郎"),
        ("０３－１２３４", "03-1234"),
        ("ÉCOLE", "école"),
        ("ヷ", "ヷ"),
    ];
    for (input, want) in cases {
        assert_eq!(fold(input), want, "fold({input:?})");
    }
}

#[test]
fn fold_into_piecewise_matches_whole() {
    let pieces = ["い", "す", "ゞ", "ｶ", "ﾞ"];
    let mut out = String::new();
    for piece in ["い", "す", "ゞ", "ｶﾞ"] {
        fold_into(piece, &mut out);
    }
    assert_eq!(out, fold(&pieces.concat()));
}

#[test]
fn romaji_cases() {
    let cases = [
        ("", ""),
        ("たなか", "tanaka"),
        ("タナカ", "tanaka"),
        ("ﾀﾅｶ", "tanaka"),
        ("さとう", "satou"),
        ("きゃく", "kyaku"),
        ("しゃちょう", "shachou"),
        ("ちゃや", "chaya"),
        ("じゅんこ", "junko"),
        ("ぢゃ", "ja"),
        ("つづき", "tsuzuki"),
        ("ふじ", "fuji"),
        ("きって", "kitte"),
        ("まっちゃ", "matcha"),
        ("ざっし", "zasshi"),
        ("いっぽん", "ippon"),
        ("あっ", "a"),
        ("かんいち", "kanichi"),
        ("しんや", "shinya"),
        ("ほんま", "honma"),
        ("らーめん", "raamen"),
        ("コーヒー", "koohii"),
        ("ンー", "n"),
        ("ー", ""),
        ("をかべ", "wokabe"),
        ("ぢ づ", "ji zu"),
        ("ヴァイオリン", "vaiorin"),
        ("ふぁいる", "fairu"),
        ("ティー", "tii"),
        ("ドゥ", "du"),
        ("ウィリアム", "wiriamu"),
        ("ウェブ", "webu"),
        ("イェール", "yeeru"),
        ("チェック", "chekku"),
        ("シェア", "shea"),
        ("ジェイ", "jei"),
        ("ツァー", "tsaa"),
        ("でゅお", "dyuo"),
        ("ぁ", "a"),
        ("ゃ", "ya"),
        ("んゃ", "nya"),
        ("ゐゑ", "ie"),
        ("いすゞ", "isuzu"),
        ("タナカ商事", "tanaka商事"),
        ("ABC", "abc"),
    ];
    for (input, want) in cases {
        assert_eq!(romaji(input), want, "romaji({input:?})");
    }
}

#[test]
fn phone_digits_cases() {
    let cases = [
        ("03-1234-5678", "0312345678"),
        ("０３（１２３４）５６７８", "0312345678"),
        ("+81 3 1234 5678", "81312345678"),
        ("内線 12", "12"),
        ("", ""),
    ];
    for (input, want) in cases {
        assert_eq!(phone_digits(input), want, "phone_digits({input:?})");
    }
}

#[test]
fn fold_query_cases() {
    let cases = [
        ("03-1234", "031234"),
        ("０３－１２３４", "031234"),
        ("03ー1234", "031234"),
        ("(03) 1234.5678", "0312345678"),
        ("+81-3", "813"),
        ("タナカ", "たなか"),
        ("ﾀﾅｶ", "たなか"),
        ("  Tanaka  ", "tanaka"),
        ("tanaka taro", "tanaka taro"),
        ("7-eleven", "7-eleven"),
        ("a|b", "ab"),
        ("kan'ichi", "kanichi"),
        ("O’Brien", "obrien"),
        ("a\u{1b}b", "ab"),
        ("-", "-"),
        ("", ""),
    ];
    for (input, want) in cases {
        assert_eq!(fold_query(input), want, "fold_query({input:?})");
    }
}

#[test]
fn search_key_fields_in_order() {
    let tags = vec!["VIP".to_string(), "東京".to_string()];
    let key = search_key(
        "田中商店",
        Some("タナカショウテン"),
        Some("03-1234-5678"),
        Some("Info@Tanaka.example"),
        &tags,
    );
    assert_eq!(
        key,
        "田中商店|たなかしょうてん|tanakashouten|0312345678|info@tanaka.example|vip|東京"
    );
}

#[test]
fn search_key_cases() {
    let cases: [(&str, Option<&str>, Option<&str>, &str); 7] = [
        ("ABC商事", None, None, "abc商事"),
        ("さとう", Some("さとう"), None, "さとう|satou"),
        ("サトウ", None, None, "さとう|satou"),
        ("タナカ商事", None, None, "たなか商事|tanaka商事"),
        ("a|b\u{7}c", Some(""), Some("内線"), "a bc"),
        ("", Some("  "), None, ""),
        // A control between a kana and an iteration mark is dropped first,
        // as a query drops it (found by the property test).
        ("ｶﾞ\u{85}ゝ", None, None, "がか|gaka"),
    ];
    for (name, reading, phone, want) in cases {
        assert_eq!(
            search_key(name, reading, phone, None, &[]),
            want,
            "search_key({name:?}, {reading:?}, {phone:?})"
        );
    }
}

#[test]
fn gojuon_key_orders_readings() {
    // Each list is in the expected order.
    let orders: [&[&str]; 7] = [
        &["は", "ば", "ぱ", "ひ"],
        &["つ", "っ", "づ", "て"],
        &["あ", "ぁ", "い"],
        &["や", "ゃ", "ゆ"],
        &["はか", "ばか", "はは", "ばば", "ぱぱ"],
        &["か", "かあ", "かー", "かい", "かき"],
        &["abc", "あいう", "アイウエ", "ん", "田中"],
    ];
    for order in orders {
        let keys: Vec<String> = order.iter().map(|r| gojuon_key(r)).collect();
        for (pair, names) in keys.windows(2).zip(order.windows(2)) {
            assert!(
                pair[0] < pair[1],
                "{} should sort before {}",
                names[0],
                names[1]
            );
        }
    }
}

#[test]
fn gojuon_key_folds_script() {
    let cases = [
        ("たなか", "タナカ"),
        ("たなか", "ﾀﾅｶ"),
        ("ゔぃ", "ヴィ"),
        ("いすず", "いすゞ"),
    ];
    for (a, b) in cases {
        assert_eq!(gojuon_key(a), gojuon_key(b), "{a} vs {b}");
    }
}

#[test]
fn kana_parts_cover_every_hiragana() {
    // Every hiragana must split into a base that is itself plain, and every
    // voiced base must round-trip through `voiced`.
    for u in 0x3041..=0x3096 {
        let Some(c) = char::from_u32(u) else {
            continue;
        };
        let (base, variant) = kana_parts(c).unwrap_or_else(|| panic!("no parts for {c}"));
        assert_eq!(kana_parts(base), Some((base, PLAIN)), "base of {c}");
        if variant == VOICED {
            assert_eq!(voiced(base), c, "voiced({base})");
        }
        assert!(kana_romaji(c).is_some(), "romaji of {c}");
    }
    assert_eq!(voiced('な'), 'な');
}
