//! One table written as CSV (RFC 4180: CRLF, fields quoted when they hold
//! a comma, quote or line break) or as a JSON array of objects whose keys
//! are the CSV header, in the same order. Rows are written as they come.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::encode::{first_unrepresentable, Encoding, Sink};
use super::{escape_json_invisibles, ExportError};
use crate::domain::model::Mark;
use crate::domain::money::{format_plain, Currency};

/// The file format of a table export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// `csv` or `json`.
    pub fn parse(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            _ => Err(format!("--format: {s:?} is not one of: csv, json")),
        }
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// Empty in CSV, `null` in JSON.
    Null,
    Int(i64),
    /// `true` / `false` in both.
    Bool(bool),
    Text(Cow<'a, str>),
    /// Joined with `;` in CSV, an array in JSON.
    List(&'a [String]),
    /// Retractions / voids / restorations: an array of `{action, reason,
    /// at}` objects in JSON; in CSV the same array as one JSON text (empty
    /// when there are none), which `import` reads back.
    Marks(&'a [Mark]),
    /// An amount in minor units of a currency: the integer in JSON (2933);
    /// in CSV the plain number a spreadsheet and `import` read as the same
    /// amount (`29.33` dollars, `12000` yen).
    Money(i64, Currency),
}

impl<'a> Field<'a> {
    /// Borrowed text.
    pub fn text(s: &'a str) -> Field<'a> {
        Field::Text(Cow::Borrowed(s))
    }

    /// Text, or null when absent.
    pub fn opt(s: Option<&'a str>) -> Field<'a> {
        s.map_or(Field::Null, Field::text)
    }

    /// Owned text (formatted dates and such).
    pub fn owned(s: String) -> Field<'a> {
        Field::Text(Cow::Owned(s))
    }

    fn first_unrepresentable(&self) -> Option<char> {
        match self {
            Field::Text(s) => first_unrepresentable(s),
            Field::List(items) => items.iter().find_map(|s| first_unrepresentable(s)),
            Field::Marks(marks) => marks.iter().find_map(|m| first_unrepresentable(&m.reason)),
            Field::Null | Field::Int(_) | Field::Bool(_) | Field::Money(..) => None,
        }
    }
}

/// Separator of list items in a CSV cell.
pub const LIST_SEPARATOR: &str = ";";

/// Writes one table, row by row.
pub struct TableWriter<W: Write> {
    sink: Sink<W>,
    format: Format,
    header: &'static [&'static str],
    rows: u64,
    line: String,
    /// CSV: leave formula-like cells as they are (see [`super::formula`]).
    pub raw: bool,
}

impl<W: Write> TableWriter<W> {
    /// Start the table: the header line (CSV) or the opening bracket (JSON).
    pub fn new(
        mut sink: Sink<W>,
        format: Format,
        header: &'static [&'static str],
    ) -> io::Result<TableWriter<W>> {
        match format {
            Format::Csv => sink.write_str(&format!("{}\r\n", header.join(",")))?,
            Format::Json => sink.write_str("[")?,
        }
        Ok(TableWriter {
            sink,
            format,
            header,
            rows: 0,
            line: String::new(),
            raw: false,
        })
    }

    /// Write one row; `fields` follow the header. `record` names the row
    /// in an error ("order 12").
    pub fn row(
        &mut self,
        record: impl FnOnce() -> String,
        fields: &[Field<'_>],
    ) -> Result<(), ExportError> {
        if self.sink.encoding() == Encoding::ShiftJis {
            for (name, field) in self.header.iter().zip(fields) {
                if let Some(ch) = field.first_unrepresentable() {
                    return Err(ExportError::Unrepresentable {
                        record: record(),
                        field: name,
                        ch,
                    });
                }
            }
        }
        self.line.clear();
        match self.format {
            Format::Csv => csv_line(&mut self.line, fields, self.raw)?,
            Format::Json => {
                self.line
                    .push_str(if self.rows == 0 { "\n  " } else { ",\n  " });
                json_object(&mut self.line, self.header, fields)?;
            }
        }
        self.sink.write_str(&self.line)?;
        self.rows += 1;
        Ok(())
    }

    /// Close the table and flush; returns the writer and the row count.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        if self.format == Format::Json {
            self.sink
                .write_str(if self.rows == 0 { "]\n" } else { "\n]\n" })?;
        }
        Ok((self.sink.finish()?, self.rows))
    }
}

