//! A party's relationship to the business: its classification in the
//! workspace's words, its history, overrides set by hand, and the counts of
//! the whole workspace.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use rapport_core::classification::Relationship;
use rapport_core::classification::store::HistoryEntry;
use rapport_domain::classification::{Classification, Kind, Lifecycle, Override, OverrideInput, Terminology};
use rapport_domain::common::ids::PartyId;
use rapport_domain::common::locale::Locale;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use crate::extract::{ApiJson, ApiQuery, Caller, Language, PathId, parse_id};
use crate::problem::Problem;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A party's relationship to the business.
#[derive(Serialize, ToSchema)]
pub struct RelationshipView {
    #[serde(flatten)]
    classification: Classification,
    /// The primary kind in the workspace's words, in the request's language
    /// (`Accept-Language`; the workspace's language otherwise).
    label: String,
    /// Every kind held, in the same words.
    #[schema(value_type = Object)]
    labels: BTreeMap<Kind, String>,
    /// The language of the labels.
    language: Locale,
    /// The day this classification was reached.
    #[serde(with = "rapport_domain::common::dates::iso_date")]
    #[schema(value_type = String, format = Date)]
    since: Date,
    /// A classification set by hand, while it is in force.
    #[serde(rename = "override")]
    override_: Option<Override>,
}

fn view(relationship: Relationship, asked: Option<Locale>) -> RelationshipView {
    let language = asked.unwrap_or(relationship.locale);
    let words = &relationship.terminology;
    let classification = relationship.classification;
    RelationshipView {
        label: words.label(classification.primary, language),
        labels: classification.kinds.iter().map(|k| (*k, words.label(*k, language))).collect(),
        language,
        since: relationship.since,
        override_: relationship.override_,
        classification,
    }
}

/// What the party is to the business (client, customer, consumer, internal,
/// prospect), its lifecycle as a buyer, and why.
#[utoipa::path(get, path = "/api/v1/parties/{id}/relationship", tag = "relationships", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "The classification", body = RelationshipView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn relationship(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Language(asked): Language,
    id: PathId,
) -> Result<Json<RelationshipView>, Problem> {
    let found = state.app.relationship(&actor, id.parse()?).await?;
    Ok(Json(view(found, asked)))
}

