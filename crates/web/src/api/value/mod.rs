//! Customer value: the fitted models, what they say of a party, the
//! forecast, and the customers who could become clients.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rapport_core::value::store::{Purpose, Segment, StoredFit};
use rapport_domain::ValidationErrors;
use rapport_domain::classification::{Kind, Lifecycle, Reason};
use rapport_domain::common::dates::parse_date;
use rapport_domain::common::ids::PartyId;
use rapport_domain::value::clv::Horizon;
use rapport_domain::value::conversion::Lever;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use crate::extract::{ApiJson, ApiQuery, Caller, PathId};
use crate::problem::Problem;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A fit of the models with its data window: `bgnbd` (`params` r, alpha, a,
/// b; `log_likelihood`; `convergence`), `gamma_gamma` (p, q, gamma; null
/// when too few customers bought again), `data_from`, `calibration_end`,
/// `customers`, `repeat_customers`, `currency`, and for a validation
/// `holdout_end` and `tracking` (weeks of actual against expected repeat
/// transactions, the holdout totals and their error).
#[derive(Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct ModelView(StoredFit);

fn day(raw: Option<&str>, field: &str, errors: &mut ValidationErrors) -> Option<Date> {
    // An empty value is not a date: the document says `format: date`.
    raw.and_then(|raw| parse_date(raw.trim()).map_err(|p| errors.0.extend(p.at(field).0)).ok())
}

/// The fit in use: the latest fit on all the orders.
#[utoipa::path(get, path = "/api/v1/analytics/model", tag = "analytics",
    responses(
        (status = 200, description = "The fit in use", body = ModelView),
        (status = 404, description = "No model has been fitted", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn model(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<ModelView>, Problem> {
    Ok(Json(ModelView(state.app.value_model(&actor, Purpose::InUse).await?)))
}

/// The latest validation: a fit on the orders up to a day, compared week by
/// week with what happened after it.
#[utoipa::path(get, path = "/api/v1/analytics/model/validation", tag = "analytics",
    responses(
        (status = 200, description = "The latest validation", body = ModelView),
        (status = 404, description = "No validation has been run", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn validation(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<ModelView>, Problem> {
    Ok(Json(ModelView(state.app.value_model(&actor, Purpose::Validation).await?)))
}

/// What to fit on.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FitInput {
    /// The last day of orders to fit on (YYYY-MM-DD); today when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    calibration_end: Option<String>,
}

/// Fits the models to the workspace's orders and puts the fit in use:
/// lifecycles then follow it. Administrators only.
#[utoipa::path(post, path = "/api/v1/analytics/model/fit", tag = "analytics", request_body = FitInput,
    responses(
        (status = 201, description = "The new fit", body = ModelView),
        (status = 409, description = "Too little data to fit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn fit(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<FitInput>,
) -> Result<(StatusCode, Json<ModelView>), Problem> {
    let mut errors = ValidationErrors::new();
    let end = day(input.calibration_end.as_deref(), "calibration_end", &mut errors);
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let stored = state.app.fit_value_models(&actor, end).await?;
    Ok((StatusCode::CREATED, Json(ModelView(stored))))
}

/// The split of a validation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateInput {
    /// The last day of the calibration period (YYYY-MM-DD).
    #[schema(value_type = String, format = Date)]
    calibration_end: Option<String>,
    /// The last day of the holdout period; today when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    holdout_end: Option<String>,
}

/// Fits on the orders up to `calibration_end` and compares the forecast
/// with what happened up to `holdout_end`, week by week. The fit in use does
/// not change. Administrators only.
#[utoipa::path(post, path = "/api/v1/analytics/model/validate", tag = "analytics", request_body = ValidateInput,
    responses(
        (status = 201, description = "The validation", body = ModelView),
        (status = 409, description = "Too little data to fit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn validate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<ValidateInput>,
) -> Result<(StatusCode, Json<ModelView>), Problem> {
    let mut errors = ValidationErrors::new();
    let end = day(input.calibration_end.as_deref(), "calibration_end", &mut errors);
    if input.calibration_end.as_deref().is_none_or(|d| d.trim().is_empty()) {
        errors.push("calibration_end", "required", "is required");
    }
    let holdout = day(input.holdout_end.as_deref(), "holdout_end", &mut errors);
    let Some(end) = end.filter(|_| errors.is_empty()) else {
        return Err(Problem::validation(errors));
    };
    let stored = state.app.validate_value_models(&actor, end, holdout).await?;
    Ok((StatusCode::CREATED, Json(ModelView(stored))))
}

/// The horizon of a lifetime value.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ValueParams {
    /// Months ahead, 1 to 120 (default 36).
    #[param(minimum = 1, maximum = 120)]
    months: Option<u32>,
    /// The discount rate per month, 0 to 0.2 (default 0.01).
    #[param(minimum = 0, maximum = 0.2)]
    monthly_discount: Option<f64>,
}

/// A party's value: `p_alive`, `expected_purchases` and `lifetime_value`
/// over the horizon, `expected_value` of a purchase,
/// `expected_purchases_next_year`, `purchase_days`, `currency`, `horizon`,
/// and the fit they come from (`model_id`, `calibration_end`). Before the
/// workspace's first fit, the model's figures are absent and `model_id` is null.
#[derive(Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct PartyValueView(rapport_core::value::PartyValue);

/// What the models say of a party: the chance they still buy, what they
/// are expected to buy and spend, and their lifetime value.
#[utoipa::path(get, path = "/api/v1/parties/{id}/value", tag = "analytics", params(("id" = PartyId, Path), ValueParams),
    responses(
        (status = 200, description = "The party's value", body = PartyValueView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn party_value(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiQuery(params): ApiQuery<ValueParams>,
) -> Result<Json<PartyValueView>, Problem> {
    let mut errors = ValidationErrors::new();
    let horizon =
        Horizon { months: params.months.unwrap_or(36), monthly_discount: params.monthly_discount.unwrap_or(0.01) };
    if !(1..=120).contains(&horizon.months) {
        errors.push("months", "out_of_range", "must be between 1 and 120");
    }
    if !(0.0..=0.2).contains(&horizon.monthly_discount) {
        errors.push("monthly_discount", "out_of_range", "must be between 0 and 0.2");
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    Ok(Json(PartyValueView(state.app.party_value(&actor, id.parse()?, horizon).await?)))
}

/// Who a forecast covers, and how far ahead.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastParams {
    /// Weeks ahead, 1 to 104 (default 13).
    #[param(minimum = 1, maximum = 104)]
    weeks: Option<u32>,
    /// Only parties holding this kind: `customer`, `client`, `consumer`, `internal`.
    #[param(value_type = Option<Kind>)]
    kind: Option<String>,
    /// Only buyers at this stage: `new`, `returning`, `loyal`, `at_risk`, `lapsed`.
    #[param(value_type = Option<Lifecycle>)]
    lifecycle: Option<String>,
    /// Only parties with this tag.
    #[param(value_type = Option<String>, format = "tag", max_length = 50)]
    tag: Option<String>,
}

/// The forecast: `customers` covered, `currency`, `from` (today), and per
/// week (`week` from 1) the expected `transactions` and `revenue`.
#[derive(Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct ForecastView(rapport_core::value::Forecast);

/// Repeat transactions and revenue expected from the workspace's customers
/// for each of the coming weeks, for all of them or a segment, among the
/// parties the caller may read (an account manager's own book). New
/// customers are not forecast.
#[utoipa::path(get, path = "/api/v1/analytics/forecast", tag = "analytics", params(ForecastParams),
    responses(
        (status = 200, description = "The forecast", body = ForecastView),
        (status = 404, description = "No model fitted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn forecast(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(params): ApiQuery<ForecastParams>,
) -> Result<Json<ForecastView>, Problem> {
    let mut errors = ValidationErrors::new();
    let weeks = params.weeks.unwrap_or(13);
    if !(1..=104).contains(&weeks) {
        errors.push("weeks", "out_of_range", "must be between 1 and 104");
    }
    let kind = params.kind.as_deref().and_then(|k| Kind::parse(k).map_err(|p| errors.0.extend(p.at("kind").0)).ok());
    let lifecycle = params
        .lifecycle
        .as_deref()
        .and_then(|l| Lifecycle::parse(l).map_err(|p| errors.0.extend(p.at("lifecycle").0)).ok());
    // Tags are kept lower-cased: `VIP` finds `vip`, as in the party list.
    let tag = match params.tag.as_deref() {
        None => None,
        Some(raw) => errors.take("tag", rapport_domain::common::text::Tag::parse(raw)),
    };
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let segment = Segment { kind, lifecycle, tag: tag.map(|t| t.as_str().to_owned()) };
    Ok(Json(ForecastView(state.app.value_forecast(&actor, &segment, weeks).await?)))
}

/// How many candidates.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateParams {
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// A customer who could become a client.
#[derive(Serialize, ToSchema)]
pub struct CandidateView {
    party_id: uuid::Uuid,
    name: String,
    primary: Kind,
    /// 0 to 100.
    score: f64,
    /// Why, in words.
    reasons: Vec<Reason>,
    lever: Lever,
    /// The lever, in words.
    advice: &'static str,
    lifetime_value: Option<f64>,
    p_alive: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct Candidates {
    items: Vec<CandidateView>,
}

/// Customers who look like future clients, best first: their score, the
/// reasons, and the lever to pull, among the parties the caller may read.
#[utoipa::path(get, path = "/api/v1/analytics/conversion-candidates", tag = "analytics", params(CandidateParams),
    responses(
        (status = 200, description = "The candidates", body = Candidates),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn conversion_candidates(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(params): ApiQuery<CandidateParams>,
) -> Result<Json<Candidates>, Problem> {
    let limit = crate::api::responses::list_limit(params.limit)?;
    let found = state.app.conversion_candidates(&actor, limit as usize).await?;
    let items = found
        .into_iter()
        .map(|c| CandidateView {
            party_id: c.party_id.0,
            name: c.name,
            primary: c.primary,
            score: c.candidate.score,
            reasons: c.candidate.reasons,
            lever: c.candidate.lever,
            advice: c.candidate.lever.advice(),
            lifetime_value: c.lifetime_value,
            p_alive: c.p_alive,
        })
        .collect();
    Ok(Json(Candidates { items }))
}

/// A playbook as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct PlaybookView {
    lever: Lever,
    /// The lever, in words.
    advice: &'static str,
    /// `open`, `won` or `dropped`.
    #[schema(value_type = String)]
    status: rapport_domain::value::playbook::PlaybookStatus,
    /// Steps taken, oldest first: `step`, `note`, `done_on`, `by`.
    #[schema(value_type = Vec<Object>)]
    steps: Vec<rapport_domain::value::playbook::Step>,
    /// The steps suggested for the lever.
    suggested_steps: &'static [&'static str],
    #[serde(with = "rapport_domain::common::dates::iso_date")]
    #[schema(value_type = String, format = Date)]
    started_on: Date,
    version: i64,
}

impl From<rapport_core::value::store::playbooks::StoredPlaybook> for PlaybookView {
    fn from(stored: rapport_core::value::store::playbooks::StoredPlaybook) -> Self {
        let p = stored.playbook;
        Self {
            lever: p.lever,
            advice: p.lever.advice(),
            status: p.status,
            steps: p.steps,
            suggested_steps: p.lever.suggested_steps(),
            started_on: p.started_on,
            version: stored.version,
        }
    }
}

/// The playbook for turning a customer into a client.
#[utoipa::path(get, path = "/api/v1/parties/{id}/playbook", tag = "analytics", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "The playbook", body = PlaybookView),
        (status = 404, description = "No such party, or no playbook", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn playbook(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<PlaybookView>, Problem> {
    Ok(Json(state.app.playbook(&actor, id.parse()?).await?.into()))
}

/// The lever and status of a playbook.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaybookInput {
    /// `incentive`, `best_service`, `keep_in_touch`, `consistent_quality`, `relational_selling`.
    #[schema(value_type = Lever)]
    lever: Option<String>,
    /// `open` (the default), `won` or `dropped`.
    #[serde(default)]
    #[schema(value_type = Option<rapport_domain::value::playbook::PlaybookStatus>)]
    status: Option<String>,
}

/// Starts a playbook, or changes its lever or status (its steps are kept).
#[utoipa::path(put, path = "/api/v1/parties/{id}/playbook", tag = "analytics", params(("id" = PartyId, Path)),
    request_body = PlaybookInput,
    responses(
        (status = 200, description = "The playbook", body = PlaybookView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_playbook(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<PlaybookInput>,
) -> Result<Json<PlaybookView>, Problem> {
    use rapport_domain::value::playbook::PlaybookStatus;
    let mut errors = ValidationErrors::new();
    let lever = match input.lever.as_deref() {
        None => {
            errors.push("lever", "required", "is required");
            None
        }
        Some(raw) => errors.take("lever", Lever::parse(raw)),
    };
    let status = match input.status.as_deref().map(str::trim) {
        None | Some("open") => Some(PlaybookStatus::Open),
        Some("won") => Some(PlaybookStatus::Won),
        Some("dropped") => Some(PlaybookStatus::Dropped),
        Some(_) => {
            errors.push("status", "invalid_status", "must be open, won or dropped");
            None
        }
    };
    let (Some(lever), Some(status)) = (lever, status) else {
        return Err(Problem::validation(errors));
    };
    Ok(Json(state.app.set_playbook(&actor, id.parse()?, lever, status).await?.into()))
}

/// Records a step taken in the party's open playbook: `{step, note, done_on}`.
#[utoipa::path(post, path = "/api/v1/parties/{id}/playbook/steps", tag = "analytics", params(("id" = PartyId, Path)),
    request_body = rapport_domain::value::playbook::StepInput,
    responses(
        (status = 201, description = "The playbook with the step", body = PlaybookView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No open playbook", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record_step(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<rapport_domain::value::playbook::StepInput>,
) -> Result<(StatusCode, Json<PlaybookView>), Problem> {
    let stored = state.app.record_playbook_step(&actor, id.parse()?, &input).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// The months of the conversion count.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversionParams {
    /// The first day (YYYY-MM-DD); a year ago by default.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// The last day; today by default.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Conversions {
    /// Per month (`YYYY-MM`), customers who became clients.
    #[schema(value_type = Vec<Object>)]
    items: Vec<rapport_core::value::playbooks::MonthCount>,
}

/// Customers who became clients, per month: the conversion KPI. For those
/// who may read every party.
#[utoipa::path(get, path = "/api/v1/analytics/conversions", tag = "analytics", params(ConversionParams),
    responses(
        (status = 200, description = "Per month", body = Conversions),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn conversions(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(params): ApiQuery<ConversionParams>,
) -> Result<Json<Conversions>, Problem> {
    let mut errors = ValidationErrors::new();
    let today = state.app.today(actor.workspace_id).await?;
    let to = day(params.to.as_deref(), "to", &mut errors).unwrap_or(today);
    let from = day(params.from.as_deref(), "from", &mut errors).unwrap_or(to - time::Duration::days(365));
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    Ok(Json(Conversions { items: state.app.conversions(&actor, from, to).await? }))
}

/// The routes of customer value: models, forecasts, conversion candidates and playbooks.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(model))
        .routes(routes!(validation))
        .routes(routes!(fit))
        .routes(routes!(validate))
        .routes(routes!(party_value))
        .routes(routes!(forecast))
        .routes(routes!(conversion_candidates))
        .routes(routes!(playbook, set_playbook))
        .routes(routes!(record_step))
        .routes(routes!(conversions))
}
