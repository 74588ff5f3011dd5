//! What an import did (or, for `--dry-run`, would do), in words.

use std::path::PathBuf;

use super::columns::Target;
use super::rows::Problem;
use crate::domain::text::sanitize;
use crate::i18n::I18n;
use crate::store::import::MatchedBy;

/// How many bad rows and in-file duplicates a report lists by line.
pub const LISTED: usize = 10;

/// One bad row: its line and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub line: u64,
    pub problems: Vec<Problem>,
}

/// A row for an account an earlier row of the same file already wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub line: u64,
    pub first_line: u64,
    pub by: MatchedBy,
}

/// Counts and the first few bad rows and duplicates of one import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub target: Target,
    pub file: PathBuf,
    /// `UTF-8`, `UTF-8 with BOM` or `Shift_JIS`.
    pub encoding: String,
    /// Data rows read (blank lines not counted).
    pub rows: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Accounts made for unknown customers (`--create-missing`).
    pub accounts_created: u64,
    /// Conversation rows naming a contact their account does not have.
    pub unlinked_contacts: u64,
    /// New accounts whose kind was read from the name (no kind column):
    /// (person, company).
    pub kinds_inferred: (u64, u64),
    /// The first [`LISTED`] bad rows.
    pub rejections: Vec<Rejection>,
    /// The first [`LISTED`] in-file duplicates, and how many there were.
    pub duplicates: Vec<Duplicate>,
    pub duplicate_count: u64,
    /// Columns not imported, with why.
    pub ignored: Vec<(String, super::columns::Unused)>,
    pub dry_run: bool,
    /// Where the bad rows went (`--skip-invalid`), when they were written.
    pub rejects_file: Option<PathBuf>,
    /// Whether anything was committed.
    pub written: bool,
}

impl Report {
    /// An empty report for `target` from `file`.
    pub fn new(target: Target, file: PathBuf, encoding: String, dry_run: bool) -> Report {
        Report {
            target,
            file,
            encoding,
            rows: 0,
            new: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            accounts_created: 0,
            unlinked_contacts: 0,
            kinds_inferred: (0, 0),
            rejections: Vec::new(),
            duplicates: Vec::new(),
            duplicate_count: 0,
            ignored: Vec::new(),
            dry_run,
            rejects_file: None,
            written: false,
        }
    }

    /// Count a bad row, keeping the first few for the listing.
    pub fn reject(&mut self, line: u64, problems: Vec<Problem>) {
        self.rejected += 1;
        if self.rejections.len() < LISTED {
            self.rejections.push(Rejection { line, problems });
        }
    }

    /// Count a second row for one account.
    pub fn duplicate(&mut self, line: u64, first_line: u64, by: MatchedBy) {
        self.duplicate_count += 1;
        if self.duplicates.len() < LISTED {
            self.duplicates.push(Duplicate {
                line,
                first_line,
                by,
            });
        }
    }

    /// The bad rows, one line each: `line 5, column 金額: not an amount: "abc"`.
    pub fn rejection_lines(&self, i18n: &I18n) -> Vec<String> {
        let mut out: Vec<String> = self
            .rejections
            .iter()
            .map(|r| {
                let what: Vec<String> = r.problems.iter().map(|p| p.text(i18n)).collect();
                i18n.f(
                    "importr.row",
                    &[
                        ("line", &r.line.to_string()),
                        ("problems", &what.join(&i18n.t("importr.separator"))),
                    ],
                )
            })
            .collect();
        if self.rejected > self.rejections.len() as u64 {
            let more = self.rejected - self.rejections.len() as u64;
            out.push(i18n.f("importr.more", &[("n", &more.to_string())]));
        }
        out
    }

