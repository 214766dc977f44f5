//! Every route × every role × every kind of record (the caller's own, one the
//! caller serves on its account team, a teammate's, someone else's, another
//! workspace's) × every credential (none, a
//! session, a token of each scope), with the status each cell must answer.
//!
//! The expected status comes from each route's entry below (which record kind
//! and action it is) read through the domain's permission table, whose own
//! cells are tested in the domain crate. A route without an entry fails the
//! test, so a new route cannot slip in unchecked.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use rapport_core::testing::TestDb;
use rapport_core::{Actor, App};
use rapport_domain::access;
use rapport_domain::access::{Action, Ownership, Resource, Role, Scope, TokenScope};
use rapport_domain::common::ids::{AffiliationId, NoteId, PartyId, UserId, WorkspaceId};
use rapport_domain::parties::PartyInput;
use rapport_domain::parties::affiliation::AffiliationInput;
use rapport_domain::parties::note::NoteInput;
use rapport_domain::workspaces::WorkspaceSettings;
use serde_json::{Value, json};

use crate::support::{Api, user_input};

/// What a route acts on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    /// No record in the path: creating, listing, the workspace, members.
    Collection,
    /// Figures over every party of the workspace: for those whose reach
    /// covers all of them.
    WholeWorkspace,
    /// `{id}` is a party.
    Party,
    /// `{id}` is a note; permissions follow its party.
    Note,
    /// `{id}` is an affiliation; permissions follow its person.
    Affiliation,
    /// Creating an affiliation or an order: the person (or buyer) named in
    /// the body is the record.
    NewAffiliation,
    /// `{id}` is an order; permissions follow its buyer.
    Order,
    /// `{id}` is a contract (active, in the fixture); permissions follow its client.
    Contract,
    /// `{id}` is an offering of the caller's workspace, made for the cell:
    /// the catalogue is the workspace's, so the workspace's permissions apply.
    Offering,
    /// `{id}` is a webhook endpoint of the caller's workspace, made for
    /// the cell; for those who may change the whole workspace.
    Webhook,
    /// `{id}` is a job of the caller's workspace waiting in the queue, made
    /// for the cell; for those who may change the whole workspace.
    Job,
    /// About the caller themselves (sessions, tokens): see [`caller_status`].
    Caller,
    /// Answers without credentials.
    Public,
}

struct Spec {
    route: &'static str,
    target: Target,
    resource: Resource,
    action: Action,
    ok: u16,
}

const fn spec(route: &'static str, target: Target, resource: Resource, action: Action, ok: u16) -> Spec {
    Spec { route, target, resource, action, ok }
}

use Action::{Create, Delete, Read, Update};
use Resource::{Member, Party as P, Workspace as W};
use Target::*;

