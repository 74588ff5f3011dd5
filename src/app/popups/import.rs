//! Import from the TUI: choose the file, see the dry run, then commit.
//! The same code as `salesbench import` runs underneath.

use std::path::PathBuf;

use super::{Popup, PopupKind};
use crate::app::form::{Field, Form};
use crate::app::App;
use crate::import::{import_file, EncodingChoice, ImportError, Options, Target};

/// Ask what to import and from where.
pub fn open_import_form(app: &mut App) {
    let kinds = ["accounts", "orders", "conversations"]
        .iter()
        .map(|k| (k.to_string(), format!("import.{k}")))
        .collect();
    let form = Form::new(
        vec![
            Field::choice("what", "field.import_what", kinds, "accounts"),
            Field::text("file", "field.file", ""),
        ],
        1,
    );
    app.popups.push(Popup {
        kind: PopupKind::Import { form },
    });
}

fn options(form: &Form, dry_run: bool, lang: crate::i18n::Lang) -> Options {
    let target = match form.value("what").as_str() {
        "orders" => Target::Orders,
        "conversations" => Target::Conversations,
        _ => Target::Accounts,
    };
    let file = form.value("file");
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
        lang,
    }
}

/// Run the dry run and show what would happen; nothing is written.
pub fn preview(app: &mut App, form: &Form) -> Result<(), Vec<(&'static str, String)>> {
    if form.value("file").trim().is_empty() {
        return Err(vec![("file", app.i18n.t("problem.required"))]);
    }
    let opts = options(form, true, app.i18n.lang);
    let (now, zone) = (app.now(), app.clock.zone());
    match import_file(&mut app.store, &opts, now, zone) {
        Ok(report) => {
            let mut lines = summary(app, &report);
            lines.extend(report.inferred_line(&app.i18n).map(|l| format!("  {l}")));
            lines.extend(
                report
                    .rejection_lines(&app.i18n)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
            let clean = report.rejected == 0;
            lines.push(String::new());
            lines.push(app.i18n.t(if clean {
                "import.confirm"
            } else {
                "import.fix_first"
            }));
            app.popups.push(Popup {
                kind: PopupKind::ImportPreview {
                    form: form.clone(),
                    lines,
                    can_commit: clean,
                },
            });
            Ok(())
        }
        Err(ImportError::User(m)) => Err(vec![("file", m)]),
        Err(ImportError::Store(e)) => Err(super::save::field_error(app, e)),
    }
}

/// The preview said yes: import for real, in one transaction.
pub fn commit(app: &mut App, form: &Form) {
    let opts = options(form, false, app.i18n.lang);
    let (now, zone) = (app.now(), app.clock.zone());
    match import_file(&mut app.store, &opts, now, zone) {
        Ok(report) => {
            // The preview and the form under it.
            app.popups.pop();
            app.popups.pop();
            app.refresh();
            let counts = summary(app, &report).pop().unwrap_or_default();
            app.info(app.i18n.f("import.done", &[("counts", counts.trim())]));
        }
        Err(ImportError::User(m)) => app.info(m),
        Err(ImportError::Store(e)) => app.error(&e),
    }
}

/// The report in the operator's language: the file, then the counts.
fn summary(app: &App, r: &crate::import::Report) -> Vec<String> {
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
