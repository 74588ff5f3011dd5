//! The Accounts screen: every account, filtered as you type.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{problem_text, App, Sort};
use crate::domain::search::Highlighter;
use crate::domain::text::{pad_right, shown, truncate, width};
use crate::ui::theme;

/// Column widths for a given total width and the widest name shown: name,
/// reading, status, tags, touch. The name is what the operator scans: it
/// takes up to three fifths of the room, as it needs, before the reading and the
/// tags get what is left.
fn columns(total: usize, name_need: usize) -> [usize; 5] {
    let touch = 12;
    let status = 8;
    let rest = total.saturating_sub(touch + status + 4);
    let name = (rest * 45 / 100)
        .max(name_need.min(rest * 3 / 5))
        .max(10)
        .min(rest);
    let left = rest - name;
    let reading = left * 45 / 100;
    let tags = left - reading;
    [name, reading, status, tags, touch]
}

/// Draw the list, its header and the filter line.
pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let st = &app.accounts;
    let w = area.width as usize;
    if st.rows.is_empty() && app.is_loading() {
        let line = Line::from(Span::styled(app.i18n.t("list.loading"), theme::dim()));
        f.render_widget(
            Paragraph::new(line),
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
        );
        return;
    }
    if st.rows.is_empty() {
        let lines: Vec<Line> = [
            "empty.title",
            "empty.add",
            "fixes11.empty_import",
            "empty.demo",
        ]
        .iter()
        .map(|k| Line::from(app.i18n.t(k).to_string()))
        .collect();
        let para = Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false });
        f.render_widget(
            para,
            Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(1),
                ..area
            },
        );
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    // Header: count, sort, filter.
    let sort = match st.sort {
        _ if !st.filter.text().is_empty() => app.i18n.t("list.sort_match"),
        Sort::LastTouch => app.i18n.t("list.sort_touch"),
        Sort::Name => app.i18n.t("list.sort_name"),
    };
    let count = app.i18n.f(
        "list.count",
        &[
            ("shown", &st.visible.len().to_string()),
            ("total", &st.rows.len().to_string()),
        ],
    );
    let mut head = vec![
        Span::styled(format!("{count}  "), theme::title()),
        Span::styled(format!("{sort}  "), theme::dim()),
    ];
    if st.filtering || !st.query().is_empty() {
        head.push(Span::styled("/", theme::key()));
        head.push(Span::raw(shown(st.query()).into_owned()));
    }
    lines.push(Line::from(head));
    let height = area.height.saturating_sub(2) as usize;
    // Keep the selection visible, scrolling only as far as needed.
    let offset = super::scrolled(st.offset, st.selected, height);
    let name_need = st
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .filter_map(|&i| st.rows.get(i))
        .map(|r| width(&shown(r.name)))
        .max()
        .unwrap_or(0);
    let cols = columns(w, name_need);
    let titles = [
        "list.name",
        "list.reading",
        "list.status",
        "list.tags",
        "list.last_touch",
    ];
    let mut header = String::new();
    for (i, key) in titles.iter().enumerate() {
        header.push_str(&pad_right(&app.i18n.t(key), cols[i]));
        header.push(' ');
    }
    lines.push(Line::from(Span::styled(header, theme::dim())));

    if st.visible.is_empty() {
        // A mistake in the filter line says what is wrong, in place of
        // the rows it hides.
        let said = match st.filter.query() {
            Err(p) => Span::styled(truncate(&problem_text(&app.i18n, p), w), theme::error()),
            Ok(_) => Span::styled(app.i18n.t("list.no_match").to_string(), theme::dim()),
        };
        lines.push(Line::from(said));
    }
    let query = st.filter.text();
    // One matcher for the frame's rows, not one per row.
    let mut highlighter = Highlighter::new();
    for (i, &row_index) in st.visible.iter().enumerate().skip(offset).take(height) {
        let Some(r) = st.rows.get(row_index) else {
            continue;
        };
        let marks = if query.is_empty() {
            Vec::new()
        } else {
            highlighter.positions(r.name, query)
        };
        let mut spans = name_spans(r.name, &marks, cols[0]);
        spans.push(Span::raw(" "));
        let status = app.i18n.t(&format!("status.{}", r.status));
        // An archived account says so where its last touch would be.
        let archived = st.archived.contains(&r.id);
        let touch = match archived {
            true => app.i18n.t("filters11.archived_mark"),
            false => super::ago(app, r.last_touch_at),
        };
        let rest = format!(
            "{} {} {} {}",
            pad_right(&shown(r.reading.unwrap_or("")), cols[1]),
            pad_right(&status, cols[2]),
            pad_right(&shown(&r.tags().collect::<Vec<_>>().join(",")), cols[3]),
            pad_right(&touch, cols[4]),
        );
        spans.push(Span::raw(rest));
        let mut line = Line::from(spans);
        if archived {
            line = line.style(theme::dim());
        }
        if i == st.selected {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
    if st.filtering {
        // The terminal cursor sits in the filter text, for input methods.
        let prefix = width(&count) + 2 + width(&sort) + 2 + 1;
        let x = area.x + (prefix + width(&shown(st.query()))).min(w.saturating_sub(1)) as u16;
        f.set_cursor_position((x, area.y));
    }
}

/// The name cut to `col` columns, with matched characters highlighted and
/// padded so the next column lines up.
fn name_spans(name: &str, marks: &[usize], col: usize) -> Vec<Span<'static>> {
    let clean: String = shown(name).into_owned();
    let cut = truncate(&clean, col);
    let mut spans = Vec::new();
    // Map highlight indices (chars of the original) onto the shown text:
    // `shown` drops chars and joins half-width kana with its marks, so a
    // char lands on the shown char its prefix ends in.
    let mut kept: Vec<bool> = Vec::new();
    let unchanged = clean == name;
    for (i, (at, c)) in name.char_indices().enumerate() {
        if unchanged {
            kept.push(marks.contains(&i));
            continue;
        }
        let upto = shown(&name[..at + c.len_utf8()]).chars().count();
        if upto > kept.len() {
            kept.resize(upto, false);
            kept[upto - 1] = marks.contains(&i);
        } else if upto > 0 && marks.contains(&i) {
            kept[upto - 1] = true;
        }
    }
    let mut buf = String::new();
    let mut buf_marked = false;
    for (j, c) in cut.chars().enumerate() {
        let marked = kept.get(j).copied().unwrap_or(false) && c != '…';
        if marked != buf_marked && !buf.is_empty() {
            spans.push(styled(std::mem::take(&mut buf), buf_marked));
        }
        buf_marked = marked;
        buf.push(c);
    }
    if !buf.is_empty() {
        spans.push(styled(buf, buf_marked));
    }
    let pad = col.saturating_sub(width(&cut));
    spans.push(Span::raw(" ".repeat(pad)));
    spans
}

fn styled(s: String, marked: bool) -> Span<'static> {
    if marked {
        Span::styled(s, theme::matched())
    } else {
        Span::raw(s)
    }
}

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn the_name_keeps_its_room_before_the_reading() {
        // 80 columns, a long name: the name is cut last.
        let [name, reading, _, tags, _] = columns(80, 54);
        assert!(name >= 33 && reading < 12, "{name} {reading}");
        assert_eq!(name + reading + tags, 56);
        // Short names leave the room to the others.
        assert_eq!(columns(80, 12)[..2], [25, 13]);
        assert!(columns(50, 54)[0] > columns(50, 54)[1] * 3);
    }
}