/// Sets the party's classification by hand, with a reason and an optional
/// end; audited, and kept in the history.
#[utoipa::path(put, path = "/api/v1/parties/{id}/relationship/override", tag = "relationships",
    params(("id" = PartyId, Path)), request_body = OverrideInput,
    responses(
        (status = 200, description = "The classification with the override", body = RelationshipView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_override(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Language(asked): Language,
    id: PathId,
    ApiJson(input): ApiJson<OverrideInput>,
) -> Result<Json<RelationshipView>, Problem> {
    let found = state.app.set_override(&actor, id.parse()?, &input).await?;
    Ok(Json(view(found, asked)))
}

/// Lifts the override: the engine's classification applies again.
#[utoipa::path(delete, path = "/api/v1/parties/{id}/relationship/override", tag = "relationships",
    params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "The classification without the override", body = RelationshipView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn clear_override(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Language(asked): Language,
    id: PathId,
) -> Result<Json<RelationshipView>, Problem> {
    let found = state.app.clear_override(&actor, id.parse()?).await?;
    Ok(Json(view(found, asked)))
}

/// Query parameters of the history.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// The `next_before` of the previous page.
    before: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// One change of classification.
#[derive(Serialize, ToSchema)]
pub struct HistoryView {
    id: uuid::Uuid,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    changed_at: time::OffsetDateTime,
    /// What caused it: `party.create`, `order.create`, `contract.sign`,
    /// `account_team.add`, `override.set`, `policy`, `time`, `reclassify`…
    cause: String,
    /// Who made the change that caused it.
    actor: String,
    #[serde(flatten)]
    classification: Classification,
    previous_primary: Option<Kind>,
    #[schema(value_type = Option<Vec<Kind>>)]
    previous_kinds: Option<std::collections::BTreeSet<Kind>>,
    previous_lifecycle: Option<Lifecycle>,
}

impl From<HistoryEntry> for HistoryView {
    fn from(e: HistoryEntry) -> Self {
        Self {
            id: e.id,
            changed_at: e.changed_at,
            cause: e.cause,
            actor: e.actor,
            classification: e.classification,
            previous_primary: e.previous_primary,
            previous_kinds: e.previous_kinds,
            previous_lifecycle: e.previous_lifecycle,
        }
    }
}

/// A page of history; `next_before` is null on the last page.
#[derive(Serialize, ToSchema)]
pub struct HistoryPage {
    items: Vec<HistoryView>,
    next_before: Option<uuid::Uuid>,
}

/// How the party's classification changed, newest first, with the cause of
/// each change.
#[utoipa::path(get, path = "/api/v1/parties/{id}/relationship/history", tag = "relationships",
    params(("id" = PartyId, Path), HistoryParams),
    responses(
        (status = 200, description = "A page of changes", body = HistoryPage),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn history(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiQuery(params): ApiQuery<HistoryParams>,
) -> Result<Json<HistoryPage>, Problem> {
    let limit = crate::api::responses::list_limit(params.limit)?;
    let before = match params.before.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(parse_id::<uuid::Uuid>(raw).map_err(|_| {
            Problem::validation(rapport_domain::ValidationErrors::single(
                "before",
                "invalid_cursor",
                "is not a cursor this list returned",
            ))
        })?),
    };
    let entries = state.app.relationship_history(&actor, id.parse()?, before, limit + 1).await?;
    let more = entries.len() > limit as usize;
    let items: Vec<HistoryView> = entries.into_iter().take(limit as usize).map(HistoryView::from).collect();
    let next_before = if more { items.last().map(|e| e.id) } else { None };
    Ok(Json(HistoryPage { items, next_before }))
}

/// Parties with one kind, or one kind and lifecycle.
#[derive(Serialize, ToSchema)]
pub struct KindCount {
    kind: Kind,
    label: String,
    count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct StageCount {
    kind: Kind,
    label: String,
    lifecycle: Option<Lifecycle>,
    count: i64,
}

/// How the workspace's live parties divide.
#[derive(Serialize, ToSchema)]
pub struct Summary {
    total: i64,
    language: Locale,
    /// Parties per primary kind.
    by_primary: Vec<KindCount>,
    /// Parties holding each kind (a party may hold several).
    by_kind: Vec<KindCount>,
    /// Buyers per lifecycle.
    #[schema(value_type = Object)]
    by_lifecycle: BTreeMap<&'static str, i64>,
    /// Parties per primary kind and lifecycle.
    by_primary_and_lifecycle: Vec<StageCount>,
}

/// Counts the workspace's live parties per kind and lifecycle, among those
/// the caller may read.
#[utoipa::path(get, path = "/api/v1/relationships/summary", tag = "relationships",
    responses(
        (status = 200, description = "The counts", body = Summary),
    ))]
pub async fn summary(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Language(asked): Language,
) -> Result<Json<Summary>, Problem> {
    let (counts, settings) = state.app.relationship_counts(&actor).await?;
    let language = asked.unwrap_or(settings.locale);
    let words: &Terminology = &settings.terminology;
    let mut by_primary: BTreeMap<Kind, i64> = Kind::PRECEDENCE.into_iter().map(|k| (k, 0)).collect();
    let mut by_lifecycle: BTreeMap<&'static str, i64> = Lifecycle::ALL.into_iter().map(|l| (l.as_str(), 0)).collect();
    let mut stages = Vec::new();
    for (kind, lifecycle, count) in counts.by_primary {
        *by_primary.entry(kind).or_default() += count;
        if let Some(stage) = lifecycle {
            *by_lifecycle.entry(stage.as_str()).or_default() += count;
        }
        stages.push(StageCount { kind, label: words.label(kind, language), lifecycle, count });
    }
    let count_of = |kind: Kind, count: i64| KindCount { kind, label: words.label(kind, language), count };
    Ok(Json(Summary {
        total: by_primary.values().sum(),
        language,
        by_primary: Kind::PRECEDENCE
            .into_iter()
            .map(|k| count_of(k, by_primary.get(&k).copied().unwrap_or(0)))
            .collect(),
        by_kind: counts.by_kind.into_iter().map(|(k, n)| count_of(k, n)).collect(),
        by_lifecycle,
        by_primary_and_lifecycle: stages,
    }))
}

/// The routes of relationships: the classification of each party, its overrides and history.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(relationship))
        .routes(routes!(set_override, clear_override))
        .routes(routes!(history))
        .routes(routes!(summary))
}
