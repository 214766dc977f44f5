//! Settings: the workspace (name, currency, languages, time zone, phone
//! region), its words for each kind of relationship in each language, its
//! classification policy, its members and their roles, and the member's own
//! API tokens. Each form changes one part, through the same use cases as
//! the API; what a role may not change is shown without its form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::access::{Action, Resource, Role, TokenScope};
use rapport_domain::classification::{Kind, PolicyInput};
use rapport_domain::common::ids::{TokenId, UserId};
use rapport_domain::common::locale::Locale;
use rapport_domain::identity::{Password, UserInput};
use rapport_domain::workspaces::{SettingsPatch, Workspace};
use rapport_web::AppState;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::{allowed, record_id};
use crate::viewer::Viewer;

/// A member as the settings list them.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// One of the member's API tokens.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub scope: TokenScope,
    pub created_at: time::OffsetDateTime,
    pub expires_at: Option<time::OffsetDateTime>,
    pub revoked: bool,
}

/// Which form a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Workspace,
    Terminology,
    Policy,
    Members,
    Teams,
    Tokens,
    None,
}

/// A team as the settings show it: its members by name.
pub struct TeamRow {
    pub id: String,
    pub name: String,
    /// (id, name) of each member.
    pub members: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "workspaces/settings.html")]
pub struct SettingsPage {
    pub ui: Ui,
    pub workspace: Workspace,
    /// Now, on the application's clock: the zones' offsets are today's.
    pub now: time::OffsetDateTime,
    pub can_edit_workspace: bool,
    pub members: Vec<MemberRow>,
    pub teams: Vec<TeamRow>,
    pub can_manage_members: bool,
    pub tokens: Vec<TokenRow>,
    /// The secret of a token just made: shown this once.
    pub new_secret: Option<String>,
    /// A sign-in link just made: for whom, its address (shown once), until when.
    pub sign_in_link: Option<(String, String, time::OffsetDateTime)>,
    /// The form the errors and the values below belong to.
    pub part: Part,
    pub errors: Fields,
    /// What the reader typed into the form that came back, by field.
    pub typed: Form,
    /// Set when the workspace changed since the form was opened.
    pub conflict: bool,
    /// Set after a change was saved.
    pub saved: bool,
}

impl SettingsPage {
    /// The value a field shows: what was typed when its form came back, the
    /// stored value otherwise.
    pub fn value(&self, part: Part, field: &str, stored: &str) -> String {
        if self.part == part { self.typed.get(field).to_owned() } else { stored.to_owned() }
    }

    /// The errors of `part` only.
    /// Whether the form of `part` came back refused: its first field takes
    /// the focus, so that the page opens where the reader was.
    pub fn refused_in(&self, part: Part) -> bool {
        self.part == part && (self.errors.any() || self.conflict)
    }

    pub fn errors_of(&self, part: Part) -> Fields {
        if self.part == part { self.errors.clone() } else { Fields::default() }
    }

    /// The policy's numbers: each field's name and its stored value.
    pub fn policy_fields(&self) -> Vec<(&'static str, String)> {
        let p = &self.workspace.settings.policy;
        [
            ("loyal_min_purchases", p.loyal_min_purchases),
            ("loyal_min_span_days", p.loyal_min_span_days),
            ("at_risk_after_days", p.at_risk_after_days),
            ("lapsed_after_days", p.lapsed_after_days),
            ("at_risk_below_alive_percent", p.at_risk_below_alive_percent),
            ("lapsed_below_alive_percent", p.lapsed_below_alive_percent),
        ]
        .into_iter()
        .map(|(field, value)| (field, value.to_string()))
        .collect()
    }

    /// The workspace's own word for `kind` in `locale`, if it chose one.
    pub fn own_word(&self, kind: &Kind, locale: &Locale) -> String {
        let field = format!("term.{}.{}", kind.as_str(), locale.as_str());
        let stored = self.workspace.settings.terminology.own(*kind, *locale).unwrap_or_default();
        self.value(Part::Terminology, &field, &stored)
    }

    /// The zones a workspace may choose, by name.
    /// The zones offered, each with its offset from UTC today
    /// (`Asia/Jakarta`, `UTC+07:00`), the workspace's own always among them.
    pub fn time_zones(&self) -> Vec<(String, String)> {
        use rapport_domain::common::locale::TimeZoneName;
        let now = self.now;
        let mut names = TimeZoneName::all();
        let own = self.workspace.settings.time_zone.as_str();
        if !names.iter().any(|name| name == own) {
            names.push(own.to_owned());
        }
        names
            .into_iter()
            .map(|name| {
                let offset = TimeZoneName::parse(&name).map(|zone| zone.offset_at(now)).unwrap_or(time::UtcOffset::UTC);
                let (hours, minutes, _) = offset.as_hms();
                let sign = if offset.is_negative() { '-' } else { '+' };
                let label = format!("{name} (UTC{sign}{:02}:{:02})", hours.unsigned_abs(), minutes.unsigned_abs());
                (name, label)
            })
            .collect()
    }

