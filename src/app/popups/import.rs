//! Import from the TUI: choose the kind and the file, see the dry run,
//! then commit. The same code as `salesbench import` runs underneath, on
//! a worker (see `app/jobs.rs`), so a large file never freezes the screen.

use std::path::PathBuf;

use super::dates::words;
use super::{Component, FormPopup, Outcome, View};
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::keymap::Layer;
use crate::app::{Action, App};
use crate::import::problem::CellProblem;
use crate::import::Unused;
use crate::import::{EncodingChoice, Options, Report, Target};

/// What to import and from where.
#[derive(Debug)]
pub struct ImportPopup {
    pub form: Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Accounts,
    Orders,
    Conversations,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::Accounts => "accounts",
            Kind::Orders => "orders",
            Kind::Conversations => "conversations",
        })
    }
}

const KINDS: &[Kind] = &[Kind::Accounts, Kind::Orders, Kind::Conversations];

impl ImportPopup {
    pub fn open() -> ImportPopup {
        let form = Form::new(
            vec![
                Field::choice(
                    "what",
                    "field.import_what",
                    words(KINDS, "import"),
                    "accounts",
                ),
                Field::text("file", "field.file", ""),
            ],
            0,
        );
        ImportPopup { form }
    }

    /// Several files start so: list them under the field.
    fn note_choices(&mut self, app: &App, choices: &[String]) {
        if choices.len() > 1 {
            let shown: Vec<&str> = choices.iter().take(6).map(String::as_str).collect();
            let more = if choices.len() > 6 { " …" } else { "" };
            let text = app.i18n.f(
                "imp11.choices",
                &[("files", &format!("{}{more}", shown.join("  ")))],
            );
            self.form.hints.insert("file", text);
        } else {
            self.form.hints.remove("file");
        }
    }

    fn options(&self, app: &App, dry_run: bool) -> Options {
        let target = match self.form.value("what").as_str() {
            "orders" => Target::Orders,
            "conversations" => Target::Conversations,
            _ => Target::Accounts,
        };
        let file = self.form.value("file");
        let file = match file.trim().strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(rest),
            None => PathBuf::from(file.trim()),
        };
        Options {
            target,
            file,
            encoding: EncodingChoice::Auto,
            maps: Vec::new(),
            dry_run,
            rejects: None,
            create_missing: false,
            progress: false,
            lang: app.i18n.lang,
        }
    }
}

impl FormPopup for ImportPopup {
    /// Tab in the file field completes the path, as a shell does; with
    /// nothing to complete it moves on.
    fn handle_own(&mut self, action: &Action, app: &App) -> Outcome {
        if *action != Action::NextField || self.form.focused_name() != "file" {
            return Outcome::Ignored;
        }
        let typed = self.form.value("file");
        match super::path_completion::complete(&typed) {
            Some(done) if done.path != typed => {
                self.form.set("file", &done.path);
                self.form.touched = true;
                self.note_choices(app, &done.choices);
                Outcome::Consumed
            }
            Some(done) if done.choices.len() > 1 => {
                self.note_choices(app, &done.choices);
                Outcome::Consumed
            }
            _ => Outcome::Ignored,
        }
    }
    fn edited(&mut self, _app: &App) {
        self.form.hints.remove("file");
    }
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t("form.import")
    }
    /// The dry run: nothing is written; the preview opens when it is done.
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        if self.form.value("file").trim().is_empty() {
            return Err(vec![("file", FieldProblem::Required)]);
        }
        Ok(Command::Import(Box::new(self.options(app, true))))
    }
}

/// The dry run's report, waiting for yes or no, with what can be done
/// about what it found: skip the bad rows, make the missing customers,
/// say what an unrecognised column holds.
#[derive(Debug)]
pub struct ImportPreview {
    /// The dry run's options: yes runs them for real.
    pub options: Box<Options>,
    pub lines: Vec<String>,
    pub can_commit: bool,
    /// Bad rows found.
    pub rejected: u64,
    /// Some rows name customers not on file that an import can make.
    pub can_create: bool,
    /// Columns no field was recognised in.
    pub unrecognised: Vec<String>,
}