    /// What to print after the import (or the dry run).
    pub fn summary_lines(&self, i18n: &I18n) -> Vec<String> {
        let file = sanitize(&self.file.display().to_string()).into_owned();
        let target = i18n.t(match self.target {
            Target::Accounts => "import.accounts",
            Target::Orders => "import.orders",
            Target::Conversations => "import.conversations",
            Target::Deals => "deals_io12.import_deals",
        });
        let mut out = vec![i18n.f(
            if self.dry_run {
                "importr.head_dry_run"
            } else {
                "importr.head"
            },
            &[
                ("target", &target),
                ("file", &file),
                ("encoding", &self.encoding),
                ("rows", &self.rows.to_string()),
            ],
        )];
        out.push(format!("  {}", self.counts_line(i18n)));
        if let Some(line) = self.inferred_line(i18n) {
            out.push(format!("  {line}"));
        }
        let n = |v: u64| v.to_string();
        if self.unlinked_contacts > 0 {
            let line = i18n.f("importr.unlinked", &[("n", &n(self.unlinked_contacts))]);
            out.push(format!("  {line}"));
        }
        if let Some(p) = &self.rejects_file {
            let path = sanitize(&p.display().to_string()).into_owned();
            out.push(format!(
                "  {}",
                i18n.f("importr.rejects_written", &[("path", &path)])
            ));
        }
        if !self.rejections.is_empty() {
            out.push(format!("  {}", i18n.t("importr.rejected_rows")));
            out.extend(
                self.rejection_lines(i18n)
                    .into_iter()
                    .map(|l| format!("    {l}")),
            );
        }
        if self.duplicate_count > 0 {
            let head = i18n.f("importr.duplicates", &[("n", &n(self.duplicate_count))]);
            out.push(format!("  {head}"));
            for d in &self.duplicates {
                let by = i18n.t(match d.by {
                    MatchedBy::Code => "cell.by_code",
                    MatchedBy::Email => "cell.by_email",
                    MatchedBy::Phone => "cell.by_phone",
                    MatchedBy::Name => "cell.by_name",
                });
                let line = i18n.f(
                    "importr.duplicate",
                    &[
                        ("line", &n(d.line)),
                        ("first", &n(d.first_line)),
                        ("by", &by),
                    ],
                );
                out.push(format!("    {line}"));
            }
            if self.duplicate_count > self.duplicates.len() as u64 {
                out.push("    ...".into());
            }
        }
        if !self.ignored.is_empty() {
            let cols: Vec<String> = self
                .ignored
                .iter()
                .map(|(c, why)| format!("{} ({})", sanitize(c), why.text(i18n)))
                .collect();
            let sep = i18n.t("importr.separator_list");
            let line = i18n.f("importr.unused", &[("columns", &cols.join(&sep))]);
            out.push(format!("  {line}"));
        }
        out
    }

    /// `3 new, 1 updated, 2 unchanged, 0 rejected` in the operator's language.
    pub fn counts_line(&self, i18n: &I18n) -> String {
        let n = |v: u64| v.to_string();
        let key = if self.dry_run {
            "importx.counts_dry_run"
        } else {
            "importx.counts"
        };
        let mut line = i18n.f(
            key,
            &[
                ("new", &n(self.new)),
                ("updated", &n(self.updated)),
                ("unchanged", &n(self.unchanged)),
                ("rejected", &n(self.rejected)),
            ],
        );
        if self.target == Target::Orders && self.accounts_created > 0 {
            let key = match (self.dry_run, self.accounts_created) {
                (false, 1) => "importx.created_one",
                (false, _) => "importx.created_many",
                (true, 1) => "importx.created_one_dry_run",
                (true, _) => "importx.created_many_dry_run",
            };
            line.push_str(&i18n.f(key, &[("n", &n(self.accounts_created))]));
        }
        line
    }

    /// What kind new accounts were given from their names, if any was.
    pub fn inferred_line(&self, i18n: &I18n) -> Option<String> {
        let (person, company) = self.kinds_inferred;
        (person + company > 0).then(|| {
            i18n.f(
                "importx.kinds_inferred",
                &[
                    ("person", &person.to_string()),
                    ("company", &company.to_string()),
                ],
            )
        })
    }

    /// The one error for a file refused because of bad rows (nothing written).
    pub fn failure_message(&self, i18n: &I18n) -> String {
        let file = sanitize(&self.file.display().to_string()).into_owned();
        let mut lines = vec![i18n.f(
            if self.rejected == 1 {
                "importr.failure_one"
            } else {
                "importr.failure_many"
            },
            &[
                ("file", &file),
                ("bad", &self.rejected.to_string()),
                ("rows", &self.rows.to_string()),
            ],
        )];
        lines.extend(
            self.rejection_lines(i18n)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        lines.join("\n")
    }
}
