//! Change an open deal (`e` in the deal viewer or on the Pipeline): its
//! title, value, probability (blank: the stage's), expected close, rank,
//! next step and contact, pre-filled. Only what was changed goes to the
//! store, which records each field's earlier value, as `deal edit` does.

use super::dates::{contact_choices, describe_due};
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::deals::{Deal, DealChange, Rank};
use crate::domain::money::{format_plain, parse_amount_in};
use crate::domain::when::parse_when;

#[derive(Debug)]
pub struct EditDealPopup {
    /// The deal as it was when the form opened.
    pub deal: Box<Deal>,
    pub form: Form,
}

impl EditDealPopup {
    pub fn open(app: &App, deal: Deal) -> EditDealPopup {
        let ranks = Rank::ALL
            .iter()
            .map(|r| (r.to_string(), r.to_string()))
            .collect();
        let form = Form::new(
            vec![
                Field::text("title", "deals12.col_title", &deal.title),
                Field::text(
                    "value",
                    "deals12.col_value",
                    &format_plain(deal.value, app.store.currency()),
                ),
                Field::text(
                    "probability",
                    "deals12.col_probability",
                    &deal.probability.map(|p| p.to_string()).unwrap_or_default(),
                ),
                Field::text(
                    "close",
                    "deals12.col_close",
                    &deal
                        .expected_close_on
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                ),
                Field::choice("rank", "deals12.col_rank", ranks, deal.rank.as_str()),
                Field::text("next_step", "deals12.next_step", &deal.next_step),
                Field::choice(
                    "contact",
                    "deals12.contact",
                    contact_choices(app, deal.account_id),
                    &deal.contact_id.map(|c| c.to_string()).unwrap_or_default(),
                ),
            ],
            0,
        );
        let mut popup = EditDealPopup {
            deal: Box::new(deal),
            form,
        };
        popup.edited(app);
        popup
    }

    /// The stage's own probability, what a blank field means.
    fn stage_probability(&self, app: &App) -> u8 {
        app.store
            .pipeline()
            .stage(&self.deal.stage)
            .map(|s| s.probability)
            .unwrap_or(0)
    }
}

impl FormPopup for EditDealPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let title = crate::domain::text::shown(&self.deal.title).into_owned();
        app.i18n.f("deal_tui12.edit_title", &[("title", &title)])
    }
    fn edited(&mut self, app: &App) {
        if self.form.value("close").trim().is_empty() {
            self.form.errors.remove("close");
            let none = app.i18n.t("deal_tui12.close_none");
            self.form.hints.insert("close", none);
        } else {
            describe_due(&mut self.form, "close", app);
        }
        if self.form.value("probability").trim().is_empty() {
            let p = self.stage_probability(app).to_string();
            let hint = app.i18n.f("deal_tui12.probability_default", &[("p", &p)]);
            self.form.hints.insert("probability", hint);
        } else {
            self.form.hints.remove("probability");
        }
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let (form, d) = (&self.form, &self.deal);
        let mut errors = Vec::new();
        let title = form.value("title").trim().to_string();
        if title.is_empty() {
            errors.push(("title", FieldProblem::Required));
        }
        let currency = app.store.currency();
        let value = match parse_amount_in(&form.value("value"), currency) {
            Ok(v) if v < 0 => {
                let key = "deals12.negative_value".to_string();
                errors.push(("value", FieldProblem::Store(key)));
                None
            }
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(("value", FieldProblem::Amount(e, currency)));
                None
            }
        };
        let probability = match form.value("probability").trim() {
            "" => Some(None),
            p => match p.trim_end_matches(['%', '％']).trim().parse::<u8>() {
                Ok(p) if p <= 100 => Some(Some(p)),
                _ => {
                    let key = "deals12.probability_over".to_string();
                    errors.push(("probability", FieldProblem::Store(key)));
                    None
                }
            },
        };
        let close = match form.value("close").trim() {
            "" => Some(None),
            typed => match parse_when(typed, app.clock.local_now()) {
                Ok(w) => Some(Some(w.date())),
                Err(e) => {
                    errors.push(("close", FieldProblem::When(e)));
                    None
                }
            },
        };
        let (Some(value), Some(probability), Some(close), true) =
            (value, probability, close, errors.is_empty())
        else {
            return Err(errors);
        };
        let rank = Rank::parse(&form.value("rank")).unwrap_or(d.rank);
        let next_step = form.value("next_step").trim().to_string();
        let contact = form.value("contact").parse::<i64>().ok();
        let change = DealChange {
            title: Some(title).filter(|t| *t != d.title),
            value: Some(value).filter(|v| *v != d.value),
            stage: None,
            probability: Some(probability).filter(|p| *p != d.probability),
            expected_close_on: Some(close).filter(|c| *c != d.expected_close_on),
            rank: Some(rank).filter(|r| *r != d.rank),
            next_step: Some(next_step).filter(|n| *n != d.next_step),
            contact_id: Some(contact).filter(|c| *c != d.contact_id),
        };
        if change == DealChange::default() {
            let key = "deal_tui12.nothing_changed".to_string();
            return Err(vec![(form.focused_name(), FieldProblem::Store(key))]);
        }
        Ok(Command::EditDeal {
            id: d.id,
            account_id: d.account_id,
            change,
        })
    }
}