impl ImportPreview {
    /// The report of a dry run, in the operator's language.
    pub fn new(app: &App, options: Options, report: &Report) -> ImportPreview {
        let mut lines = summary(app, report);
        lines.extend(report.inferred_line(&app.i18n).map(|l| format!("  {l}")));
        lines.extend(
            report
                .rejection_lines(&app.i18n)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        let can_create = !options.create_missing
            && report.rejections.iter().any(|r| {
                r.problems.iter().any(|p| {
                    matches!(
                        p.problem,
                        CellProblem::UnknownCustomer {
                            can_create: true,
                            ..
                        }
                    )
                })
            });
        let unrecognised: Vec<String> = report
            .ignored
            .iter()
            .filter(|(_, why)| *why == Unused::NotRecognised)
            .map(|(column, _)| column.clone())
            .collect();
        let clean = report.rejected == 0;
        lines.push(String::new());
        if !unrecognised.is_empty() {
            lines.push(app.i18n.f(
                "imp11.unrecognised",
                &[("columns", &unrecognised.join("、"))],
            ));
        }
        if can_create {
            lines.push(app.i18n.t("imp11.offer_create"));
        }
        if !clean {
            lines.push(app.i18n.f(
                "imp11.offer_skip",
                &[
                    ("n", &report.rejected.to_string()),
                    ("file", &rejects_path(&options.file).display().to_string()),
                ],
            ));
        }
        lines.push(app.i18n.t(if clean {
            "import.confirm"
        } else {
            "imp11.fix_or_skip"
        }));
        ImportPreview {
            options: Box::new(options),
            lines,
            can_commit: clean,
            rejected: report.rejected,
            can_create,
            unrecognised,
        }
    }

    /// The dry run again, with `change` made to its options.
    fn again(&self, change: impl FnOnce(&mut Options)) -> Outcome {
        let mut options = (*self.options).clone();
        change(&mut options);
        Outcome::Run(Command::Import(Box::new(options)))
    }
}

/// Where skipped rows go: beside the file, `<name>.rejects.csv`.
pub fn rejects_path(file: &std::path::Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    file.with_file_name(format!("{stem}.rejects.csv"))
}

impl Component for ImportPreview {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        match action {
            Action::Confirm(true) | Action::Save | Action::Open if self.can_commit => {
                self.again(|o| o.dry_run = false)
            }
            Action::SkipInvalid if self.rejected > 0 => {
                let rejects = rejects_path(&self.options.file);
                self.again(|o| {
                    o.dry_run = false;
                    o.rejects = Some(rejects);
                })
            }
            Action::CreateMissing if self.can_create => self.again(|o| o.create_missing = true),
            Action::MapColumn if !self.unrecognised.is_empty() => {
                Outcome::Push(MapColumnPopup::open(self, app).into())
            }
            Action::Confirm(_) | Action::Cancel | Action::Back => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
    fn layer(&self) -> Layer {
        Layer::ImportPreview
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::ImportPreview(self)
    }
}

/// Say which field an unrecognised column holds; the dry run runs again
/// with it (`--map COLUMN=FIELD` on the command line).
#[derive(Debug)]
pub struct MapColumnPopup {
    pub form: Form,
    options: Box<Options>,
}

impl MapColumnPopup {
    fn open(preview: &ImportPreview, _app: &App) -> MapColumnPopup {
        let columns = preview
            .unrecognised
            .iter()
            .map(|c| (c.clone(), c.clone()))
            .collect();
        let fields = preview
            .options
            .target
            .fields()
            .iter()
            .map(|f| {
                (
                    f.as_str().to_string(),
                    format!("importfield.{}", f.as_str()),
                )
            })
            .collect();
        let form = Form::new(
            vec![
                Field::choice("column", "imp11.field_column", columns, ""),
                Field::choice("field", "imp11.field_field", fields, ""),
            ],
            0,
        );
        MapColumnPopup {
            form,
            options: preview.options.clone(),
        }
    }
}

impl FormPopup for MapColumnPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t("imp11.map_title")
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        let column = self.form.value("column");
        let field = self
            .options
            .target
            .fields()
            .iter()
            .find(|f| f.as_str() == self.form.value("field"))
            .copied();
        let Some(field) = field else {
            return Err(vec![("field", FieldProblem::Required)]);
        };
        let mut options = (*self.options).clone();
        options.maps.retain(|(c, _)| *c != column);
        options.maps.push((column, Some(field)));
        options.dry_run = true;
        Ok(Command::Import(Box::new(options)))
    }
}

/// The counts of a report, in the operator's language.
pub fn import_counts(app: &App, r: &Report) -> String {
    summary(app, r).pop().unwrap_or_default()
}

/// The report in the operator's language: the file, then the counts.
fn summary(app: &App, r: &Report) -> Vec<String> {
    let n = |v: u64| v.to_string();
    vec![
        app.i18n.f(
            "import.summary",
            &[
                ("file", &r.file.display().to_string()),
                ("encoding", &r.encoding),
                ("rows", &n(r.rows)),
            ],
        ),
        app.i18n.f(
            "import.counts",
            &[
                ("new", &n(r.new)),
                ("updated", &n(r.updated)),
                ("unchanged", &n(r.unchanged)),
                ("rejected", &n(r.rejected)),
            ],
        ),
    ]
}
