//! The terminal front end: ratatui only. Renders from `&App`; no SQL.

pub mod help;
pub mod keymap;
mod memory;
pub mod mouse;
pub mod popups;
pub mod screens;
mod syncer;
pub mod theme;
pub mod widgets;
mod workers;

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{Action, App, Screen};
use crate::clock::Clock;
use crate::domain::text;
use crate::i18n::I18n;
use crate::store::Store;
use workers::{Background, Reader, Searcher};

/// The least time between two background re-reads after outside writes.
const RELOAD_GAP: Duration = Duration::from_millis(700);

/// How long quitting waits for another program's write lock to save a draft.
const QUIT_PATIENCE: Duration = Duration::from_secs(120);

/// The most lines the status message may take below the screen.
const STATUS_LINES_MAX: usize = 3;

/// Restores the terminal however the loop ends (error, return, unwind).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
    }
}

/// Run the TUI until the user quits.
pub fn run(
    store: Store,
    clock: Clock,
    i18n: I18n,
    config: crate::config::Config,
    warning: Option<String>,
) -> io::Result<()> {
    memory::keep_large_blocks_apart();
    let path = store.path().to_path_buf();
    let zone = clock.zone();
    let (now, days) = (clock.now(), config.default_interval_days);
    let mut app = App::start(store, clock, i18n, config).map_err(io::Error::other)?;
    // A write never freezes the screen behind another program's lock: it
    // gives up quickly and is retried from the loop (see app/external.rs).
    app.store
        .set_busy_patience(crate::app::WRITE_PATIENCE)
        .map_err(io::Error::other)?;
    // The big lists are read on a second connection while the first frame
    // is drawn; the loop hands them over when they arrive. The same reader
    // runs again whenever another process writes to the file.
    let reader = Reader {
        path: path.clone(),
        zone,
        days,
    };
    // The reports and the customer models: computed on a worker too,
    // whenever the data changes (see app/insight.rs).
    let mut insight: Option<
        std::sync::mpsc::Receiver<Result<crate::app::Insight, crate::store::StoreError>>,
    > = None;
    let mut last_insight: Option<Instant> = None;
    // An import's dry run or commit, on a worker of its own.
    let mut import: Option<std::sync::mpsc::Receiver<crate::app::ImportDone>> = None;
    // Searches over every conversation: one worker with its own
    // connection, started on the first search.
    let mut searcher: Option<Searcher> = None;
    // Team sync, when a server is configured: a worker of its own.
    let mut syncer = app.config.sync.as_ref().map(|c| {
        syncer::Syncer::spawn(
            path.clone(),
            c.url.clone(),
            Duration::from_secs(c.interval_seconds),
            clock,
            app.i18n.clone(),
        )
    });
    let rx = reader.spawn(now, true);
    let mut pending = Some(rx);
    if let Some(w) = warning {
        // Beside any problem with the `[keys]` overrides.
        let text = match app.status.take() {
            Some(keys) => format!("{w} {}", keys.text),
            None => w,
        };
        app.status = Some(crate::app::Status { text, error: true });
    }
    // ratatui::init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    // ratatui's hook restores the screen on a panic; mouse reports and
    // bracketed paste go off first, before the message is printed.
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        restore(info);
    }));
    crossterm::execute!(io::stdout(), EnableBracketedPaste, EnableMouseCapture)?;
    app.page_rows = (terminal.size()?.height as usize).saturating_sub(8).max(1);
    let mut dirty = true;
    let mut last_reload = Instant::now();
    let mut pointer = mouse::Pointer::default();
    loop {
        if dirty {
            let mut body = Rect::default();
            terminal.draw(|f| body = draw_frame(&app, f))?;
            // Where the rows went, for the next click (ui-local state).
            pointer.drawn = mouse::Drawn::of(&app, body);
            dirty = false;
        }
        // Wait for input with a timeout, so drafts are saved while idle and
        // a held key never queues stale frames (we draw only when idle).
        if let Some(rx) = &pending {
            // Unboxed here: the lists are large and travel boxed.
            match rx.try_recv().map(|b| match b {
                Background::Loaded(r) => *r,
                Background::BackupFailed(e) => Err(e),
            }) {
                Ok(Ok(loaded)) => {
                    app.receive(loaded);
                    memory::give_back_freed();
                    dirty = true;
                    continue;
                }
                Ok(Err(e)) => {
                    app.error(&e);
                    dirty = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => pending = None,
            }
        }
        if let Some(rx) = &insight {
            match rx.try_recv() {
                Ok(result) => {
                    // A first answer while the models are fitted: the
                    // whole result follows on the same channel.
                    let more = matches!(&result, Ok(i) if i.fitting);
                    app.receive_insight(result);
                    if !more {
                        insight = None;
                        memory::give_back_freed();
                    }
                    dirty = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => insight = None,
            }
        }
        if app.insight.wanted
            && insight.is_none()
            && last_insight.is_none_or(|t| t.elapsed() >= RELOAD_GAP)
        {
            let mono = Instant::now();
            insight = Some(app.begin_insight(mono).spawn(path.clone(), zone));
            last_insight = Some(mono);
            dirty = true;
        }
        if let Some(rx) = &import {
            match rx.try_recv() {
                Ok(done) => {
                    app.receive_import(done);
                    import = None;
                    dirty = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => import = None,
            }
        }
        if import.is_none() {
            if let Some(job) = app.take_import_job() {
                import = Some(job.spawn());
            }
        }
        if let Some(job) = app.take_search_job() {
            searcher
                .get_or_insert_with(|| Searcher::spawn(path.clone(), zone))
                .ask(job);
        }
        let mut searching = false;
        if let Some(s) = &mut searcher {
            for done in s.answers() {
                app.receive_search(done);
                dirty = true;
            }
            searching = s.waiting > 0;
        }
        if let Some(s) = &mut syncer {
            for report in s.reports() {
                app.receive_sync(report);
                dirty = true;
            }
            s.nudge(&app.sync);
            if std::mem::take(&mut app.sync.wanted) {
                s.now();
            }
        }
        let wait = if app.is_loading()
            || app.waiting_to_save.is_some()
            || insight.is_some()
            || import.is_some()
            || searching
        {
            20
        } else {
            500
        };
        if event::poll(Duration::from_millis(wait))? {
            loop {
                let ev = event::read()?;
                // A mouse event is mapped on the frame it was aimed at:
                // draw again before the next one.
                let mouse = matches!(ev, Event::Mouse(_));
                handle_event(&mut app, &mut pointer, ev);
                if app.quit || mouse || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            dirty = true;
        }
        app.tick(Instant::now());
        dirty |= std::mem::take(&mut app.needs_redraw);
        // Another process wrote: re-read the lists, at most once a second
        // however busy the other writer is.
        if app.reload_wanted && pending.is_none() && last_reload.elapsed() >= RELOAD_GAP {
            app.begin_reload();
            pending = Some(reader.spawn(app.now(), false));
            last_reload = Instant::now();
        }
        if app.quit {
            // What was typed outlives a long wait for another writer.
            let _ = app.store.set_busy_patience(QUIT_PATIENCE);
            app.flush_drafts();
            break;
        }
    }
    Ok(())
}

fn handle_event(app: &mut App, pointer: &mut mouse::Pointer, ev: Event) {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if cfg!(debug_assertions)
                && std::env::var_os("SALESBENCH_DEBUG_PANIC").is_some()
                && key.code == crossterm::event::KeyCode::F(12)
            {
                // Debug builds only: lets the end-to-end test prove the
                // terminal is restored after a panic.
                panic!("debug panic requested with F12");
            }
            if let Some(a) = keymap::resolve(app, key) {
                app.update(a);
            }
        }
        Event::Paste(s) => app.update(Action::Paste(s)),
        Event::Mouse(m) => {
            for a in pointer.actions(m, Instant::now()) {
                app.update(a);
            }
        }
        Event::Resize(_, h) => app.page_rows = (h as usize).saturating_sub(8).max(1),
        _ => {}
    }
}

/// The status message wrapped to `width`: a long one (a damaged file:
/// what to do and which backup) takes up to [`STATUS_LINES_MAX`] lines
/// instead of losing its end.
/// Longer still, its middle gives way: the end says what happens next
/// (`…; using the defaults`).
fn status_lines(app: &App, width: usize) -> Vec<String> {
    let Some(status) = &app.status else {
        return Vec::new();
    };
    let shown = text::shown(&status.text);
    let mut lines = text::wrap(&shown, width.max(1));
    if lines.len() > STATUS_LINES_MAX {
        lines.truncate(STATUS_LINES_MAX - 1);
        lines.push(text::truncate_start(&shown, width.max(1)));
    }
    lines
}

/// How many rows the status message takes at `width` (at least one).
pub fn status_height(app: &App, width: u16) -> u16 {
    status_lines(app, width as usize)
        .len()
        .clamp(1, STATUS_LINES_MAX) as u16
}

/// Draw the whole screen from the state.
pub fn draw(app: &App, f: &mut Frame) {
    draw_frame(app, f);
}

/// Draw the whole screen; the screen's own area (between the tabs and the
/// status line) is returned, for the mouse.
pub fn draw_frame(app: &App, f: &mut Frame) -> Rect {
    let width = f.area().width as usize;
    let status_lines = status_lines(app, width);
    let shown = status_lines.len().clamp(1, STATUS_LINES_MAX);
    let [top, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(shown as u16),
        Constraint::Length(1),
    ])
    .areas(f.area());
    draw_tabs(app, f, top);
    match app.screen {
        Screen::Accounts => screens::accounts::render(app, f, body),
        Screen::Account => screens::account::render(app, f, body),
        Screen::Today => screens::today::render(app, f, body),
        Screen::Quiet => screens::quiet::render(app, f, body),
        Screen::Reports => screens::reports::render(app, f, body),
        Screen::Agenda => screens::agenda::render(app, f, body),
        Screen::Pipeline => screens::pipeline::render(app, f, body),
    }
    if let Some(s) = &app.status {
        let style = if s.error { theme::error() } else { theme::ok() };
        let last = shown.min(status_lines.len());
        let mut lines: Vec<Line> = status_lines[..last]
            .iter()
            .map(|l| Line::from(Span::styled(l.clone(), style)))
            .collect();
        // More than fits: the last line shown ends in an ellipsis.
        if status_lines.len() > last {
            if let Some(l) = lines.last_mut() {
                let cut = text::truncate(&format!("{} …", status_lines[last - 1]), width);
                *l = Line::from(Span::styled(cut, style));
            }
        }
        f.render_widget(ratatui::widgets::Paragraph::new(lines), status);
    }
    draw_footer(app, f, footer);
    for p in &app.popups {
        popups::render(app, p, f);
    }
    if app.help {
        help::render(app, f);
    }
    body
}

