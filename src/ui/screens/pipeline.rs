//! The Pipeline screen: one column per open stage with its totals and
//! weighted totals on top, the deals below (most promising first), the
//! rotting ones marked with a word as well as a colour. Columns keep a
//! readable width; when they do not all fit, the ones around the column in
//! front are shown.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::App;
use crate::domain::deals::StageColumn;
use crate::domain::money::format_money;
use crate::domain::text::{pad_right, shown, truncate};
use crate::ui::theme;

/// The narrowest a column gets before fewer columns are shown.
const MIN_COLUMN: u16 = 19;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let st = &app.pipeline;
    let w = area.width as usize;
    let ja = app.i18n.ja();
    let currency = app.store.currency();
    let money = |a: i64| format_money(a, currency, ja);
    let count = st.board.len();
    let (total, weighted) = st.board.totals();
    let head = app.i18n.f(
        "pipeline12.counts",
        &[
            ("deals", &count.to_string()),
            ("total", &money(total)),
            ("weighted", &money(weighted)),
        ],
    );
    f.render_widget(
        Span::styled(truncate(&head, w), theme::title()),
        Rect { height: 1, ..area },
    );
    if count == 0 {
        let body = Rect {
            y: area.y + 2,
            height: area.height.saturating_sub(2),
            ..area
        };
        let lines: Vec<Line> = crate::domain::text::wrap(&app.i18n.t("pipeline12.empty"), w)
            .into_iter()
            .map(Line::from)
            .collect();
        f.render_widget(Paragraph::new(lines), body);
        return;
    }
    let n = st.columns().len().max(1) as u16;
    let shown_n = (area.width / MIN_COLUMN).clamp(1, n);
    // The columns shown: as many as fit, the one in front among them.
    let first = (st.column as u16 + 1)
        .saturating_sub(shown_n)
        .min(n - shown_n);
    let col_w = area.width / shown_n;
    for i in 0..shown_n {
        let ci = (first + i) as usize;
        let Some(c) = st.columns().get(ci) else { break };
        let rect = Rect {
            x: area.x + i * col_w,
            y: area.y + 1,
            width: if i + 1 == shown_n {
                area.width - i * col_w
            } else {
                col_w
            },
            height: area.height.saturating_sub(1),
        };
        column(app, c, (ci == st.column, st.selected_in(ci)), rect, f);
    }
    // More columns to the sides: said at the right of the title line.
    if shown_n < n {
        let more = app.i18n.f(
            "pipeline12.more_columns",
            &[
                ("left", &first.to_string()),
                ("right", &(n - first - shown_n).to_string()),
            ],
        );
        let mw = crate::domain::text::width(&more) as u16;
        if mw < area.width {
            f.render_widget(
                Span::styled(more, theme::dim()),
                Rect {
                    x: area.x + area.width - mw,
                    width: mw,
                    height: 1,
                    ..area
                },
            );
        }
    }
}

/// One column; `front`: it is the column in front, `at`: its selected row.
fn column(app: &App, c: &StageColumn, (front, at): (bool, usize), area: Rect, f: &mut Frame) {
    let ja = app.i18n.ja();
    let currency = app.store.currency();
    let money = |a: i64| format_money(a, currency, ja);
    let w = (area.width as usize).saturating_sub(1);
    let now = app.now();
    let today = app.today();
    let head_style = if front {
        theme::selected()
    } else {
        theme::title()
    };
    let mut lines = vec![
        Line::from(Span::styled(
            pad_right(
                &truncate(
                    &format!(
                        "{}  {}",
                        stage_name(app, c),
                        app.i18n.f(
                            "pipeline12.deal_count",
                            &[("n", &c.deals.len().to_string())]
                        )
                    ),
                    w,
                ),
                w,
            ),
            head_style,
        )),
        Line::from(Span::styled(truncate(&money(c.total), w), Style::new())),
        Line::from(Span::styled(
            truncate(
                &app.i18n.f(
                    "pipeline12.weighted",
                    &[("value", &money(c.weighted_total))],
                ),
                w,
            ),
            theme::dim(),
        )),
        Line::from(Span::styled("─".repeat(w), theme::dim())),
    ];
    // Three lines a deal (what, who and how much, when and how it
    // stands); the selected one stays in view.
    let room = (area.height as usize).saturating_sub(lines.len()) / 3;
    let offset = crate::ui::screens::scrolled(0, at, room.max(1));
    for (i, shown_deal) in c.deals.iter().enumerate().skip(offset).take(room) {
        let d = &shown_deal.deal;
        let selected = front && i == at;
        let style = |normal: Style| if selected { theme::selected() } else { normal };
        let title = format!("{} {}", d.rank, shown(&d.title));
        lines.push(Line::from(Span::styled(
            pad_right(&truncate(&title, w), w),
            style(Style::new()),
        )));
        let value = money(d.value);
        let name_w = w.saturating_sub(crate::domain::text::width(&value) + 1);
        let who = format!(
            "{} {value}",
            pad_right(&truncate(&shown(&d.account_name), name_w), name_w)
        );
        lines.push(Line::from(Span::styled(
            truncate(&who, w),
            style(theme::dim()),
        )));
        // When it should close, and a word for what needs doing: not
        // colour alone.
        let mut marks = Vec::new();
        if let Some(close) = d.expected_close_on {
            marks.push(Span::styled(
                app.date_format().short(close, today),
                style(theme::dim()),
            ));
        }
        if shown_deal.days_overdue > 0 {
            marks.push(Span::styled(
                app.i18n.t("pipeline12.overdue"),
                theme::warn(),
            ));
        }
        if shown_deal.rotting {
            marks.push(Span::styled(
                app.i18n.f(
                    "pipeline12.rotting",
                    &[("days", &d.days_quiet(now).to_string())],
                ),
                theme::warn(),
            ));
        }
        let mut spans = Vec::new();
        let mut used = 0;
        for m in marks {
            let mw = crate::domain::text::width(&m.content) + usize::from(!spans.is_empty());
            if used + mw > w {
                break;
            }
            if !spans.is_empty() {
                spans.push(Span::raw(" "));
            }
            used += mw;
            spans.push(m);
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// A stage's name and probability, or its key marked as no longer
/// configured.
fn stage_name(app: &App, c: &StageColumn) -> String {
    if c.configured {
        format!("{} {}%", c.stage.name(app.i18n.ja()), c.stage.probability)
    } else {
        app.i18n
            .f("pipeline12b.unconfigured", &[("stage", &c.stage.key)])
    }
}