    pub fn roles(&self) -> [Role; 8] {
        Role::ALL
    }

    /// The scopes a token of the reader's may usefully have.
    pub fn scopes(&self) -> Vec<TokenScope> {
        self.ui.member.as_ref().map_or_else(|| vec![TokenScope::Read], |m| TokenScope::useful_for(m.role))
    }

    /// The currencies offered, by code, with how they are written.
    pub fn currencies(&self) -> Vec<(&'static str, String)> {
        const CODES: [&str; 13] =
            ["IDR", "PLN", "USD", "EUR", "SGD", "MYR", "THB", "PHP", "VND", "AUD", "GBP", "JPY", "INR"];
        CODES
            .into_iter()
            .map(|code| {
                let symbol = rapport_domain::common::locale::Currency::parse(code)
                    .ok()
                    .and_then(|c| rapport_domain::common::money::symbol(&c))
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                (code, format!("{code}{symbol}"))
            })
            .collect()
    }

    /// Whether the menu offers `code`; a workspace keeping another (set over
    /// the API) has it added, so that saving keeps it.
    pub fn offers_currency(&self, code: &str) -> bool {
        self.currencies().iter().any(|(offered, _)| *offered == code)
    }

    pub fn offers_region(&self, code: &str) -> bool {
        self.regions().iter().any(|(offered, _)| *offered == code)
    }

    /// The phone regions offered, with their calling codes.
    pub fn regions(&self) -> [(&'static str, &'static str); 14] {
        [
            ("ID", "+62"),
            ("PL", "+48"),
            ("SG", "+65"),
            ("MY", "+60"),
            ("TH", "+66"),
            ("PH", "+63"),
            ("VN", "+84"),
            ("AU", "+61"),
            ("US", "+1"),
            ("GB", "+44"),
            ("DE", "+49"),
            ("NL", "+31"),
            ("IN", "+91"),
            ("JP", "+81"),
        ]
    }
}

