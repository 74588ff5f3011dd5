//! Deals: a new one (from the Pipeline `n`, or an account `d`), won
//! (recording the order, pre-filled with the deal's value and today) and
//! lost (with why). Every change the store makes is on record.

use super::dates::{describe_due, due};
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::deals::{Deal, LostReason, NewDeal, Rank};
use crate::domain::money::{format_plain, parse_amount_in};

/// A new deal.
#[derive(Debug)]
pub struct NewDealPopup {
    pub form: Form,
}

impl NewDealPopup {
    /// `account`: the account it is for, when opened from one.
    pub fn open(app: &App, account: Option<i64>) -> NewDealPopup {
        let name = account.map(|id| app.account_name(id)).unwrap_or_default();
        let ja = app.i18n.ja();
        let stages = app
            .store
            .pipeline()
            .stages()
            .iter()
            .map(|s| (s.key.clone(), s.name(ja).to_string()))
            .collect();
        let ranks = Rank::ALL
            .iter()
            .map(|r| (r.to_string(), r.to_string()))
            .collect();
        let form = Form::new(
            vec![
                Field::text("account", "deals12.col_account", &name),
                Field::text("title", "deals12.col_title", ""),
                Field::text("value", "deals12.col_value", ""),
                Field::choice("stage", "deals12.col_stage", stages, ""),
                Field::text("close", "deals12.col_close", ""),
                Field::choice("rank", "deals12.col_rank", ranks, "B"),
                Field::text("probability", "deals12.col_probability", ""),
                Field::text("next_step", "deals12.next_step", ""),
            ],
            if account.is_some() { 1 } else { 0 },
        );
        NewDealPopup { form }
    }
}

impl FormPopup for NewDealPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t("pipeline12.new_title")
    }
    fn edited(&mut self, app: &App) {
        if self.form.value("close").trim().is_empty() {
            self.form.hints.remove("close");
            self.form.errors.remove("close");
        } else {
            describe_due(&mut self.form, "close", app);
        }
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let form = &self.form;
        let mut errors = Vec::new();
        let account_id = match form.value("account").trim() {
            "" => {
                errors.push(("account", FieldProblem::Required));
                None
            }
            key => match app.store.resolve_account(key) {
                Ok(id) => Some(id),
                Err(e) => {
                    let text = crate::messages::describe(
                        &app.i18n,
                        &e,
                        Some(app.store.path()),
                        &app.clock.zone(),
                    );
                    errors.push(("account", FieldProblem::Said(text)));
                    None
                }
            },
        };
        if form.value("title").trim().is_empty() {
            errors.push(("title", FieldProblem::Required));
        }
        let currency = app.store.currency();
        let value = match parse_amount_in(&form.value("value"), currency) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(("value", FieldProblem::Amount(e, currency)));
                None
            }
        };
        let close = match form.value("close").trim() {
            "" => None,
            _ => match due(form, "close", app) {
                Ok(w) => Some(w.date()),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            },
        };
        let probability = match form.value("probability").trim() {
            "" => None,
            p => match p.trim_end_matches('%').parse::<u8>() {
                Ok(p) if p <= 100 => Some(p),
                _ => {
                    errors.push((
                        "probability",
                        FieldProblem::Store("deals12.probability_over".into()),
                    ));
                    None
                }
            },
        };
        let (Some(account_id), Some(value), true) = (account_id, value, errors.is_empty()) else {
            return Err(errors);
        };
        Ok(Command::AddDeal(NewDeal {
            account_id,
            contact_id: None,
            title: form.value("title").trim().to_string(),
            value,
            stage: Some(form.value("stage")).filter(|s| !s.is_empty()),
            probability,
            expected_close_on: close,
            rank: Rank::parse(&form.value("rank")).unwrap_or_default(),
            next_step: form.value("next_step").trim().to_string(),
        }))
    }
}

/// Won: record the order too (pre-filled), or not.
#[derive(Debug)]
pub struct WonPopup {
    pub deal: Box<Deal>,
    pub form: Form,
}

impl WonPopup {
    pub fn open(app: &App, deal: Deal) -> WonPopup {
        let yes_no = vec![
            ("yes".to_string(), "pipeline12.order_yes".to_string()),
            ("no".to_string(), "pipeline12.order_no".to_string()),
        ];
        let today = app.i18n.t("quick.today");
        let mut form = Form::new(
            vec![
                Field::choice("order", "deals12.won_order", yes_no, "yes"),
                Field::text(
                    "amount",
                    "field.amount",
                    &format_plain(deal.value, app.store.currency()),
                ),
                Field::date("when", "field.when", &today),
            ],
            0,
        );
        describe_due(&mut form, "when", app);
        WonPopup {
            deal: Box::new(deal),
            form,
        }
    }
}

impl FormPopup for WonPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let title = crate::domain::text::shown(&self.deal.title).into_owned();
        app.i18n.f("pipeline12.won_title", &[("title", &title)])
    }
    fn edited(&mut self, app: &App) {
        describe_due(&mut self.form, "when", app);
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let order = if self.form.value("order") == "yes" {
            let currency = app.store.currency();
            let amount = parse_amount_in(&self.form.value("amount"), currency)
                .map_err(|e| vec![("amount", FieldProblem::Amount(e, currency))])?;
            let at = super::dates::instant(&self.form, "when", app)?;
            Some((amount, at))
        } else {
            None
        };
        Ok(Command::WinDeal {
            id: self.deal.id,
            account_id: self.deal.account_id,
            order,
        })
    }
}

/// Lost, and why.
#[derive(Debug)]
pub struct LostPopup {
    pub deal: Box<Deal>,
    pub form: Form,
}

impl LostPopup {
    pub fn open(deal: Deal) -> LostPopup {
        let reasons = LostReason::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), r.label_key().to_string()))
            .collect();
        let form = Form::new(
            vec![
                Field::choice("reason", "deals12.lost_reason", reasons, "price"),
                Field::text("note", "field.note", ""),
            ],
            0,
        );
        LostPopup {
            deal: Box::new(deal),
            form,
        }
    }
}

impl FormPopup for LostPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let title = crate::domain::text::shown(&self.deal.title).into_owned();
        app.i18n.f("pipeline12.lost_title", &[("title", &title)])
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        Ok(Command::LoseDeal {
            id: self.deal.id,
            account_id: self.deal.account_id,
            reason: LostReason::parse(&self.form.value("reason")).unwrap_or(LostReason::Other),
            note: self.form.value("note").trim().to_string(),
        })
    }
}
