//! The filter line of the account lists, typed: `status:customer tag:VIP
//! tanaka` (or `状態:顧客 タグ:VIP 田中`) is statuses, tags and free text.
//! Status words are accepted as stored (`customer`) and as the operator's
//! interface shows them (`顧客`); a word that is neither is a
//! [`QueryProblem`], never silently dropped.

use super::fold;
use super::model::Status;

/// The names of the status field, both languages (compared folded).
const STATUS_KEYS: [&str; 2] = ["status", "状態"];
/// The names of the tag field, both languages.
const TAG_KEYS: [&str; 2] = ["tag", "タグ"];

/// What the filter line asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountQuery {
    /// Any of these (empty: any status).
    pub statuses: Vec<Status>,
    /// All of these, compared folded (case and width).
    pub tags: Vec<String>,
    /// The rest, for the fuzzy ranking.
    pub text: String,
}

/// A mistake in the filter line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    /// `status:` followed by a word that names no status.
    UnknownStatus { word: String },
}

impl QueryProblem {
    /// The message-catalogue key (its placeholders: `word`, `valid`).
    pub fn key(&self) -> &'static str {
        match self {
            QueryProblem::UnknownStatus { .. } => "filters11.unknown_status",
        }
    }
}

/// The words the operator may use: each status with its label in the
/// interface's language (`顧客`), and the tags that exist.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub status_labels: Vec<(Status, String)>,
    pub tags: Vec<String>,
    /// The field names to offer first (`状態:` in Japanese).
    pub ja: bool,
}

impl Vocabulary {
    /// The status a word names, as stored or as shown.
    fn status(&self, word: &str) -> Option<Status> {
        let w = fold::fold(word);
        Status::ALL
            .iter()
            .copied()
            .find(|s| fold::fold(s.as_str()) == w)
            .or_else(|| {
                self.status_labels
                    .iter()
                    .find(|(_, l)| fold::fold(l) == w)
                    .map(|(s, _)| *s)
            })
    }

    /// The status words in the operator's language, then the stored ones.
    fn status_words(&self) -> Vec<String> {
        let mut out: Vec<String> = self.status_labels.iter().map(|(_, l)| l.clone()).collect();
        for s in Status::ALL {
            if !out.iter().any(|w| w == s.as_str()) {
                out.push(s.as_str().to_string());
            }
        }
        out
    }
}

/// Which field a token names, and the value after its colon.
fn split_field(token: &str) -> Option<(Field, &str, &str)> {
    let (at, colon) = token
        .char_indices()
        .find(|(_, c)| *c == ':' || *c == '：')?;
    let key = &token[..at];
    let value = &token[at + colon.len_utf8()..];
    let folded = fold::fold(key);
    let field = if STATUS_KEYS.iter().any(|k| fold::fold(k) == folded) {
        Field::Status
    } else if TAG_KEYS.iter().any(|k| fold::fold(k) == folded) {
        Field::Tag
    } else {
        return None;
    };
    Some((field, &token[..at + colon.len_utf8()], value))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Status,
    Tag,
}

/// Read the filter line. Several statuses (`status:customer,lapsed` or
/// two `status:` tokens) mean any of them; several tags mean all of them.
pub fn parse(input: &str, vocab: &Vocabulary) -> Result<AccountQuery, QueryProblem> {
    let mut q = AccountQuery::default();
    let mut text = Vec::new();
    for token in input.split_whitespace() {
        match split_field(token) {
            Some((Field::Status, _, value)) => {
                for word in value.split([',', '、', '，']).filter(|w| !w.is_empty()) {
                    let s = vocab
                        .status(word)
                        .ok_or_else(|| QueryProblem::UnknownStatus {
                            word: word.to_string(),
                        })?;
                    if !q.statuses.contains(&s) {
                        q.statuses.push(s);
                    }
                }
            }
            Some((Field::Tag, _, value)) => {
                q.tags.extend(
                    value
                        .split([',', '、', '，'])
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
            None => text.push(token),
        }
    }
    q.text = text.join(" ");
    Ok(q)
}

impl AccountQuery {
    /// Whether an account with this status and these tags passes the
    /// status and tag parts (the text is ranked separately).
    pub fn admits<T: AsRef<str>>(
        &self,
        status: Status,
        tags: impl IntoIterator<Item = T> + Clone,
    ) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&status))
            && self.tags.iter().all(|want| {
                tags.clone()
                    .into_iter()
                    .any(|t| fold::fold(t.as_ref()) == fold::fold(want))
            })
    }

    /// Nothing but free text (or nothing at all).
    pub fn is_text_only(&self) -> bool {
        self.statuses.is_empty() && self.tags.is_empty()
    }
}