/// Reads everything the page shows.
async fn page(state: &AppState, viewer: &Viewer) -> Result<SettingsPage, AppError> {
    let app = &state.app;
    let user = viewer.user.id;
    let (workspace, members, tokens, teams, names) = tokio::join!(
        app.workspace(&viewer.actor),
        app.members(&viewer.actor),
        app.tokens_of(user),
        app.teams(&viewer.actor),
        app.member_names(&viewer.actor)
    );
    let names = names?;
    let name_of = |id: UserId| {
        let name = names.iter().find(|(known, _)| *known == id).map(|(_, name)| name.clone());
        (id.0.to_string(), name.unwrap_or_else(|| id.0.to_string()))
    };
    let teams = allowed(teams)?
        .into_iter()
        .map(|(team, members)| TeamRow {
            id: team.id.0.to_string(),
            name: team.name,
            members: members.into_iter().map(name_of).collect(),
        })
        .collect();
    let members = allowed(members)?
        .into_iter()
        .map(|(u, role)| MemberRow {
            id: u.id.0.to_string(),
            name: u.display_name,
            email: u.email.as_str().to_owned(),
            role,
        })
        .collect();
    let tokens = tokens?
        .into_iter()
        .filter(|t| t.workspace_id == viewer.actor.workspace_id)
        .map(|t| TokenRow {
            id: t.id.0.to_string(),
            name: t.name,
            scope: t.scope,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(SettingsPage {
        now: state.app.now(),
        ui: viewer.ui(Section::Settings),
        workspace: workspace?,
        can_edit_workspace: viewer.may(Resource::Workspace, Action::Update, None),
        members,
        teams,
        can_manage_members: viewer.may(Resource::Member, Action::Update, None),
        tokens,
        new_secret: None,
        sign_in_link: None,
        part: Part::None,
        errors: Fields::default(),
        typed: Form::default(),
        conflict: false,
        saved: false,
    })
}

/// What `GET /settings` is asked.
#[derive(serde::Deserialize)]
pub struct Shown {
    /// Set after a form saved its change.
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /settings`.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Query(shown): Query<Shown>) -> Response {
    match page(&state, &viewer).await {
        Ok(mut found) => {
            found.saved = shown.saved.is_some();
            render(viewer.user.locale, &found)
        }
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// The page again with what went wrong in one of its forms; nothing saved.
async fn refused(state: &AppState, viewer: &Viewer, part: Part, form: Form, error: AppError) -> Response {
    let locale = viewer.user.locale;
    let (status, errors, conflict) = match error {
        AppError::Validation(errors) => (422, Fields::from(errors), false),
        AppError::VersionMismatch { .. } => (409, Fields::default(), true),
        AppError::Conflict(message) => {
            let mut errors = rapport_domain::ValidationErrors::new();
            errors.push("form", "conflict", message);
            (409, Fields::from(errors), false)
        }
        other => return ErrorPage::from_app(locale, other),
    };
    match page(state, viewer).await {
        Ok(mut found) => {
            found.part = part;
            found.errors = errors;
            found.typed = form;
            found.conflict = conflict;
            with_status(render(locale, &found), status)
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

fn saved(anchor: &str) -> Response {
    Redirect::to(&format!("/settings?saved=1#{anchor}")).into_response()
}

fn number(form: &Form, field: &str, errors: &mut rapport_domain::ValidationErrors) -> Option<u32> {
    let raw = form.get(field).trim();
    raw.parse::<u32>().map_err(|_| errors.push(field, "invalid_number", "must be a whole number")).ok()
}

/// `POST /settings/workspace`.
pub async fn update_workspace(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let patch = SettingsPatch {
        name: Some(form.get("name").to_owned()),
        currency: Some(form.get("currency").to_owned()),
        locale: Some(form.get("locale").to_owned()),
        time_zone: Some(form.get("time_zone").to_owned()),
        phone_region: Some(form.get("phone_region").to_owned()),
        ..SettingsPatch::default()
    };
    let version = form.get("version").parse().ok();
    match state.app.update_workspace(&viewer.actor, version, patch).await {
        Ok(_) => saved("workspace"),
        Err(error) => refused(&state, &viewer, Part::Workspace, form, error).await,
    }
}

/// `POST /settings/terminology`: the words for every kind in every language
/// at once; a blank field uses Rapport's own word.
pub async fn update_terminology(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let mut words: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> = Default::default();
    for kind in Kind::PRECEDENCE {
        for locale in Locale::ALL {
            if let Some(word) = form.optional(&format!("term.{}.{}", kind.as_str(), locale.as_str())) {
                words.entry(kind.as_str().to_owned()).or_default().insert(locale.as_str().to_owned(), word.to_owned());
            }
        }
    }
    let patch = SettingsPatch { terminology: Some(words), ..SettingsPatch::default() };
    let version = form.get("version").parse().ok();
    match state.app.update_workspace(&viewer.actor, version, patch).await {
        Ok(_) => saved("terminology"),
        Err(error) => refused(&state, &viewer, Part::Terminology, form, error).await,
    }
}

/// `POST /settings/policy`.
pub async fn update_policy(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let mut errors = rapport_domain::ValidationErrors::new();
    let policy = PolicyInput {
        loyal_min_purchases: number(&form, "loyal_min_purchases", &mut errors),
        loyal_min_span_days: number(&form, "loyal_min_span_days", &mut errors),
        at_risk_after_days: number(&form, "at_risk_after_days", &mut errors),
        lapsed_after_days: number(&form, "lapsed_after_days", &mut errors),
        client_by_personal_service: Some(form.get("client_by_personal_service") == "on"),
        at_risk_below_alive_percent: number(&form, "at_risk_below_alive_percent", &mut errors),
        lapsed_below_alive_percent: number(&form, "lapsed_below_alive_percent", &mut errors),
    };
    if !errors.is_empty() {
        return refused(&state, &viewer, Part::Policy, form, AppError::Validation(errors)).await;
    }
    let patch = SettingsPatch { policy: Some(policy), ..SettingsPatch::default() };
    let version = form.get("version").parse().ok();
    match state.app.update_workspace(&viewer.actor, version, patch).await {
        Ok(_) => saved("policy"),
        Err(AppError::Validation(found)) => {
            // The use case names policy fields `policy.x`; the form's inputs are `x`.
            let renamed = found
                .0
                .into_iter()
                .map(|mut e| {
                    e.field = e.field.trim_start_matches("policy.").to_owned();
                    e
                })
                .collect();
            let error = AppError::Validation(rapport_domain::ValidationErrors(renamed));
            refused(&state, &viewer, Part::Policy, form, error).await
        }
        Err(error) => refused(&state, &viewer, Part::Policy, form, error).await,
    }
}

/// `POST /settings/members`: a new user with a role in this workspace.
pub async fn add_member(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let input = UserInput {
        email: form.get("email").to_owned(),
        display_name: form.get("display_name").to_owned(),
        locale: form.optional("member_locale").map(str::to_owned),
        password: Password::new(form.get("password").to_owned()),
        role: form.get("role").to_owned(),
    };
    match state.app.create_user(&viewer.actor, viewer.actor.workspace_id, &input).await {
        Ok(_) => saved("members"),
        Err(error) => {
            // The password is never sent back.
            let kept = Form(form.0.into_iter().filter(|(k, _)| k != "password").collect());
            refused(&state, &viewer, Part::Members, kept, error).await
        }
    }
}

/// `POST /settings/teams`: a new team, with the member chosen if any.
pub async fn create_team(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let result = async {
        let members = match form.get("member").trim() {
            "" => Vec::new(),
            raw => vec![record_id(raw, UserId)?],
        };
        state.app.create_team(&viewer.actor, form.get("name"), &members).await.map(|_| ())
    }
    .await;
    match result {
        Ok(()) => saved("teams"),
        Err(error) => refused(&state, &viewer, Part::Teams, form, error).await,
    }
}

/// `POST /settings/teams/{id}/{change}`: puts the member chosen in the team
/// (`add`) or takes them out (`remove`).
pub async fn change_team(
    State(state): State<AppState>,
    Path((id, change)): Path<(String, String)>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let team = record_id(&id, rapport_domain::common::ids::TeamId)?;
        let user = record_id(form.get("member"), UserId)?;
        let member = match change.as_str() {
            "add" => true,
            "remove" => false,
            _ => return Err(AppError::NotFound),
        };
        state.app.set_team_member(&viewer.actor, team, user, member).await
    }
    .await;
    match result {
        Ok(()) => saved("teams"),
        Err(error) => refused(&state, &viewer, Part::Teams, form, error).await,
    }
}

/// `POST /settings/members/{id}/role`.
pub async fn set_role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let user = record_id(&id, UserId)?;
        let role = Role::parse(form.get("role")).map_err(|p| AppError::Validation(p.at("role")))?;
        state.app.set_role(&viewer.actor, user, viewer.actor.workspace_id, role).await
    }
    .await;
    match result {
        Ok(()) => saved("members"),
        Err(error) => refused(&state, &viewer, Part::Members, form, error).await,
    }
}

/// `POST /settings/members/{id}/link`: a sign-in link for the member, shown
/// once to be handed over (the member sets a password of their own with it).
pub async fn make_sign_in_link(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let result = async { state.app.issue_password_link(&viewer.actor, record_id(&id, UserId)?).await }.await;
    match result {
        Ok(link) => match page(&state, &viewer).await {
            Ok(mut found) => {
                let name = found.members.iter().find(|m| m.id == id).map(|m| m.name.clone()).unwrap_or_default();
                // The address as the reader reached this server: theirs to pass on.
                let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
                let scheme = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).unwrap_or("http");
                let address = format!("{scheme}://{host}/welcome/{}", link.secret);
                found.sign_in_link = Some((name, address, link.expires_at));
                render(locale, &found)
            }
            Err(error) => ErrorPage::from_app(locale, error),
        },
        Err(error) => refused(&state, &viewer, Part::Members, form, error).await,
    }
}

/// `POST /settings/tokens`: a new token of the member's, its secret shown once.
pub async fn create_token(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let locale = viewer.user.locale;
    let result = async {
        let scope = TokenScope::parse(form.get("scope")).map_err(|p| AppError::Validation(p.at("scope")))?;
        let expires_at = match form.optional("expires_on") {
            None => None,
            Some(day) => {
                let parsed = time::Date::parse(day, &time::macros::format_description!("[year]-[month]-[day]"));
                let day = parsed.map_err(|_| {
                    AppError::Validation(rapport_domain::ValidationErrors::single(
                        "expires_on",
                        "invalid_date",
                        "must be a date",
                    ))
                })?;
                Some(day.midnight().assume_utc())
            }
        };
        let (user, workspace) = (viewer.user.id, viewer.actor.workspace_id);
        state.app.create_token(&viewer.actor, user, workspace, form.get("name"), scope, expires_at).await
    }
    .await;
    match result {
        Ok((secret, _)) => match page(&state, &viewer).await {
            Ok(mut found) => {
                found.new_secret = Some(secret);
                render(locale, &found)
            }
            Err(error) => ErrorPage::from_app(locale, error),
        },
        Err(AppError::Validation(mut errors)) => {
            // The use case speaks of the moment; the form asks for the day.
            for error in &mut errors.0 {
                if error.field == "expires_at" {
                    error.field = "expires_on".to_owned();
                }
            }
            refused(&state, &viewer, Part::Tokens, form, AppError::Validation(errors)).await
        }
        Err(error) => refused(&state, &viewer, Part::Tokens, form, error).await,
    }
}

/// `POST /settings/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let token = record_id(&id, TokenId)?;
        state.app.revoke_token(&viewer.actor, viewer.user.id, token).await
    }
    .await;
    match result {
        Ok(()) => saved("tokens"),
        Err(error) => refused(&state, &viewer, Part::Tokens, form, error).await,
    }
}
