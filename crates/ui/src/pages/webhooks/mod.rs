//! Webhooks in the settings: the endpoints told of events, registered with
//! the event types they want (their secret shown once), paused, resumed,
//! given a new secret or removed; and each endpoint's log of attempts, a
//! delivery sent again from it. For those who may change the workspace.

use std::collections::BTreeSet;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::AppError;
use rapport_core::webhooks::store::Attempt;
use rapport_domain::events::EventType;
use rapport_domain::webhooks::{Webhook, WebhookInput};
use rapport_web::AppState;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::Posted;
use crate::pages::{record_id, to_record};
use crate::viewer::Viewer;

/// The list, the form that registers one, and a secret just made.
#[derive(Template)]
#[template(path = "webhooks/list.html")]
pub struct WebhooksPage {
    pub ui: Ui,
    pub webhooks: Vec<Webhook>,
    /// The endpoint whose secret was just made, and the secret.
    pub new_secret: Option<(String, String)>,
    pub url: String,
    pub chosen: BTreeSet<String>,
    pub description: String,
    pub errors: Fields,
}

impl WebhooksPage {
    /// Every event type, grouped by the record it tells of (`party`,
    /// `order`, …) in the order the types are declared, as the form offers
    /// them: fifty names in one run are hard to scan.
    pub fn event_groups(&self) -> Vec<(&'static str, Vec<&'static str>)> {
        let mut groups: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for name in EventType::ALL.iter().map(EventType::as_str) {
            let record = name.split_once('.').map_or(name, |(record, _)| record);
            match groups.iter_mut().find(|(group, _)| *group == record) {
                Some((_, names)) => names.push(name),
                None => groups.push((record, vec![name])),
            }
        }
        groups
    }
}

/// One endpoint and its log.
#[derive(Template)]
#[template(path = "webhooks/show.html")]
pub struct WebhookPage {
    pub ui: Ui,
    pub webhook: Webhook,
    pub attempts: Vec<Attempt>,
    pub replayed: bool,
}

impl WebhookPage {
    pub fn events(&self) -> String {
        self.webhook.events.iter().map(EventType::as_str).collect::<Vec<_>>().join(", ")
    }

    /// `msg_…`: the `webhook-id` a receiver sees for a delivery.
    pub fn message_id(&self, attempt: &Attempt) -> String {
        format!("msg_{}", attempt.delivery_id.simple())
    }
}

async fn list_page(state: &AppState, viewer: &Viewer, mut page: WebhooksPage) -> Response {
    match state.app.list_webhooks(&viewer.actor).await {
        Ok(webhooks) => {
            page.webhooks = webhooks;
            let status = if page.errors.any() { 422 } else { 200 };
            with_status(render(viewer.user.locale, &page), status)
        }
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

fn empty(viewer: &Viewer) -> WebhooksPage {
    WebhooksPage {
        ui: viewer.ui(Section::Settings),
        webhooks: Vec::new(),
        new_secret: None,
        url: String::new(),
        chosen: BTreeSet::new(),
        description: String::new(),
        errors: Fields::default(),
    }
}

/// `GET /settings/webhooks`.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Response {
    let page = empty(&viewer);
    list_page(&state, &viewer, page).await
}

/// `POST /settings/webhooks`: registers an endpoint; the page shows its
/// secret, this once.
pub async fn create(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let input = WebhookInput {
        url: form.get("url").to_owned(),
        events: form.all("events").into_iter().map(str::to_owned).collect(),
        description: form.optional("description").map(str::to_owned),
        enabled: Some(true),
    };
    let mut page = empty(&viewer);
    match state.app.create_webhook(&viewer.actor, &input).await {
        Ok(made) => {
            page.new_secret = Some((made.webhook.url.clone(), made.secret));
            list_page(&state, &viewer, page).await
        }
        Err(AppError::Validation(errors)) => {
            page.url = input.url;
            page.chosen = input.events.into_iter().collect();
            page.description = input.description.unwrap_or_default();
            // An unknown type is the list's fault, said at the list.
            let mut fields = errors;
            for error in &mut fields.0 {
                if error.field.starts_with("events[") {
                    error.field = "events".to_owned();
                }
            }
            page.errors = Fields::from(fields);
            list_page(&state, &viewer, page).await
        }
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `POST /settings/webhooks/{id}/{change}`: `pause`, `resume`, `rotate`
/// (the new secret shown once) or `delete`.
pub async fn change(
    State(state): State<AppState>,
    Path((id, change)): Path<(String, String)>,
    Posted { viewer, form: _ }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let id = match record_id(&id, |u| u) {
        Ok(id) => id,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    let app = &state.app;
    let actor = &viewer.actor;
    let result = match change.as_str() {
        "pause" | "resume" => match app.get_webhook(actor, id).await {
            Ok(found) => {
                let input = WebhookInput {
                    url: found.url,
                    events: found.events.iter().map(|e| e.as_str().to_owned()).collect(),
                    description: Some(found.description),
                    enabled: Some(change == "resume"),
                };
                app.update_webhook(actor, id, Some(found.version), &input).await.map(|_| ())
            }
            Err(error) => Err(error),
        },
        "delete" => app.delete_webhook(actor, id, None).await.map(|_| ()),
        "rotate" => match app.rotate_webhook_secret(actor, id).await {
            Ok(made) => {
                let mut page = empty(&viewer);
                page.new_secret = Some((made.webhook.url, made.secret));
                return list_page(&state, &viewer, page).await;
            }
            Err(error) => Err(error),
        },
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(()) => Redirect::to("/settings/webhooks").into_response(),
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `GET /settings/webhooks/{id}`: the endpoint and its log, newest first.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(shown): Query<Shown>,
) -> Response {
    endpoint_page(&state, &viewer, &id, shown.replayed.is_some()).await
}

/// What the endpoint's page says it has just done.
#[derive(serde::Deserialize)]
pub struct Shown {
    replayed: Option<String>,
}

async fn endpoint_page(state: &AppState, viewer: &Viewer, id: &str, replayed: bool) -> Response {
    let locale = viewer.user.locale;
    let found = async {
        let id = record_id(id, |u| u)?;
        let webhook = state.app.get_webhook(&viewer.actor, id).await?;
        let attempts = state.app.webhook_attempts(&viewer.actor, id, None, 100).await?;
        Ok::<_, AppError>((webhook, attempts))
    }
    .await;
    match found {
        Ok((webhook, attempts)) => {
            render(locale, &WebhookPage { ui: viewer.ui(Section::Settings), webhook, attempts, replayed })
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /settings/webhooks/{id}/deliveries/{delivery}/replay`.
pub async fn replay(
    State(state): State<AppState>,
    Path((id, delivery)): Path<(String, String)>,
    Posted { viewer, form: _ }: Posted,
) -> Response {
    let result = async {
        let (endpoint, delivery) = (record_id(&id, |u| u)?, record_id(&delivery, |u| u)?);
        state.app.replay_delivery(&viewer.actor, endpoint, delivery).await
    }
    .await;
    match result {
        // To the page, not a page: reloading it does not send the delivery again.
        Ok(()) => Redirect::to(&format!("/settings/webhooks/{id}?replayed=1")).into_response(),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/settings/webhooks", get(list).post(create))
        .route("/settings/webhooks/{id}", get(show))
        .route("/settings/webhooks/{id}/{change}", post(change).get(to_record))
        .route("/settings/webhooks/{id}/deliveries/{delivery}/replay", post(replay).get(to_record))
}