/// The whole lines Tab may turn `input` into, completing its last token:
/// a field name (`st` → `status:`), a status word (`status:cu` →
/// `status:customer`) or an existing tag (`tag:V` → `tag:VIP`). Empty when
/// nothing fits; repeated Tab walks the list.
pub fn complete(input: &str, vocab: &Vocabulary) -> Vec<String> {
    // The last token starts after the last whitespace; a trailing space
    // means a new, empty token (offered the field names).
    let start = input
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let (head, token) = input.split_at(start);
    let starts = |word: &str, prefix: &str| {
        let (w, p) = (fold::fold(word), fold::fold(prefix));
        w.starts_with(&p) && w != p
    };
    let words: Vec<String> = match split_field(token) {
        Some((Field::Status, key, value)) => vocab
            .status_words()
            .into_iter()
            .filter(|w| starts(w, value))
            .map(|w| format!("{key}{w}"))
            .collect(),
        Some((Field::Tag, key, value)) => {
            let mut tags: Vec<&String> = vocab.tags.iter().filter(|t| starts(t, value)).collect();
            tags.sort();
            tags.dedup();
            tags.into_iter().map(|t| format!("{key}{t}")).collect()
        }
        None => {
            let keys = if vocab.ja {
                ["状態:", "タグ:", "status:", "tag:"]
            } else {
                ["status:", "tag:", "状態:", "タグ:"]
            };
            keys.iter()
                .filter(|k| starts(k, token))
                .map(|k| k.to_string())
                .collect()
        }
    };
    words.into_iter().map(|w| format!("{head}{w}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(ja: bool) -> Vocabulary {
        let labels: &[(Status, &str)] = if ja {
            &[
                (Status::Prospect, "見込み"),
                (Status::Customer, "顧客"),
                (Status::Lapsed, "休眠"),
                (Status::Lost, "失注"),
            ]
        } else {
            &[
                (Status::Prospect, "prospect"),
                (Status::Customer, "customer"),
                (Status::Lapsed, "lapsed"),
                (Status::Lost, "lost"),
            ]
        };
        Vocabulary {
            status_labels: labels.iter().map(|(s, l)| (*s, l.to_string())).collect(),
            tags: vec!["VIP".into(), "Vegan".into(), "卸".into(), "VIP".into()],
            ja,
        }
    }

    /// Input, Japanese interface, statuses, tags, text.
    type Case<'a> = (&'a str, bool, &'a [Status], &'a [&'a str], &'a str);

    #[test]
    fn parses_statuses_tags_and_text_in_both_languages() {
        let cases: &[Case] = &[
            (
                "status:customer tag:VIP tanaka",
                false,
                &[Status::Customer],
                &["VIP"],
                "tanaka",
            ),
            (
                "状態:顧客 タグ:VIP 田中",
                true,
                &[Status::Customer],
                &["VIP"],
                "田中",
            ),
            // Full-width colon, the stored word under a Japanese interface.
            (
                "状態：customer 田中",
                true,
                &[Status::Customer],
                &[],
                "田中",
            ),
            (
                "STATUS:Lapsed,lost",
                false,
                &[Status::Lapsed, Status::Lost],
                &[],
                "",
            ),
            (
                "status:顧客、見込み",
                true,
                &[Status::Customer, Status::Prospect],
                &[],
                "",
            ),
            ("tag:a tag:b x y", false, &[], &["a", "b"], "x y"),
            // Still being typed: no value yet is no constraint.
            ("status: tanaka", false, &[], &[], "tanaka"),
            // Not a field: plain text.
            ("foo:bar", false, &[], &[], "foo:bar"),
            ("", false, &[], &[], ""),
        ];
        for (input, ja, statuses, tags, text) in cases {
            let q = parse(input, &vocab(*ja)).unwrap_or_else(|e| panic!("{input}: {e:?}"));
            assert_eq!(q.statuses, *statuses, "{input}");
            assert_eq!(q.tags, *tags, "{input}");
            assert_eq!(q.text, *text, "{input}");
        }
    }

    #[test]
    fn an_unknown_status_is_a_problem() {
        for (input, word) in [("status:cust", "cust"), ("状態:お得意様 田中", "お得意様")]
        {
            assert_eq!(
                parse(input, &vocab(true)),
                Err(QueryProblem::UnknownStatus { word: word.into() })
            );
        }
        // A Japanese word under an English interface is not a status.
        assert!(parse("status:顧客", &vocab(false)).is_err());
    }

    #[test]
    fn admits_by_status_and_every_tag() {
        let q = parse("status:customer,lapsed tag:vip tag:卸", &vocab(false)).unwrap();
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(q.admits(Status::Customer, &tags(&["VIP", "卸"])));
        assert!(!q.admits(Status::Customer, &tags(&["VIP"])));
        assert!(!q.admits(Status::Lost, &tags(&["VIP", "卸"])));
        assert!(parse("x", &vocab(false))
            .unwrap()
            .admits(Status::Lost, [""; 0]));
    }

    #[test]
    fn completes_the_last_token() {
        let en = vocab(false);
        let ja = vocab(true);
        let cases: &[(&str, &Vocabulary, &[&str])] = &[
            ("st", &en, &["status:"]),
            ("tanaka t", &en, &["tanaka tag:"]),
            ("status:cu", &en, &["status:customer"]),
            ("status:l", &en, &["status:lapsed", "status:lost"]),
            ("tag:V", &en, &["tag:VIP", "tag:Vegan"]),
            ("tag:v", &en, &["tag:VIP", "tag:Vegan"]),
            ("状", &ja, &["状態:"]),
            ("状態：顧", &ja, &["状態：顧客"]),
            // The operator's words first, the stored ones after.
            (
                "status:",
                &ja,
                &[
                    "status:見込み",
                    "status:顧客",
                    "status:休眠",
                    "status:失注",
                    "status:prospect",
                    "status:customer",
                    "status:lapsed",
                    "status:lost",
                ],
            ),
            ("タグ:卸", &ja, &[]),
            ("status:customer", &en, &[]),
            ("xyz", &en, &[]),
        ];
        for (input, v, want) in cases {
            assert_eq!(complete(input, v), *want, "{input}");
        }
    }
}
