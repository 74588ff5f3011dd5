//! The Pipeline screen's state: the store's board (one column per open
//! stage, most promising deals first, with totals) and a selection per
//! column.

use super::{Action, App, Screen};
use crate::domain::deals::{Board, BoardDeal, Deal, StageColumn};

/// The pipeline as loaded.
#[derive(Debug, Clone, Default)]
pub struct PipelineState {
    pub board: Board,
    /// The selected row of each column.
    pub selected: Vec<usize>,
    /// The column in front.
    pub column: usize,
    /// Read at least once since the screen was entered.
    pub loaded: bool,
}

impl PipelineState {
    /// Show `board`, keeping the cursor on the same deal when it is still
    /// there, else on the same row of the same column.
    pub fn set(&mut self, board: Board) {
        let keep = self.current().map(|d| d.id);
        let mut selected: Vec<usize> = (0..board.columns.len())
            .map(|i| self.selected.get(i).copied().unwrap_or(0))
            .collect();
        self.board = board;
        self.column = self.column.min(self.board.columns.len().saturating_sub(1));
        if let Some(id) = keep {
            for (ci, c) in self.board.columns.iter().enumerate() {
                if let Some(ri) = c.deals.iter().position(|d| d.deal.id == id) {
                    selected[ci] = ri;
                    self.column = ci;
                }
            }
        }
        for (s, c) in selected.iter_mut().zip(&self.board.columns) {
            *s = (*s).min(c.deals.len().saturating_sub(1));
        }
        self.selected = selected;
        self.loaded = true;
    }

    /// The columns, in pipeline order.
    pub fn columns(&self) -> &[StageColumn] {
        &self.board.columns
    }

    /// The selected row of column `ci`.
    pub fn selected_in(&self, ci: usize) -> usize {
        self.selected.get(ci).copied().unwrap_or(0)
    }

    /// The selected deal of the column in front, with its figures.
    pub fn current_shown(&self) -> Option<&BoardDeal> {
        let c = self.board.columns.get(self.column)?;
        c.deals.get(self.selected_in(self.column))
    }

    /// The selected deal of the column in front.
    pub fn current(&self) -> Option<&Deal> {
        self.current_shown().map(|d| &d.deal)
    }

    /// Move between columns and within one; true when `action` was a move.
    pub fn navigate(&mut self, action: &Action, page: isize) -> bool {
        let n = self.board.columns.len();
        match action {
            Action::Left if self.column > 0 => self.column -= 1,
            Action::Right if self.column + 1 < n => self.column += 1,
            Action::Left | Action::Right => {}
            _ => {
                let Some(c) = self.board.columns.get(self.column) else {
                    return false;
                };
                let last = c.deals.len().saturating_sub(1) as isize;
                let at = self.selected_in(self.column) as isize;
                let to = match action {
                    Action::Up => at - 1,
                    Action::Down => at + 1,
                    Action::PageUp => at - page,
                    Action::PageDown => at + page,
                    Action::Top => 0,
                    Action::Bottom => last,
                    _ => return false,
                };
                if let Some(s) = self.selected.get_mut(self.column) {
                    *s = to.clamp(0, last.max(0)) as usize;
                }
            }
        }
        true
    }
}

impl App {
    /// Read the open deals again.
    pub fn reload_pipeline(&mut self) {
        match self.store.pipeline_board(self.now()) {
            Ok(board) => self.pipeline.set(board),
            Err(e) => self.error(&e),
        }
    }

    /// After a write or a reload: the pipeline, when shown, is read again.
    pub fn pipeline_changed(&mut self) {
        if self.screen == Screen::Pipeline {
            self.reload_pipeline();
        }
    }

    /// The Pipeline's keys; false when `action` is left to the common ones.
    pub(super) fn update_pipeline(&mut self, action: &Action) -> bool {
        if *action == Action::Screen(Screen::Pipeline) {
            self.screen = Screen::Pipeline;
            self.reload_pipeline();
            return true;
        }
        if self.screen != Screen::Pipeline {
            return false;
        }
        let page = self.page_rows.max(1) as isize;
        if self.pipeline.navigate(action, page) {
            return true;
        }
        if *action == Action::NewDeal {
            self.open_popup(super::popups::NewDealPopup::open(self, None));
            return true;
        }
        if *action == Action::ClosedDeals {
            self.open_or_say(super::popups::ClosedDealsPopup::open(self));
            return true;
        }
        let Some(deal) = self.pipeline.current().cloned() else {
            return false;
        };
        let pipeline = self.store.pipeline().clone();
        match action {
            Action::NextStage | Action::PrevStage => {
                let to = if *action == Action::NextStage {
                    pipeline.next(&deal.stage)
                } else {
                    pipeline.previous(&deal.stage)
                };
                let Some(to) = to.cloned() else {
                    return true;
                };
                let now = self.now();
                match self.store.move_deal(deal.id, &to.key, now) {
                    Ok(()) => {
                        self.reload_pipeline();
                        // Follow the deal to its new column.
                        if let Some(ci) = self
                            .pipeline
                            .columns()
                            .iter()
                            .position(|c| c.stage.key == to.key)
                        {
                            self.pipeline.column = ci;
                        }
                        let name = to.name(self.i18n.ja()).to_string();
                        let title = crate::domain::text::sanitize(&deal.title).into_owned();
                        self.info(
                            self.i18n
                                .f("pipeline12.moved", &[("title", &title), ("stage", &name)]),
                        );
                    }
                    Err(e) => self.error(&e),
                }
                true
            }
            Action::WonDeal => {
                self.open_popup(super::popups::WonPopup::open(self, deal));
                true
            }
            Action::LostDeal => {
                self.open_popup(super::popups::LostPopup::open(deal));
                true
            }
            Action::EditDeal => {
                self.open_popup(super::popups::EditDealPopup::open(self, deal));
                true
            }
            _ => false,
        }
    }
}
