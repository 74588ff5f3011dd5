//! A report's rows as CSV (a header of field names) or as an aligned text
//! table (headers in the operator's language, widths by display columns).

use std::io::Write;

use crate::cli::{emit, CliError, CliResult};
use crate::domain::text::{pad_right, sanitize, width};
use crate::i18n::I18n;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// One column: its CSV name, its text header (None: CSV only), and
/// whether its text cells align right (numbers).
struct Column {
    name: String,
    shown: Option<String>,
    right: bool,
}

pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Columns as (CSV name, catalogue key of the text header, right
    /// aligned). An empty key makes a CSV-only column; `=X` shows X as is.
    pub fn new(i18n: &I18n, columns: &[(&str, &str, bool)]) -> Table {
        Table::with_columns(
            columns
                .iter()
                .map(|&(name, key, right)| {
                    let shown = match key {
                        "" => None,
                        k => Some(
                            k.strip_prefix('=')
                                .map_or_else(|| i18n.t(k), str::to_string),
                        ),
                    };
                    (name.to_string(), shown, right)
                })
                .collect(),
        )
    }

    /// Columns as (CSV name, text header or None for CSV only, right
    /// aligned).
    pub fn with_columns(columns: Vec<(String, Option<String>, bool)>) -> Table {
        Table {
            columns: columns
                .into_iter()
                .map(|(name, shown, right)| Column { name, shown, right })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row, one cell per column; missing cells at the end are
    /// empty (a young cohort has fewer months than the table).
    pub fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.columns.len(), String::new());
        self.rows.push(cells);
    }

    /// The header line of field names, then every row.
    pub fn csv(&self, out: &mut dyn Write) -> CliResult {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let fail = |e: csv::Error| CliError::Internal(format!("writing CSV: {e}"));
        w.write_record(self.columns.iter().map(|c| c.name.as_str()))
            .map_err(fail)?;
        for row in &self.rows {
            // A spreadsheet must not run a customer's name as a formula.
            w.write_record(
                row.iter()
                    .map(|c| crate::export::formula::neutralise(c).into_owned()),
            )
            .map_err(fail)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CliError::Internal(format!("writing CSV: {e}")))?;
        let text = String::from_utf8_lossy(&bytes);
        emit(out, text.trim_end_matches('\n'))
    }

    /// The shown columns, aligned by display width.
    pub fn text(&self, out: &mut dyn Write) -> CliResult {
        let shown: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].shown.is_some())
            .collect();
        let cell =
            |row: &[String], i: usize| sanitize(row.get(i).map_or("", String::as_str)).into_owned();
        let mut widths: Vec<usize> = shown
            .iter()
            .map(|&i| self.columns[i].shown.as_deref().map_or(0, width))
            .collect();
        for row in &self.rows {
            for (w, &i) in widths.iter_mut().zip(&shown) {
                *w = (*w).max(width(&cell(row, i)));
            }
        }
        let line = |cells: Vec<String>| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .zip(&shown)
                .map(|((c, &w), &i)| match self.columns[i].right {
                    true => format!("{}{c}", " ".repeat(w.saturating_sub(width(c)))),
                    false => pad_right(c, w),
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let header = shown
            .iter()
            .map(|&i| self.columns[i].shown.clone().unwrap_or_default())
            .collect();
        emit(out, &line(header))?;
        for row in &self.rows {
            emit(out, &line(shown.iter().map(|&i| cell(row, i)).collect()))?;
        }
        Ok(())
    }
}