fn draw_tabs(app: &App, f: &mut Frame, area: Rect) {
    let tabs = [
        (1, "screen.accounts", matches!(app.screen, Screen::Accounts)),
        (2, "screen.today", matches!(app.screen, Screen::Today)),
        (3, "screen.quiet", matches!(app.screen, Screen::Quiet)),
        (4, "insight.screen", matches!(app.screen, Screen::Reports)),
        (5, "agendaedit11.tab", matches!(app.screen, Screen::Agenda)),
        (6, "pipeline12.tab", matches!(app.screen, Screen::Pipeline)),
    ];
    let label = |n: usize, key: &str| format!(" {n} {} ", app.i18n.t(key));
    let full: usize = tabs
        .iter()
        .map(|(n, key, _)| crate::domain::text::width(&label(*n, key)))
        .sum();
    // The team sync's word sits at the right end, before the name goes.
    let word = |short| app.sync_word(short).map(|w| format!(" {w} "));
    let long = word(false);
    let fits = |w: &Option<String>| {
        full + w.as_deref().map_or(0, crate::domain::text::width) <= usize::from(area.width)
    };
    let sync = if fits(&long) { long } else { word(true) };
    let sync_w = sync.as_deref().map_or(0, crate::domain::text::width);
    let width = usize::from(area.width).saturating_sub(sync_w);
    const NAME: &str = " salesbench ";
    // The name goes first when room runs short; then the tabs not in
    // front show just their number.
    let mut spans = if full + NAME.len() <= width {
        vec![Span::styled(NAME, theme::title())]
    } else {
        Vec::new()
    };
    let compact = full > width;
    for (n, key, active) in tabs {
        let style = if active {
            theme::selected()
        } else {
            theme::dim()
        };
        let text = if compact && !active {
            format!(" {n} ")
        } else {
            label(n, key)
        };
        spans.push(Span::styled(text, style));
    }
    f.render_widget(Line::from(spans), area);
    if let Some(word) = sync.filter(|_| sync_w <= usize::from(area.width)) {
        let style = if app.sync.offline || app.sync.failed || app.sync.conflicts > 0 {
            theme::warn()
        } else {
            theme::dim()
        };
        let w = sync_w as u16;
        f.render_widget(
            Span::styled(word, style),
            Rect {
                x: area.x + area.width - w,
                width: w,
                ..area
            },
        );
    }
}

