//! Dates as people read them: `2026年11月23日(月)`, `11/23(月)`, `2/9(月)`,
//! `Mon 23 Nov 2026`, `令和8年11月23日(月)`, or plain ISO.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

const JA_DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// How dates are written for one operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateFormat {
    pub ja: bool,
    /// Japanese era years (令和8年) in long Japanese dates.
    pub era: bool,
    /// `2026-11-23` whatever the language.
    pub iso: bool,
}

/// The Japanese era name and year of a date (明治 and earlier: none).
pub fn era_year(d: NaiveDate) -> Option<(&'static str, i32)> {
    let starts = [
        ("令和", NaiveDate::from_ymd_opt(2019, 5, 1)?),
        ("平成", NaiveDate::from_ymd_opt(1989, 1, 8)?),
        ("昭和", NaiveDate::from_ymd_opt(1926, 12, 25)?),
        ("大正", NaiveDate::from_ymd_opt(1912, 7, 30)?),
    ];
    starts
        .iter()
        .find(|(_, start)| d >= *start)
        .map(|(name, start)| (*name, d.year() - start.year() + 1))
}

impl DateFormat {
    /// A full date: `Mon 23 Nov 2026`, `2026年11月23日(月)`, `令和8年11月23日(月)`.
    pub fn long(&self, d: NaiveDate) -> String {
        if self.iso {
            return d.format("%Y-%m-%d").to_string();
        }
        if !self.ja {
            return d.format("%a %-d %b %Y").to_string();
        }
        let wd = JA_DAYS[d.weekday().num_days_from_monday() as usize];
        let year = match era_year(d).filter(|_| self.era) {
            Some((name, 1)) => format!("{name}元年"),
            Some((name, y)) => format!("{name}{y}年"),
            None => format!("{}年", d.year()),
        };
        format!("{year}{}月{}日({wd})", d.month(), d.day())
    }

    /// A date in a list: the year only when it is not this year's.
    /// `11/23(月)` / `2025/11/23(日)`, `Mon 5 Jan` / `Sun 23 Nov 2025` (in
    /// English the long form without this year: one style everywhere).
    pub fn short(&self, d: NaiveDate, today: NaiveDate) -> String {
        if self.iso {
            return d.format("%Y-%m-%d").to_string();
        }
        let same_year = d.year() == today.year();
        if self.ja {
            let wd = JA_DAYS[d.weekday().num_days_from_monday() as usize];
            if same_year {
                // As Japanese writes a date by hand and as the long form
                // does (2月9日): no zero-padding, like the English `5 Jan`.
                format!("{}/{}({wd})", d.month(), d.day())
            } else {
                format!("{}/{}/{}({wd})", d.year(), d.month(), d.day())
            }
        } else if same_year {
            d.format("%a %-d %b").to_string()
        } else {
            self.long(d)
        }
    }

    /// A moment in a list: the short date and the time.
    pub fn short_time(&self, t: NaiveDateTime, today: NaiveDate) -> String {
        format!("{} {}", self.short(t.date(), today), t.format("%H:%M"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_forms() {
        let en = DateFormat::default();
        let ja = DateFormat { ja: true, ..en };
        let era = DateFormat { era: true, ..ja };
        let iso = DateFormat { iso: true, ..ja };
        assert_eq!(en.long(d(2026, 11, 23)), "Mon 23 Nov 2026");
        assert_eq!(ja.long(d(2026, 11, 23)), "2026年11月23日(月)");
        assert_eq!(era.long(d(2026, 11, 23)), "令和8年11月23日(月)");
        assert_eq!(era.long(d(2019, 5, 1)), "令和元年5月1日(水)");
        assert_eq!(era.long(d(2019, 4, 30)), "平成31年4月30日(火)");
        assert_eq!(era.long(d(1989, 1, 7)), "昭和64年1月7日(土)");
        assert_eq!(iso.long(d(2026, 11, 23)), "2026-11-23");
    }

    #[test]
    fn short_forms_show_the_year_only_when_it_differs() {
        let today = d(2026, 11, 23);
        let en = DateFormat::default();
        let ja = DateFormat { ja: true, ..en };
        assert_eq!(ja.short(d(2026, 11, 23), today), "11/23(月)");
        assert_eq!(ja.short(d(2025, 11, 23), today), "2025/11/23(日)");
        assert_eq!(en.short(d(2026, 11, 23), today), "Mon 23 Nov");
        assert_eq!(en.short(d(2025, 11, 23), today), "Sun 23 Nov 2025");
        let t = d(2026, 11, 20).and_hms_opt(14, 30, 0).unwrap();
        assert_eq!(ja.short_time(t, today), "11/20(金) 14:30");
        assert_eq!(ja.short(d(2026, 1, 5), today), "1/5(月)");
        assert_eq!(ja.short(d(2026, 2, 9), today), "2/9(月)");
        assert_eq!(ja.short(d(2025, 2, 9), today), "2025/2/9(日)");
        // One English style everywhere: the long form, less this year.
        assert_eq!(en.short(d(2026, 1, 5), today), "Mon 5 Jan");
        assert_eq!(en.long(d(2026, 1, 5)), "Mon 5 Jan 2026");
    }
}
