//! Open follow-ups as an iCalendar file (RFC 5545) that calendar apps
//! import: one VEVENT per follow-up with a stable UID (so importing again
//! updates rather than duplicates, SEQUENCE counting snoozes), all-day
//! when there is no time, else UTC times; with deals, each open deal's
//! expected close date as an all-day event. Lines end in CRLF and are folded
//! at 75 octets, never inside a UTF-8 character.

use std::io::{self, Write};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::domain::deals::Deal;
use crate::domain::model::addressed;
use crate::store::export::FollowUpRow;

/// Longest content line, in octets, before folding (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// How long a follow-up with a time is shown for.
pub const TIMED_EVENT_MINUTES: i64 = 30;

/// The UID of a follow-up's event: the same on every export.
pub fn uid(follow_up_id: i64) -> String {
    format!("follow-up-{follow_up_id}@salesbench")
}

/// The UID of a deal's expected-close event: the same on every export.
pub fn deal_uid(deal_id: i64) -> String {
    format!("deal-close-{deal_id}@salesbench")
}

/// Escape a TEXT value: backslash, semicolon, comma and line breaks, and
/// drop other control characters (imported data must not smuggle any in).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold one content line into physical lines of at most
/// [`MAX_LINE_OCTETS`] octets each (continuations start with a space),
/// cutting only between characters; each ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return out;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation counts toward its 75.
        limit = MAX_LINE_OCTETS - 1;
    }
}

/// Undo [`fold`]: join continuation lines (tests and checks).
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Writes a calendar, event by event.
pub struct CalendarWriter<W: Write> {
    out: W,
    stamp: String,
    events: u64,
}

impl<W: Write> CalendarWriter<W> {
    /// Begin the calendar; `now` is every event's DTSTAMP.
    pub fn new(mut out: W, now: DateTime<Utc>) -> io::Result<CalendarWriter<W>> {
        let prodid = format!(
            "PRODID:-//salesbench//salesbench {}//EN",
            env!("CARGO_PKG_VERSION")
        );
        for line in [
            "BEGIN:VCALENDAR",
            &prodid,
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:salesbench",
        ] {
            out.write_all(fold(line).as_bytes())?;
        }
        Ok(CalendarWriter {
            out,
            stamp: utc_stamp(now),
            events: 0,
        })
    }

    /// One follow-up as a VEVENT. `kind` is the kind's name in the
    /// operator's language; `to_utc` turns a local wall-clock time into an
    /// instant (the operator's zone, daylight saving included).
    pub fn event(
        &mut self,
        row: &FollowUpRow,
        kind: &str,
        to_utc: &dyn Fn(NaiveDateTime) -> DateTime<Utc>,
    ) -> io::Result<()> {
        let f = &row.follow_up;
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", uid(f.id)),
            format!("DTSTAMP:{}", self.stamp),
            format!("SEQUENCE:{}", row.snoozes),
        ];
        match f.due_time {
            None => {
                let next = f.due_on.succ_opt().unwrap_or(f.due_on);
                lines.push(format!("DTSTART;VALUE=DATE:{}", f.due_on.format("%Y%m%d")));
                lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
            }
            Some(time) => {
                let start = to_utc(f.due_on.and_time(time));
                let end = start + Duration::minutes(TIMED_EVENT_MINUTES);
                lines.push(format!("DTSTART:{}", utc_stamp(start)));
                lines.push(format!("DTEND:{}", utc_stamp(end)));
            }
        }
        let title = format!("{kind}: {}", addressed(&f.account_name, row.honorific));
        lines.push(format!("SUMMARY:{}", escape_text(&title)));
        if !f.note.trim().is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(&f.note)));
        }
        lines.push("END:VEVENT".to_string());
        for line in &lines {
            self.out.write_all(fold(line).as_bytes())?;
        }
        self.events += 1;
        Ok(())
    }

    /// An open deal's expected close date as an all-day event; `summary`
    /// is already in the operator's language. A deal without a date has
    /// no event.
    pub fn deal_close(&mut self, deal: &Deal, summary: &str) -> io::Result<()> {
        let Some(on) = deal.expected_close_on else {
            return Ok(());
        };
        let next = on.succ_opt().unwrap_or(on);
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", deal_uid(deal.id)),
            format!("DTSTAMP:{}", self.stamp),
            format!("DTSTART;VALUE=DATE:{}", on.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape_text(summary)),
        ];
        if !deal.next_step.trim().is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(&deal.next_step)));
        }
        lines.push("END:VEVENT".to_string());
        for line in &lines {
            self.out.write_all(fold(line).as_bytes())?;
        }
        self.events += 1;
        Ok(())
    }

    /// End the calendar and flush; returns the writer and the event count.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        self.out.write_all(fold("END:VCALENDAR").as_bytes())?;
        self.out.flush()?;
        Ok((self.out, self.events))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn physical_lines(folded: &str) -> Vec<&str> {
        assert!(folded.ends_with("\r\n"));
        let body = &folded[..folded.len() - 2];
        body.split("\r\n").collect()
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let samples = [
            String::new(),
            "SUMMARY:short".to_string(),
            format!("DESCRIPTION:{}", "a".repeat(200)),
            format!(
                "DESCRIPTION:{}",
                "株式会社山田製作所への訪問予定、".repeat(12)
            ),
            format!("SUMMARY:x{}", "日本語テキスト".repeat(9)),
            format!("DESCRIPTION:{}", "é😀𠮷ｱ".repeat(40)),
            // Exactly 75 octets: no fold.
            format!("DESCRIPTION:{}", "b".repeat(75 - 12)),
        ];
        for line in &samples {
            let folded = fold(line);
            for (i, phys) in physical_lines(&folded).into_iter().enumerate() {
                assert!(
                    phys.len() <= MAX_LINE_OCTETS,
                    "{} octets: {phys:?}",
                    phys.len()
                );
                if i > 0 {
                    assert!(phys.starts_with(' '), "continuation without a space");
                    assert!(phys.len() > 1, "empty continuation");
                }
            }
            // Every physical line is whole UTF-8 on its own.
            for phys in folded.as_bytes().split(|b| *b == b'\n') {
                assert!(
                    std::str::from_utf8(phys).is_ok(),
                    "split inside a character"
                );
            }
            assert_eq!(unfold(&folded), format!("{line}\r\n"));
        }
        assert_eq!(physical_lines(&fold(&samples[6])).len(), 1);
    }

    #[test]
    fn folding_uses_the_whole_line_when_it_can() {
        let folded = fold(&"a".repeat(200));
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\nf\rg\u{1b}[31mh\ti"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng[31mh\ti"
        );
        assert_eq!(escape_text("山田様"), "山田様");
    }
}