fn draw_footer(app: &App, f: &mut Frame, area: Rect) {
    let all = keymap::active(app, keymap::layer(app));
    // The way out (Esc/back) and help are always shown, at the right end;
    // the other footer keys fill what room is left, in keymap order.
    let pinned: Vec<&keymap::Binding> = all
        .iter()
        .copied()
        .filter(|b| {
            matches!(
                b.action,
                Action::ToggleHelp | Action::Back | Action::Cancel | Action::Confirm(false)
            ) && b.footer
        })
        .collect();
    let piece = |b: &keymap::Binding| -> (Vec<Span<'static>>, usize) {
        let desc = app.i18n.t(&b.desc);
        let label = b.label.as_str();
        let w = text::width(label) + text::width(&desc) + 3;
        (
            vec![
                Span::styled(format!(" {label}"), theme::key()),
                Span::raw(format!(" {desc} ")),
            ],
            w,
        )
    };
    let right: Vec<(Vec<Span>, usize)> = pinned.iter().map(|b| piece(b)).collect();
    let right_w: usize = right.iter().map(|p| p.1).sum();
    let mut spans = Vec::new();
    let mut used = 0usize;
    for b in all
        .iter()
        .copied()
        .filter(|b| b.footer && !pinned.iter().any(|p| std::ptr::eq(*p, *b)))
    {
        let (s, w) = piece(b);
        if used + w + right_w > area.width as usize {
            break;
        }
        spans.extend(s);
        used += w;
    }
    let gap = (area.width as usize).saturating_sub(used + right_w);
    spans.push(Span::raw(" ".repeat(gap)));
    for (s, _) in right {
        spans.extend(s);
    }
    f.render_widget(Line::from(spans), area);
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
