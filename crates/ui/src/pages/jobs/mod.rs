//! The job queue in the settings: what waits, runs, is done or dead, with
//! why an attempt failed; a dead job tried again, a waiting one cancelled.
//! For those who may change the workspace.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::AppError;
use rapport_core::jobs::{JobStatus, StoredJob};
use rapport_web::AppState;
use serde::Deserialize;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::form::Posted;
use crate::pages::{record_id, to_record};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "jobs/list.html")]
pub struct JobsPage {
    pub ui: Ui,
    pub jobs: Vec<StoredJob>,
    /// The state shown, or every state.
    pub status: Option<JobStatus>,
}

impl JobsPage {
    pub fn statuses(&self) -> [JobStatus; 5] {
        JobStatus::ALL
    }

    pub fn is_shown(&self, status: &JobStatus) -> bool {
        self.status == Some(*status)
    }
}

#[derive(Debug, Deserialize)]
pub struct JobQuery {
    status: Option<String>,
}

/// `GET /settings/jobs?status=dead`.
pub async fn list(State(state): State<AppState>, viewer: Viewer, Query(query): Query<JobQuery>) -> Response {
    let status = query.status.as_deref().and_then(JobStatus::parse);
    match state.app.list_jobs(&viewer.actor, status, None, 200).await {
        Ok(jobs) => render(viewer.user.locale, &JobsPage { ui: viewer.ui(Section::Settings), jobs, status }),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `POST /settings/jobs/{id}/{change}`: `retry` or `cancel`.
pub async fn change(
    State(state): State<AppState>,
    Path((id, change)): Path<(String, String)>,
    Posted { viewer, form: _ }: Posted,
) -> Response {
    let result = async {
        let id = record_id(&id, |u| u)?;
        match change.as_str() {
            "retry" => state.app.retry_job(&viewer.actor, id).await,
            "cancel" => state.app.cancel_job(&viewer.actor, id).await,
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok(job) => Redirect::to(&format!("/settings/jobs?status={}", job.status.as_str())).into_response(),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router.route("/settings/jobs", get(list)).route("/settings/jobs/{id}/{change}", post(change).get(to_record))
}