fn csv_cell(out: &mut String, s: &str, raw: bool) {
    let s = if raw {
        Cow::Borrowed(s)
    } else {
        super::formula::neutralise(s)
    };
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&s);
    }
}

/// Marks as one JSON text (`[{"action":"void","reason":"…","at":"…"}]`).
pub fn marks_json(marks: &[Mark]) -> Result<String, ExportError> {
    serde_json::to_string(marks).map_err(|e| ExportError::Io(io::Error::other(e)))
}

fn csv_line(out: &mut String, fields: &[Field<'_>], raw: bool) -> Result<(), ExportError> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field {
            Field::Null => {}
            Field::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Field::Money(n, c) => out.push_str(&format_plain(*n, *c)),
            Field::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Field::Text(s) => csv_cell(out, s, raw),
            Field::List(items) => csv_cell(out, &items.join(LIST_SEPARATOR), raw),
            Field::Marks([]) => {}
            Field::Marks(marks) => csv_cell(out, &marks_json(marks)?, raw),
        }
    }
    out.push_str("\r\n");
    Ok(())
}

fn json_object(out: &mut String, header: &[&str], fields: &[Field<'_>]) -> Result<(), ExportError> {
    let json = |e: serde_json::Error| ExportError::Io(io::Error::other(e));
    out.push('{');
    for (i, (name, field)) in header.iter().zip(fields).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).map_err(json)?);
        out.push(':');
        match field {
            Field::Null => out.push_str("null"),
            Field::Int(n) | Field::Money(n, _) => {
                let _ = write!(out, "{n}");
            }
            Field::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Field::Text(s) => {
                let text = serde_json::to_string(s.as_ref()).map_err(json)?;
                out.push_str(&escape_json_invisibles(&text));
            }
            Field::List(items) => {
                let list = serde_json::to_string(items).map_err(json)?;
                out.push_str(&escape_json_invisibles(&list));
            }
            Field::Marks(marks) => out.push_str(&escape_json_invisibles(&marks_json(marks)?)),
        }
    }
    out.push('}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &[&str] = &["id", "name", "tags", "note", "archived", "code"];
    const TAGS: &[String] = &[];

    fn table(format: Format, rows: &[Vec<Field<'_>>]) -> String {
        let sink = Sink::new(Vec::new(), Encoding::Utf8, false).unwrap();
        let mut w = TableWriter::new(sink, format, HEADER).unwrap();
        for r in rows {
            w.row(|| "row".into(), r).unwrap();
        }
        String::from_utf8(w.finish().unwrap().0).unwrap()
    }

    fn sample<'a>(tags: &'a [String]) -> Vec<Field<'a>> {
        vec![
            Field::Int(7),
            Field::text("山田, \"やまだ\""),
            Field::List(tags),
            Field::text("line one\nline two"),
            Field::Bool(false),
            Field::Null,
        ]
    }

    #[test]
    fn csv_quotes_what_it_must_and_reads_back() {
        let tags = vec!["vip".to_string(), "東京".to_string()];
        let text = table(Format::Csv, &[sample(&tags)]);
        assert!(text.starts_with("id,name,tags,note,archived,code\r\n"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rec = reader.records().next().unwrap().unwrap();
        let cells: Vec<&str> = rec.iter().collect();
        assert_eq!(
            cells,
            [
                "7",
                "山田, \"やまだ\"",
                "vip;東京",
                "line one\nline two",
                "false",
                ""
            ]
        );
    }

    #[test]
    fn json_is_an_array_of_objects_in_header_order() {
        let tags = vec!["vip".to_string()];
        let text = table(Format::Json, &[sample(&tags), sample(TAGS)]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["name"], "山田, \"やまだ\"");
        assert_eq!(v[0]["tags"], serde_json::json!(["vip"]));
        assert_eq!(v[1]["tags"], serde_json::json!([]));
        assert_eq!(v[0]["code"], serde_json::Value::Null);
        assert_eq!(v[0]["archived"], false);
        assert!(text.find("\"id\"").unwrap() < text.find("\"name\"").unwrap());
        assert_eq!(table(Format::Json, &[]), "[]\n");
    }
}
