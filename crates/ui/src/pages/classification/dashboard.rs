//! The relationships dashboard: the mix of kinds now and over the last year,
//! buyers by stage, the customers who look like future clients, how
//! customers' lifetime values are spread, and the forecast. Charts are drawn
//! by uPlot from the data the page carries as JSON; every chart's numbers are
//! also in a table, for readers who do not see the chart.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rapport_core::AppError;
use rapport_core::value::store::{Purpose, Segment};
use rapport_domain::access::{Action, Resource};
use rapport_domain::classification::{Kind, Lifecycle, Reason};
use rapport_domain::value::distribution::Band;
use rapport_web::AppState;
use serde::Serialize;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::viewer::Viewer;

/// Months of the mix over time.
const TREND_MONTHS: u32 = 12;
/// Weeks of the forecast.
const FORECAST_WEEKS: u32 = 26;
const BANDS: usize = 10;

#[derive(Debug, Clone)]
pub struct CandidateRow {
    pub id: String,
    pub name: String,
    pub primary: Kind,
    pub score: f64,
    pub lever: String,
    pub reasons: Vec<Reason>,
    pub lifetime_value: Option<f64>,
    pub p_alive: Option<f64>,
}

/// A week of the forecast.
#[derive(Debug, Clone, Serialize)]
pub struct WeekRow {
    pub week: u32,
    pub transactions: f64,
    pub revenue: f64,
}

#[derive(Template)]
#[template(path = "classification/dashboard.html")]
pub struct DashboardPage {
    pub ui: Ui,
    /// Parties by primary kind now.
    pub kinds: Vec<(Kind, i64)>,
    /// Buyers by stage now.
    pub stages: Vec<(Lifecycle, i64)>,
    /// The mix at the end of each month, oldest first; empty for a reader
    /// who may not read every party.
    pub trend: Vec<(String, BTreeMap<Kind, i64>)>,
    pub candidates: Vec<CandidateRow>,
    pub distribution: Vec<Band>,
    pub forecast: Vec<WeekRow>,
    /// Whether the value models have been fitted (else the value parts say so).
    pub modelled: bool,
    /// Whether the reader may read every party; otherwise every figure
    /// counts only the parties in their care, and the page says so.
    pub whole: bool,
    /// Whether the reader may fit the value models (when none is fitted).
    pub can_fit: bool,
    /// Buyers who bought on more than one day: what a fit needs enough of.
    pub repeat_buyers: i64,
    /// Why the last attempt to fit failed, in English (the models' own words).
    pub fit_failed: Option<String>,
}

impl DashboardPage {
    /// The fewest repeat buyers the models are fitted on.
    pub fn min_repeat_buyers(&self) -> usize {
        rapport_domain::value::MIN_REPEAT_CUSTOMERS
    }

    /// Whether there are enough repeat buyers to fit the models on.
    pub fn enough_to_fit(&self) -> bool {
        usize::try_from(self.repeat_buyers).unwrap_or(0) >= self.min_repeat_buyers()
    }
}

impl DashboardPage {
    /// The largest count of a list, for the bars' scale.
    pub fn most(&self, counts: &[(impl Copy, i64)]) -> i64 {
        counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1)
    }

    pub fn at(&self, mix: &BTreeMap<Kind, i64>, kind: &Kind) -> i64 {
        mix.get(kind).copied().unwrap_or(0)
    }

    /// The parties of `kind` in `mix`, written for the reader.
    pub fn count_at(&self, mix: &BTreeMap<Kind, i64>, kind: &Kind) -> String {
        self.ui.integer(&self.at(mix, kind))
    }
}

/// What the charts need, worded for the reader.
#[derive(Serialize)]
struct ChartData {
    /// The reader's language, for the numbers on the axes.
    locale: &'static str,
    trend: Option<TrendChart>,
    distribution: Option<BarChart>,
    forecast: Option<ForecastChart>,
}

#[derive(Serialize)]
struct TrendChart {
    x_label: String,
    /// The months' positions, and their names in the reader's language.
    x: Vec<usize>,
    labels: Vec<String>,
    series: Vec<TrendSeries>,
}

#[derive(Serialize)]
struct TrendSeries {
    kind: &'static str,
    label: String,
    values: Vec<i64>,
}

#[derive(Serialize)]
struct BarChart {
    /// What the bars stand for (lifetime values), naming the x series.
    x_label: String,
    label: String,
    labels: Vec<String>,
    counts: Vec<u64>,
}

#[derive(Serialize)]
struct ForecastChart {
    week_label: String,
    transactions_label: String,
    revenue_label: String,
    weeks: Vec<u32>,
    transactions: Vec<f64>,
    revenue: Vec<f64>,
}

/// A band's lower bound as the axis shows it.
fn band_label(ui: &Ui, band: &Band) -> String {
    ui.money_major(&band.from)
}