const SPECS: &[Spec] = &[
    spec("get /api/v1/parties", Collection, P, Read, 200),
    spec("post /api/v1/parties", Collection, P, Create, 201),
    spec("get /api/v1/parties/{id}", Party, P, Read, 200),
    spec("patch /api/v1/parties/{id}", Party, P, Update, 200),
    spec("delete /api/v1/parties/{id}", Party, P, Delete, 200),
    spec("post /api/v1/parties/{id}/restore", Party, P, Delete, 200),
    spec("get /api/v1/parties/{id}/audit", Party, P, Read, 200),
    spec("get /api/v1/parties/{id}/affiliations", Party, P, Read, 200),
    spec("post /api/v1/parties/{id}/notes", Party, P, Update, 201),
    spec("get /api/v1/parties/{id}/notes", Party, P, Read, 200),
    spec("get /api/v1/parties/{id}/relationship", Party, P, Read, 200),
    spec("get /api/v1/parties/{id}/relationship/history", Party, P, Read, 200),
    spec("put /api/v1/parties/{id}/relationship/override", Party, P, Update, 200),
    spec("delete /api/v1/parties/{id}/relationship/override", Party, P, Update, 200),
    spec("get /api/v1/relationships/summary", Collection, P, Read, 200),
    // The fixture has too few repeat buyers to fit the models: fitting is a
    // conflict, and there is no model or validation to read, which shows
    // the caller got past authorization.
    spec("get /api/v1/analytics/model", Collection, W, Read, 404),
    spec("get /api/v1/analytics/model/validation", Collection, W, Read, 404),
    spec("post /api/v1/analytics/model/fit", Collection, W, Update, 409),
    spec("post /api/v1/analytics/model/validate", Collection, W, Update, 409),
    spec("get /api/v1/parties/{id}/value", Party, P, Read, 200),
    // Over the parties the caller may read; the fixture has no fitted model.
    spec("get /api/v1/analytics/forecast", Collection, P, Read, 404),
    spec("get /api/v1/analytics/conversion-candidates", Collection, P, Read, 200),
    // The fixture's parties have no playbook: reading one finds none, and a
    // step has none to go in (a conflict, past authorization).
    spec("get /api/v1/parties/{id}/playbook", Party, P, Read, 404),
    spec("put /api/v1/parties/{id}/playbook", Party, P, Update, 200),
    spec("post /api/v1/parties/{id}/playbook/steps", Party, P, Update, 409),
    spec("get /api/v1/analytics/conversions", WholeWorkspace, P, Read, 200),
    spec("get /api/v1/parties/{id}/account-team", Party, P, Read, 200),
    spec("post /api/v1/parties/{id}/account-team", Party, P, Update, 204),
    spec("delete /api/v1/parties/{id}/account-team", Party, P, Update, 204),
    spec("get /api/v1/offerings", Collection, W, Read, 200),
    spec("post /api/v1/offerings", Collection, W, Update, 201),
    spec("get /api/v1/offerings/{id}", Offering, W, Read, 200),
    spec("patch /api/v1/offerings/{id}", Offering, W, Update, 200),
    spec("delete /api/v1/offerings/{id}", Offering, W, Update, 200),
    spec("post /api/v1/offerings/{id}/restore", Offering, W, Update, 200),
    spec("post /api/v1/orders", NewAffiliation, P, Update, 201),
    spec("get /api/v1/orders/{id}", Order, P, Read, 200),
    spec("get /api/v1/parties/{id}/orders", Party, P, Read, 200),
    spec("get /api/v1/parties/{id}/contracts", Party, P, Read, 200),
    spec("post /api/v1/orders/{id}/status", Order, P, Update, 200),
    spec("post /api/v1/orders/{id}/refunds", Order, P, Update, 201),
    spec("post /api/v1/orders/{id}/exchanges", Order, P, Update, 201),
    spec("get /api/v1/orders/{id}/adjustments", Order, P, Read, 200),
    spec("post /api/v1/contracts", NewAffiliation, P, Update, 201),
    spec("get /api/v1/contracts/{id}", Contract, P, Read, 200),
    // The fixture's contract is active: revising, sending, signing and
    // activating it again are conflicts, which shows the caller got past
    // authorization.
    spec("put /api/v1/contracts/{id}", Contract, P, Update, 409),
    spec("post /api/v1/contracts/{id}/send", Contract, P, Update, 409),
    spec("post /api/v1/contracts/{id}/sign", Contract, P, Update, 409),
    spec("post /api/v1/contracts/{id}/activate", Contract, P, Update, 409),
    spec("post /api/v1/contracts/{id}/terminate", Contract, P, Update, 200),
    spec("post /api/v1/contracts/{id}/renew", Contract, P, Update, 200),
    spec("post /api/v1/contracts/{id}/usage", Contract, P, Update, 201),
    spec("get /api/v1/contracts/{id}/usage", Contract, P, Read, 200),
    spec("get /api/v1/notes/{id}", Note, P, Read, 200),
    spec("patch /api/v1/notes/{id}", Note, P, Update, 200),
    spec("delete /api/v1/notes/{id}", Note, P, Update, 200),
    spec("post /api/v1/notes/{id}/restore", Note, P, Update, 200),
    spec("post /api/v1/affiliations", NewAffiliation, P, Update, 201),
    spec("get /api/v1/affiliations/{id}", Affiliation, P, Read, 200),
    spec("patch /api/v1/affiliations/{id}", Affiliation, P, Update, 200),
    spec("delete /api/v1/affiliations/{id}", Affiliation, P, Update, 200),
    spec("post /api/v1/affiliations/{id}/restore", Affiliation, P, Update, 200),
    spec("get /api/v1/workspace", Collection, W, Read, 200),
    spec("patch /api/v1/workspace", Collection, W, Update, 200),
    spec("get /api/v1/members", Collection, Member, Read, 200),
    spec("post /api/v1/members", Collection, Member, Create, 201),
    spec("put /api/v1/members/{id}", Collection, Member, Update, 200),
    spec("get /api/v1/teams", Collection, Member, Read, 200),
    spec("post /api/v1/teams", Collection, Member, Update, 201),
    spec("put /api/v1/teams/{id}/members/{user_id}", Collection, Member, Update, 204),
    spec("delete /api/v1/teams/{id}/members/{user_id}", Collection, Member, Update, 204),
    spec("post /api/v1/session", Public, P, Read, 400),
    spec("delete /api/v1/session", Caller, P, Read, 204),
    spec("put /api/v1/session/workspace", Caller, P, Read, 204),
    spec("get /api/v1/me", Caller, P, Read, 200),
    spec("put /api/v1/me/locale", Caller, P, Update, 200),
    spec("get /api/v1/tokens", Caller, P, Read, 200),
    spec("post /api/v1/tokens", Caller, P, Create, 201),
    spec("delete /api/v1/tokens/{id}", Caller, P, Delete, 204),
    spec("get /healthz", Public, P, Read, 200),
    spec("get /readyz", Public, P, Read, 200),
    spec("get /api/v1/openapi.json", Public, P, Read, 200),
    spec("get /api/v1/events", WholeWorkspace, W, Update, 200),
    // In process there is no connection: as if from this machine.
    spec("get /metrics", Public, P, Read, 200),
    spec("get /api/v1/webhooks", WholeWorkspace, W, Update, 200),
    spec("post /api/v1/webhooks", WholeWorkspace, W, Update, 201),
    spec("get /api/v1/webhooks/{id}", Webhook, W, Update, 200),
    spec("put /api/v1/webhooks/{id}", Webhook, W, Update, 200),
    spec("delete /api/v1/webhooks/{id}", Webhook, W, Update, 200),
    spec("post /api/v1/webhooks/{id}/rotate-secret", Webhook, W, Update, 200),
    spec("get /api/v1/webhooks/{id}/attempts", Webhook, W, Update, 200),
    // No delivery of the fresh endpoint has this id: past authorization.
    spec("post /api/v1/webhooks/{id}/deliveries/{delivery_id}/replay", Webhook, W, Update, 404),
    spec("get /api/v1/jobs", WholeWorkspace, W, Update, 200),
    spec("get /api/v1/jobs/{id}", Job, W, Update, 200),
    // The cell's job waits: trying it again conflicts, past authorization.
    spec("post /api/v1/jobs/{id}/retry", Job, W, Update, 409),
    spec("post /api/v1/jobs/{id}/cancel", Job, W, Update, 200),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Credential {
    None,
    Session,
    Token(TokenScope),
}

const CREDENTIALS: [Credential; 5] = [
    Credential::None,
    Credential::Session,
    Credential::Token(TokenScope::Read),
    Credential::Token(TokenScope::Write),
    Credential::Token(TokenScope::Admin),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Whose {
    Own,
    /// Someone else's, with the caller on its account team.
    Served,
    Teammate,
    Someone,
    OtherWorkspace,
}

const WHOSE: [Whose; 5] = [Whose::Own, Whose::Served, Whose::Teammate, Whose::Someone, Whose::OtherWorkspace];

/// A member acting in the matrix, with every credential they can use.
struct Signer {
    role: Role,
    id: UserId,
    session_cookie: String,
    csrf: String,
    tokens: Vec<(TokenScope, String)>,
}

struct World {
    /// An offering of each workspace, for orders.
    offering: rapport_domain::common::ids::OfferingId,
    offering_elsewhere: rapport_domain::common::ids::OfferingId,
    api: Api,
    app: App,
    system: Actor,
    elsewhere: Actor,
    teammate: UserId,
    someone: UserId,
    /// The team every member of the matrix is in.
    crew: rapport_domain::common::ids::TeamId,
    /// A member who owns nothing, moved in and out of the team.
    spare: UserId,
    members: Vec<Signer>,
}

async fn sign_in(api: &Api, email: &str) -> (String, String) {
    let body = json!({"email": email, "password": "correct horse battery"});
    let answer = api.anonymous().send(Method::POST, "/api/v1/session", Some(body), &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.body);
    let cookie = answer.header("set-cookie").and_then(|c| c.split(';').next()).expect("cookie").to_owned();
    (cookie, answer.body["csrf_token"].as_str().expect("csrf").to_owned())
}

async fn world(t: &TestDb) -> World {
    let api = Api::new(t).await;
    let app = api.app.clone();
    let workspace = app.ensure_default_workspace().await.expect("workspace").id;
    let system = Actor::system(workspace, "system:test");
    let add = |email: String, role: &'static str| {
        let (app, system) = (app.clone(), system.clone());
        async move { app.create_user(&system, workspace, &user_input(&email, role)).await.expect("user").id }
    };
    let teammate = add("teammate@example.com".into(), "sales").await;
    let someone = add("someone@example.com".into(), "sales").await;
    let spare = add("spare@example.com".into(), "viewer").await;
    let mut members = Vec::new();
    for role in Role::ALL {
        let email = format!("matrix-{}@example.com", role.as_str());
        let id = add(email.clone(), role.as_str()).await;
        let (session_cookie, csrf) = sign_in(&api, &email).await;
        let mut tokens = Vec::new();
        for scope in [TokenScope::Read, TokenScope::Write, TokenScope::Admin] {
            let (secret, _) = app.create_token(&system, id, workspace, "matrix", scope, None).await.expect("token");
            tokens.push((scope, secret));
        }
        members.push(Signer { role, id, session_cookie, csrf, tokens });
    }
    let crew: Vec<UserId> = members.iter().map(|m| m.id).chain([teammate]).collect();
    let crew = app.create_team(&system, "crew", &crew).await.expect("team").id;
    let other = app.create_workspace("elsewhere", WorkspaceSettings::default_for_new_installation()).await.expect("ws");
    let elsewhere = Actor::system(other.id, "system:test");
    let catalogue = |name: &str| rapport_domain::commerce::OfferingInput {
        name: name.into(),
        kind: "goods".into(),
        tailored: false,
        price: rapport_domain::commerce::AmountInput::Text("1000".into()),
        currency: None,
    };
    let offering = app.create_offering(&system, &catalogue("Paper")).await.expect("offering").id;
    let offering_elsewhere = app.create_offering(&elsewhere, &catalogue("Ink")).await.expect("offering").id;
    World { offering, offering_elsewhere, api, app, system, elsewhere, teammate, someone, crew, spare, members }
}

/// A record of each kind hanging off a fresh party owned as `whose` says,
/// relative to `member`.
struct Records {
    party: PartyId,
    note: NoteId,
    affiliation: AffiliationId,
    order: rapport_domain::common::ids::OrderId,
    contract: rapport_domain::common::ids::ContractId,
}

async fn records(t: &TestDb, w: &World, member: &Signer, whose: Whose) -> Records {
    let actor = if whose == Whose::OtherWorkspace { &w.elsewhere } else { &w.system };
    let person = PartyInput { kind: "person".into(), name: "Target".into(), ..Default::default() };
    let party = w.app.create_party(actor, &person).await.expect("party");
    let org = PartyInput { kind: "organization".into(), name: "Target Org".into(), ..Default::default() };
    let org = w.app.create_party(actor, &org).await.expect("org");
    let owner = match whose {
        Whose::Own => Some(member.id),
        Whose::Teammate => Some(w.teammate),
        Whose::Someone | Whose::Served => Some(w.someone),
        Whose::OtherWorkspace => None,
    };
    if let Some(owner) = owner {
        t.set_party_owner(party.id, owner).await;
        // The organization is the member's own, so only the person decides.
        t.set_party_owner(org.id, member.id).await;
    }
    if whose == Whose::Served {
        use rapport_domain::classification::TeamRole;
        w.app.assign(actor, party.id, member.id, TeamRole::AccountManager).await.expect("on the account team");
    }
    let note = w.app.add_note(actor, party.id, &NoteInput { body: "Target note".into() }).await.expect("note");
    let link = AffiliationInput { person_id: party.id, organization_id: org.id, title: None };
    let affiliation = w.app.create_affiliation(actor, &link).await.expect("affiliation");
    let offering = if whose == Whose::OtherWorkspace { w.offering_elsewhere } else { w.offering };
    let order = w.app.create_order(actor, &order_input(party.id, offering)).await.expect("order");
    let drafted = w
        .app
        .create_contract(actor, &serde_json::from_value(contract_json(party.id)).expect("contract"))
        .await
        .expect("draft");
    use rapport_core::contracts::Step;
    use rapport_domain::contracts::Side;
    let on = time::macros::date!(2026 - 01 - 01);
    for step in
        [Step::Send, Step::Sign { side: Side::Client, on }, Step::Sign { side: Side::Provider, on }, Step::Activate]
    {
        w.app.contract_step(actor, drafted.id, None, step).await.expect("lifecycle");
    }
    Records { party: party.id, note: note.id, affiliation: affiliation.id, order: order.id, contract: drafted.id }
}

fn contract_json(client: PartyId) -> Value {
    json!({
        "client_id": client, "title": "Retainer", "scope": "Advice",
        "fee": {"type": "retainer", "amount_minor": 100000, "period_days": 30},
        "starts_on": "2026-01-01", "ends_on": "2027-12-31", "quotas": [{"unit": "hours", "per_month": 10}]
    })
}

fn order_input(
    buyer: PartyId,
    offering: rapport_domain::common::ids::OfferingId,
) -> rapport_domain::commerce::OrderInput {
    serde_json::from_value(order_json(buyer, offering)).expect("an order")
}

fn order_json(buyer: PartyId, offering: rapport_domain::common::ids::OfferingId) -> Value {
    json!({"buyer_id": buyer, "ordered_at": "2026-11-01T10:00:00Z", "status": "paid", "lines": [{"offering_id": offering}]})
}

fn ownership(whose: Whose) -> Ownership {
    match whose {
        Whose::Own => Ownership::Own,
        Whose::Served => Ownership::Served,
        Whose::Teammate => Ownership::Team,
        Whose::Someone | Whose::OtherWorkspace => Ownership::Other,
    }
}

fn token_scope(credential: Credential) -> Option<TokenScope> {
    match credential {
        Credential::Token(scope) => Some(scope),
        Credential::None | Credential::Session => None,
    }
}

/// What the routes about the caller answer.
fn caller_status(spec: &Spec, credential: Credential) -> u16 {
    match (spec.route, credential) {
        ("delete /api/v1/session" | "put /api/v1/session/workspace", Credential::Token(_)) => 409,
        ("post /api/v1/tokens", Credential::Token(scope)) if scope != TokenScope::Admin => 403,
        ("put /api/v1/me/locale", Credential::Token(TokenScope::Read)) => 403,
        _ => spec.ok,
    }
}

/// The status a cell must answer.
fn expected(spec: &Spec, role: Role, credential: Credential, whose: Whose) -> u16 {
    if spec.target == Public {
        return spec.ok;
    }
    if credential == Credential::None {
        return 401;
    }
    let token = token_scope(credential);
    match spec.target {
        Public => spec.ok,
        Caller => caller_status(spec, credential),
        Collection | Offering => {
            if access::reach(role, token, spec.resource, spec.action) > Scope::None {
                spec.ok
            } else {
                403
            }
        }
        WholeWorkspace | Webhook | Job => {
            if access::reach(role, token, spec.resource, spec.action) == Scope::All {
                spec.ok
            } else {
                403
            }
        }
        Party | Note | Affiliation | NewAffiliation | Order | Contract => {
            let readable =
                whose != Whose::OtherWorkspace && access::allowed(role, token, spec.resource, Read, ownership(whose));
            let allowed = whose != Whose::OtherWorkspace
                && access::allowed(role, token, spec.resource, spec.action, ownership(whose));
            // Creating an affiliation names its person in the body: one the
            // caller cannot see is a field at fault, not a missing resource.
            let unseen = if spec.target == NewAffiliation { 422 } else { 404 };
            if allowed {
                spec.ok
            } else if readable {
                403
            } else {
                unseen
            }
        }
    }
}

fn request_body(spec: &Spec, records: &Records, workspace: WorkspaceId, serial: usize, world: &World) -> Option<Value> {
    let offering = world.offering;
    Some(match spec.route {
        "post /api/v1/parties/{id}/account-team" => json!({"user_id": world.someone, "role": "account_manager"}),
        "put /api/v1/parties/{id}/relationship/override" => json!({"kind": "client", "reason": "signed on paper"}),
        "post /api/v1/orders" => order_json(records.party, offering),
        "post /api/v1/contracts" | "put /api/v1/contracts/{id}" => contract_json(records.party),
        "post /api/v1/contracts/{id}/sign" => json!({"side": "client", "signed_on": "2026-01-01"}),
        "post /api/v1/contracts/{id}/terminate" => json!({"effective_on": "2027-06-30"}),
        "post /api/v1/contracts/{id}/renew" => json!({"ends_on": "2031-01-01"}),
        "post /api/v1/contracts/{id}/usage" => json!({"unit": "hours", "amount": 2}),
        "post /api/v1/orders/{id}/status" => json!({"status": "fulfilled"}),
        "post /api/v1/orders/{id}/refunds" => json!({"amount": "100", "reason": "damaged"}),
        "post /api/v1/orders/{id}/exchanges" => {
            json!({"returned": [{"line": 0, "quantity": 1}], "replacement": [{"offering_id": offering, "quantity": 1}], "reason": "wrong colour"})
        }
        "post /api/v1/offerings" => json!({"name": format!("Offering {serial}"), "kind": "service", "price": "250000"}),
        "post /api/v1/parties" => json!({"kind": "person", "name": "Created"}),
        "patch /api/v1/parties/{id}" => json!({"name": "Renamed"}),
        "post /api/v1/parties/{id}/notes" => json!({"body": "Noted"}),
        "patch /api/v1/notes/{id}" => json!({"body": "Edited"}),
        "post /api/v1/affiliations" => {
            // A second link between the same pair would conflict: link the
            // record's person to a fresh organization owned alike (see below).
            json!({"person_id": records.party, "organization_id": "ORG", "title": "New"})
        }
        "patch /api/v1/affiliations/{id}" => json!({"title": "Retitled"}),
        "patch /api/v1/offerings/{id}" => json!({"name": format!("Renamed {serial}"), "price": "750"}),
        "patch /api/v1/workspace" => json!({"name": format!("Workspace {serial}")}),
        "put /api/v1/me/locale" => {
            let locale = ["en", "id", "pl"][serial % 3];
            json!({ "locale": locale })
        }
        "post /api/v1/analytics/model/fit" => json!({}),
        "put /api/v1/parties/{id}/playbook" => json!({"lever": "keep_in_touch"}),
        "post /api/v1/parties/{id}/playbook/steps" => json!({"step": "send a personal update"}),
        "post /api/v1/analytics/model/validate" => json!({"calibration_end": "2026-11-01"}),
        "post /api/v1/members" => json!({
            "email": format!("new{serial}@example.com"), "display_name": "New", "password": "correct horse battery", "role": "viewer"
        }),
        "put /api/v1/members/{id}" => json!({"role": "sales"}),
        "post /api/v1/teams" => json!({"name": format!("Team {serial}")}),
        "post /api/v1/session" => json!({}),
        "put /api/v1/session/workspace" => json!({"workspace_id": workspace}),
        "post /api/v1/tokens" => json!({"name": "made in the matrix"}),
        "post /api/v1/webhooks" | "put /api/v1/webhooks/{id}" => {
            json!({"url": format!("https://hooks.example.com/matrix/{serial}"), "events": ["party.created"]})
        }
        _ => return None,
    })
}

/// Whether a route changes what it touches, so each cell needs fresh records.
fn mutates(spec: &Spec) -> bool {
    !spec.route.starts_with("get ")
}

#[test]
fn every_route_has_an_entry() {
    let specified: BTreeSet<_> = SPECS.iter().map(|s| s.route).collect();
    let routes = crate::routes::routes();
    let routes: BTreeSet<&str> = routes.iter().map(String::as_str).collect();
    assert_eq!(specified, routes, "add the new route to SPECS with the permission it needs");
    assert_eq!(specified.len(), SPECS.len(), "a route is listed twice");
}

on_both_backends! {
    async fn every_cell_answers_as_the_permission_table_says(t: &TestDb) {
        let w = world(t).await;
        let workspace = w.system.workspace_id;
        let mut failures = Vec::new();
        let mut seen = BTreeSet::new();
        let mut cells = 0;
        let mut serial = 0;
        for member in &w.members {
            // Records that reads look at, made once per member.
            let mut shared = Vec::new();
            for whose in WHOSE {
                shared.push(records(t, &w, member, whose).await);
            }
            for spec in SPECS {
                let per_record = matches!(spec.target, Party | Note | Affiliation | NewAffiliation | Order | Contract);
                let owners: &[Whose] = if per_record { &WHOSE } else { &WHOSE[..1] };
                for (i, &whose) in owners.iter().enumerate() {
                    for credential in CREDENTIALS {
                        serial += 1;
                        let fresh;
                        // A change gets records of its own; a refused one changes
                        // nothing, so it looks at the shared ones (a refusal that
                        // changed them anyway would show in the cells after it).
                        let want = expected(spec, member.role, credential, whose);
                        let target = if per_record && mutates(spec) && want == spec.ok {
                            fresh = records(t, &w, member, whose).await;
                            &fresh
                        } else {
                            &shared[i]
                        };
                        let (method, template) = spec.route.split_once(' ').expect("METHOD path");
                        let id = match spec.target {
                            Party | NewAffiliation => target.party.to_string(),
                            Note => target.note.to_string(),
                            Affiliation => target.affiliation.to_string(),
                            Order => target.order.to_string(),
                            Contract => target.contract.to_string(),
                            Offering => {
                                let input = rapport_domain::commerce::OfferingInput {
                                    name: format!("Offering of cell {serial}"),
                                    kind: "goods".into(),
                                    tailored: false,
                                    price: rapport_domain::commerce::AmountInput::Text("500".into()),
                                    currency: None,
                                };
                                w.app.create_offering(&w.system, &input).await.expect("offering").id.to_string()
                            }
                            Webhook => {
                                let input = rapport_domain::webhooks::WebhookInput {
                                    url: format!("https://hooks.example.com/cell/{serial}"),
                                    events: vec!["order.placed".into()],
                                    ..Default::default()
                                };
                                w.app.create_webhook(&w.system, &input).await.expect("webhook").webhook.id.to_string()
                            }
                            Job => {
                                let probe = rapport_core::testing::Probe { tag: format!("cell {serial}"), outcome: "ok".into() };
                                let how = rapport_core::kernel::queue::Enqueue { workspace: Some(workspace), ..Default::default() };
                                probe.enqueue(&w.app, how).await;
                                let jobs = w.app.list_jobs(&w.system, None, None, 1).await.expect("jobs");
                                jobs[0].id.to_string()
                            }
                            _ if spec.route == "put /api/v1/members/{id}" => w.someone.to_string(),
                            _ if spec.route == "delete /api/v1/tokens/{id}" => {
                                let system = &w.system;
                                let (_, token) = w.app.create_token(system, member.id, workspace, "doomed", TokenScope::Read, None).await.expect("token");
                                token.id.to_string()
                            }
                            _ => String::new(),
                        };
                        let id = if spec.route.starts_with("put /api/v1/teams/") || spec.route.starts_with("delete /api/v1/teams/") {
                            w.crew.0.to_string()
                        } else {
                            id
                        };
                        let mut path = template
                            .replace("{id}", &id)
                            .replace("{user_id}", &w.spare.to_string())
                            .replace("{delivery_id}", &uuid::Uuid::now_v7().to_string());
                        if spec.route == "delete /api/v1/parties/{id}/account-team" {
                            path.push_str(&format!("?user_id={}&role=account_manager", w.someone));
                        }
                        let mut body = request_body(spec, target, workspace, serial, &w);
                        if spec.route == "post /api/v1/affiliations" {
                            // A fresh organization the member owns (in the record's workspace).
                            let actor = if whose == Whose::OtherWorkspace { &w.elsewhere } else { &w.system };
                            let org = PartyInput { kind: "organization".into(), name: "Fresh Org".into(), ..Default::default() };
                            let org = w.app.create_party(actor, &org).await.expect("org");
                            if whose != Whose::OtherWorkspace {
                                t.set_party_owner(org.id, member.id).await;
                            }
                            if let Some(b) = body.as_mut() {
                                b["organization_id"] = json!(org.id);
                            }
                        }
                        // Ending a session ends it for every later cell: use a spare one.
                        let spare;
                        let (cookie, csrf) = if spec.route == "delete /api/v1/session" && credential == Credential::Session {
                            let email = format!("matrix-{}@example.com", member.role.as_str());
                            spare = sign_in(&w.api, &email).await;
                            (spare.0.as_str(), spare.1.as_str())
                        } else {
                            (member.session_cookie.as_str(), member.csrf.as_str())
                        };
                        let bearer;
                        let mut headers: Vec<(&str, &str)> = vec![("if-match", "*")];
                        match credential {
                            Credential::None => {}
                            Credential::Session => {
                                headers.push(("cookie", cookie));
                                headers.push(("x-csrf-token", csrf));
                            }
                            Credential::Token(scope) => {
                                let secret = member.tokens.iter().find(|(s, _)| *s == scope).map(|(_, s)| s.as_str()).unwrap_or_default();
                                bearer = format!("Bearer {secret}");
                                headers.push(("authorization", bearer.as_str()));
                            }
                        }
                        let method: Method = method.to_uppercase().parse().expect("method");
                        let answer = w.api.anonymous().send(method, &path, body, &headers).await;
                        cells += 1;
                        seen.insert(answer.status.as_u16());
                        if answer.status.as_u16() != want {
                            failures.push(format!(
                                "{} as {:?} with {:?} on {:?}: got {}, want {} ({})",
                                spec.route, member.role, credential, whose, answer.status.as_u16(), want,
                                answer.body["detail"].as_str().unwrap_or_default()
                            ));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} of {cells} cells differ:\n{}", failures.len(), failures.join("\n"));
        assert!(cells > 2000, "the matrix ran {cells} cells");
        // The matrix is only worth something if it saw both sides of the line.
        let kinds: Vec<u16> = seen.into_iter().collect();
        assert_eq!(kinds, [200, 201, 204, 400, 401, 403, 404, 409, 422]);
    }
}
