//! The value model's page: the fit in use (when, by whom, on how many
//! customers, its parameters), the latest validation against what happened
//! after its calibration period, and, for who may, fitting it again or
//! validating it on a period of their choosing.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_core::value::store::{Purpose, StoredFit};
use rapport_domain::ValidationErrors;
use rapport_domain::access::{Action, Resource};
use rapport_domain::common::dates::parse_date;
use rapport_web::AppState;
use time::Date;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "value/model.html")]
pub struct ModelPage {
    pub ui: Ui,
    pub in_use: Option<StoredFit>,
    pub validation: Option<StoredFit>,
    pub can_fit: bool,
    /// A default calibration end for a validation: three months before today.
    pub suggested_calibration_end: Date,
    pub today: Date,
    /// What was typed in the form that was refused, and why.
    pub typed: std::collections::BTreeMap<String, String>,
    pub errors: Fields,
}

impl ModelPage {
    pub fn typed_or(&self, field: &str, default: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_else(|| default.to_owned())
    }

    /// A parameter as the page writes it: four significant places are plenty.
    pub fn parameter(&self, value: &f64) -> String {
        self.ui.decimal(value, if value.abs() >= 10.0 { 2 } else { 4 })
    }

    /// A share such as the holdout error, as a percentage.
    pub fn share(&self, value: &f64) -> String {
        self.ui.percent(&value.abs())
    }
}

/// Reads the model in use and the latest validation (none, when there is none).
async fn build(state: &AppState, viewer: &Viewer) -> Result<ModelPage, AppError> {
    let found = |result: Result<StoredFit, AppError>| match result {
        Ok(fit) => Ok(Some(fit)),
        Err(AppError::NotFound) => Ok(None),
        Err(other) => Err(other),
    };
    let (in_use, validation) = tokio::join!(
        state.app.value_model(&viewer.actor, Purpose::InUse),
        state.app.value_model(&viewer.actor, Purpose::Validation),
    );
    let today = viewer.today(state.app.now());
    Ok(ModelPage {
        ui: viewer.ui(Section::Relationships),
        in_use: found(in_use)?,
        validation: found(validation)?,
        can_fit: viewer.may(Resource::Workspace, Action::Update, None),
        suggested_calibration_end: today - time::Duration::days(91),
        today,
        typed: Default::default(),
        errors: Fields::default(),
    })
}

/// `GET /relationships/model`.
pub async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    match build(&state, &viewer).await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// A date typed in `field`, if one was.
fn optional_date(form: &Form, field: &'static str) -> Result<Option<Date>, AppError> {
    form.optional(field).map(|raw| parse_date(raw).map_err(|p| AppError::Validation(p.at(field)))).transpose()
}

/// `POST /relationships/model/fit`: fits the models on the orders up to the
/// day given (today by default) and puts them in use.
pub async fn fit(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let result = async {
        let end = optional_date(&form, "calibration_end")?;
        state.app.fit_value_models(&viewer.actor, end).await.map(|_| ())
    }
    .await;
    after(&state, &viewer, result, &form).await
}

/// `POST /relationships/model/validate`: fits on the orders up to the
/// calibration end and compares with what happened up to the holdout end.
pub async fn validate(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let result = async {
        let Some(calibration_end) = optional_date(&form, "calibration_end")? else {
            return Err(ValidationErrors::single("calibration_end", "required", "choose the day to fit up to").into());
        };
        let holdout_end = optional_date(&form, "holdout_end")?;
        state.app.validate_value_models(&viewer.actor, calibration_end, holdout_end).await.map(|_| ())
    }
    .await;
    after(&state, &viewer, result, &form).await
}

/// Back to the page, or the page again with the reason beside its field.
async fn after(state: &AppState, viewer: &Viewer, result: Result<(), AppError>, form: &Form) -> Response {
    let locale = viewer.user.locale;
    let (status, errors) = match result {
        Ok(()) => return Redirect::to("/relationships/model").into_response(),
        Err(AppError::Validation(errors)) => (422, errors),
        // The models cannot be fitted to these orders: said in the model's words.
        Err(AppError::Conflict(reason)) => (409, ValidationErrors::single("calibration_end", "cannot_fit", reason)),
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    match build(state, viewer).await {
        Ok(mut page) => {
            page.typed = form.typed();
            page.errors = Fields::from(errors);
            with_status(render(locale, &page), status)
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}