impl DashboardPage {
    /// The JSON the charts are drawn from.
    pub fn chart_data(&self) -> String {
        let (page, ui) = (self, &self.ui);
        let trend = (!page.trend.is_empty()).then(|| TrendChart {
            x_label: ui.t("dashboard-month"),
            x: (0..page.trend.len()).collect(),
            labels: page.trend.iter().map(|(month, _)| ui.month(month)).collect(),
            series: Kind::PRECEDENCE
                .iter()
                .map(|kind| TrendSeries {
                    kind: kind.as_str(),
                    label: ui.kind(kind),
                    values: page.trend.iter().map(|(_, mix)| page.at(mix, kind)).collect(),
                })
                .collect(),
        });
        let distribution = (!page.distribution.is_empty()).then(|| BarChart {
            x_label: ui.t("dashboard-clv"),
            label: ui.t("dashboard-customers"),
            labels: page.distribution.iter().map(|b| band_label(ui, b)).collect(),
            counts: page.distribution.iter().map(|b| b.customers).collect(),
        });
        let forecast = (!page.forecast.is_empty()).then(|| ForecastChart {
            week_label: ui.t("dashboard-week"),
            transactions_label: ui.t("dashboard-transactions"),
            revenue_label: ui.t("dashboard-revenue"),
            weeks: page.forecast.iter().map(|w| w.week).collect(),
            transactions: page.forecast.iter().map(|w| w.transactions).collect(),
            revenue: page.forecast.iter().map(|w| w.revenue).collect(),
        });
        // JSON inside a script element: `<` is escaped so no text can end it.
        serde_json::to_string(&ChartData { locale: ui.locale.as_str(), trend, distribution, forecast })
            .unwrap_or_else(|_| "{}".to_owned())
            .replace('<', "\\u003c")
    }
}

/// A part of the dashboard the reader may not see, or that needs a model
/// not fitted yet, is left empty; a failure is a failure.
fn optional<T: Default>(found: Result<T, AppError>) -> Result<T, AppError> {
    match found {
        Err(AppError::Forbidden | AppError::NotFound | AppError::Conflict(_)) => Ok(T::default()),
        other => other,
    }
}

/// `GET /relationships`.
pub async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    match build(&state, &viewer).await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `POST /relationships/fit`: fits the value models to the orders up to
/// today; when they cannot be, the dashboard says why.
pub async fn fit(State(state): State<AppState>, crate::form::Posted { viewer, .. }: crate::form::Posted) -> Response {
    use axum::response::IntoResponse;
    match state.app.fit_value_models(&viewer.actor, None).await {
        Ok(_) => axum::response::Redirect::to("/relationships").into_response(),
        Err(AppError::Conflict(reason)) => match build(&state, &viewer).await {
            Ok(mut page) => {
                page.fit_failed = Some(reason);
                crate::errors::with_status(render(viewer.user.locale, &page), 409)
            }
            Err(error) => ErrorPage::from_app(viewer.user.locale, error),
        },
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

async fn build(state: &AppState, viewer: &Viewer) -> Result<DashboardPage, AppError> {
    let app = &state.app;
    let actor = &viewer.actor;
    let (counts, _) = app.relationship_counts(actor).await?;
    let mut kinds: BTreeMap<Kind, i64> = BTreeMap::new();
    let mut stages: BTreeMap<Lifecycle, i64> = BTreeMap::new();
    for (kind, stage, parties) in &counts.by_primary {
        *kinds.entry(*kind).or_insert(0) += parties;
        if let Some(stage) = stage {
            *stages.entry(*stage).or_insert(0) += parties;
        }
    }
    let whole = rapport_core::kernel::reaches_all(actor, Resource::Party, Action::Read);
    let trend = optional(app.relationship_trend(actor, TREND_MONTHS).await)?;
    let candidates = optional(app.conversion_candidates(actor, 10).await)?
        .into_iter()
        .map(|c| CandidateRow {
            id: c.party_id.0.to_string(),
            name: c.name,
            primary: c.primary,
            score: c.candidate.score,
            lever: c.candidate.lever.as_str().to_owned(),
            reasons: c.candidate.reasons,
            lifetime_value: c.lifetime_value,
            p_alive: c.p_alive,
        })
        .collect();
    let modelled = optional(app.value_model(actor, Purpose::InUse).await.map(|_| true))?;
    let distribution = optional(app.value_distribution(actor, BANDS).await.map(|found| found.bands))?;
    let forecast = optional(app.value_forecast(actor, &Segment::default(), FORECAST_WEEKS).await.map(|found| {
        found
            .weeks
            .into_iter()
            .map(|w| WeekRow { week: w.week, transactions: w.transactions, revenue: w.revenue })
            .collect()
    }))?;
    Ok(DashboardPage {
        ui: viewer.ui(Section::Relationships),
        kinds: Kind::PRECEDENCE.iter().map(|k| (*k, kinds.get(k).copied().unwrap_or(0))).collect(),
        stages: Lifecycle::ALL.iter().map(|s| (*s, stages.get(s).copied().unwrap_or(0))).collect(),
        trend,
        candidates,
        distribution,
        forecast,
        modelled,
        whole,
        can_fit: viewer.may(Resource::Workspace, Action::Update, None),
        repeat_buyers: stages.iter().filter(|(stage, _)| **stage != Lifecycle::New).map(|(_, n)| *n).sum(),
        fit_failed: None,
    })
}
