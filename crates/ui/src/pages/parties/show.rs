//! The 360° page of a party: what it is to the business and why, its value,
//! and everything that happened with it, on one page.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use rapport_core::{App, AppError};
use rapport_domain::access::{Action, Resource};
use rapport_domain::classification::{Kind, Lifecycle, Reason};
use rapport_domain::common::ids::PartyId;
use rapport_domain::contracts::{Contract, ContractStatus};
use rapport_domain::parties::{Party, PartyKind};
use rapport_domain::value::clv::Horizon;
use rapport_web::AppState;
use time::Date;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::fields::Fields;
use crate::pages::timeline::{LinkView, TimelineItem, audit_detail, names, who};
use crate::pages::value::playbook::PlaybookView;
use crate::pages::{allowed, record_id, visible};
use crate::viewer::Viewer;

/// The classification as the page shows it.
#[derive(Debug, Clone)]
pub struct RelationshipView {
    pub primary: Kind,
    /// Every kind held, the primary first.
    pub kinds: Vec<Kind>,
    pub lifecycle: Option<Lifecycle>,
    pub b2b: Option<bool>,
    /// The reasons, one per rule that fired.
    pub reasons: Vec<Reason>,
    pub since: Date,
    /// A kind set by hand, with its reason.
    pub overridden: Option<(Kind, String)>,
    /// The first day the kind set by hand no longer applies.
    pub override_until: Option<Date>,
}

/// The value figures, when a model has been fitted.
#[derive(Debug, Clone)]
pub struct ValueView {
    pub p_alive: f64,
    pub lifetime_value: f64,
    pub expected_purchases_next_year: Option<f64>,
    pub months: u32,
}

#[derive(Debug, Clone)]
pub struct OrderView {
    pub id: String,
    pub reference: String,
    pub ordered_on: Date,
    pub status: String,
    pub total_minor: i64,
    pub end_users: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct ContractView {
    pub id: String,
    pub title: String,
    pub status: ContractStatus,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub client_signed_on: Option<Date>,
    pub provider_signed_on: Option<Date>,
}

/// A link between a person and an organization, as the page shows it: the
/// other end, the title, and what the forms that change it need.
#[derive(Debug, Clone)]
pub struct AffiliationView {
    pub link: LinkView,
    pub id: String,
    pub version: i64,
}

/// A phone number as the page shows it: written the local way, called by
/// its E.164 form, messaged on WhatsApp by its digits.
#[derive(Debug, Clone)]
pub struct PhoneView {
    pub written: String,
    pub e164: String,
    pub digits: String,
    pub label: Option<String>,
}

/// An address as an envelope's lines: street; postal code and city;
/// region; country (the parts there are).
fn envelope(address: &rapport_domain::common::contact::Address) -> Vec<String> {
    let town = [address.postal_code.as_deref(), address.city.as_deref()].into_iter().flatten().collect::<Vec<_>>();
    [
        address.street.clone(),
        (!town.is_empty()).then(|| town.join(" ")),
        address.region.clone(),
        address.country.clone(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[derive(Template)]
#[template(path = "parties/show.html")]
pub struct PartyPage {
    pub ui: Ui,
    pub id: String,
    pub name: String,
    pub organization: bool,
    pub internal: bool,
    /// Each address with its label.
    pub emails: Vec<(String, Option<String>)>,
    pub phones: Vec<PhoneView>,
    /// Each postal address as the lines of an envelope.
    pub addresses: Vec<Vec<String>>,
    pub tags: Vec<String>,
    pub birthday: Option<Date>,
    pub relationship: Option<RelationshipView>,
    pub value: Option<ValueView>,
    pub orders: Vec<OrderView>,
    /// Whether the party has more orders than the page lists.
    pub more_orders: bool,
    /// A note just deleted, for its restore button.
    pub deleted_note: Option<String>,
    pub contracts: Vec<ContractView>,
    /// A person's organizations, or an organization's people.
    pub affiliations: Vec<AffiliationView>,
    /// A link just ended, for its undo button.
    pub ended_link: Option<String>,
    /// An organization's consumers: the end users of its orders.
    pub consumers: Vec<LinkView>,
    pub team: Vec<LinkView>,
    pub timeline: Vec<TimelineItem>,
    pub can_edit: bool,
    pub can_delete: bool,
    /// Whether the reader may hand the party to another member (or to no one).
    pub can_hand_over: bool,
    /// The party's version, for the forms that change it as shown.
    pub version: i64,
    /// The member responsible for the party, by name.
    pub owner: Option<String>,
    pub owner_id: Option<String>,
    /// The members who can join the account team or own the party, as (id, name).
    pub members: Vec<(String, String)>,
    /// Today in the workspace's time zone, for the forms' default dates.
    pub today: Date,
    /// The party's conversion playbook, if it has one.
    pub playbook: Option<PlaybookView>,
    /// What was typed in a form that was refused, by field, and why.
    pub typed: BTreeMap<String, String>,
    pub errors: Fields,
}

impl PartyPage {
    /// The kind of party this one is linked with: a person's organizations,
    /// an organization's people.
    pub fn other_kind(&self) -> &'static str {
        if self.organization { "person" } else { "organization" }
    }

    pub fn team_roles(&self) -> [&'static str; 3] {
        ["account_manager", "customer_success_manager", "service_representative"]
    }

    pub fn today(&self) -> String {
        self.today.to_string()
    }

    /// What was typed in `field` of a refused form, or `default`.
    pub fn typed_or(&self, field: &str, default: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_else(|| default.to_owned())
    }

    /// Whether a form with `field` was refused: it is shown open.
    pub fn refused(&self, fields: &[&str]) -> bool {
        fields.iter().any(|f| self.errors.has(f))
    }

    /// Every lever a playbook may pull.
    pub fn levers(&self) -> Vec<&'static str> {
        crate::pages::value::playbook::levers()
    }

    /// Whether a playbook may be started here: for a buyer or prospect who
    /// is not a client (nor one of the business's own), by who may change it.
    pub fn may_start_playbook(&self) -> bool {
        self.can_edit
            && self.playbook.is_none()
            && self.relationship.as_ref().is_some_and(|r| !matches!(r.primary, Kind::Client | Kind::Internal))
    }

    /// The words for a playbook's status.
    pub fn playbook_status(&self, status: &str) -> &'static str {
        match status {
            "won" => "playbook-status-won",
            "dropped" => "playbook-status-dropped",
            _ => "playbook-status-open",
        }
    }

    /// The kinds a relationship may be set to by hand.
    pub fn kinds(&self) -> [Kind; 5] {
        Kind::PRECEDENCE
    }
}

fn contract_view(contract: &Contract) -> ContractView {
    ContractView {
        id: contract.id.0.to_string(),
        title: contract.title.clone(),
        status: contract.status,
        starts_on: contract.starts_on,
        ends_on: contract.ends_on,
        client_signed_on: contract.client_signed_on,
        provider_signed_on: contract.provider_signed_on,
    }
}

/// How many orders the page lists at first, and at most when asked for all.
const FIRST_ORDERS: u32 = 20;
const ALL_ORDERS: u32 = 1000;

/// `GET /parties/{id}`; `?orders=all` lists every order (up to a thousand).
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let orders = if query.get("orders").is_some_and(|o| o == "all") { ALL_ORDERS } else { FIRST_ORDERS };
    let just = |name: &str| query.get(name).and_then(|raw| raw.parse::<uuid::Uuid>().ok()).map(|id| id.to_string());
    let (deleted_note, ended_link) = (just("deleted_note"), just("ended_link"));
    match build_listing(&state.app, &viewer, &id, orders).await.map(|page| PartyPage {
        deleted_note,
        ended_link,
        ..page
    }) {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// Reads everything the page shows; what the reader may not read is left out.
pub async fn build(app: &App, viewer: &Viewer, raw_id: &str) -> Result<PartyPage, AppError> {
    build_listing(app, viewer, raw_id, FIRST_ORDERS).await
}

/// The page with up to `order_limit` of the party's orders.
async fn build_listing(app: &App, viewer: &Viewer, raw_id: &str, order_limit: u32) -> Result<PartyPage, AppError> {
    let id = record_id(raw_id, PartyId)?;
    let actor = &viewer.actor;
    let (party, access): (Party, _) = app.party_with_access(actor, id, false).await?;
    let can_edit = access.may(Action::Update);
    // The reads are independent of one another: made at once, on as many
    // connections, the page waits for the slowest rather than for the sum.
    let (relationship, value, orders, contracts, affiliations, team, members, audit, history, notes) = tokio::join!(
        app.relationship(actor, id),
        app.party_value(actor, id, Horizon::default()),
        app.orders_of(actor, id, order_limit),
        app.contracts_of(actor, id),
        app.affiliations_of(actor, id),
        app.account_team(actor, id),
        app.member_names(actor),
        app.party_audit(actor, id, 50),
        app.relationship_history(actor, id, None, 50),
        app.notes_of(actor, id),
    );
    let relationship = visible(relationship)?.map(|r| {
        let c = r.classification;
        let mut kinds = vec![c.primary];
        kinds.extend(c.kinds.iter().copied().filter(|k| *k != c.primary));
        RelationshipView {
            primary: c.primary,
            kinds,
            lifecycle: c.lifecycle,
            b2b: c.b2b,
            reasons: c.explanation,
            since: r.since,
            override_until: r.override_.as_ref().and_then(|o| o.expires_on),
            overridden: r.override_.map(|o| (o.kind, o.reason)),
        }
    });
    let value = visible(value)?.and_then(|v| {
        v.value.map(|figures| ValueView {
            p_alive: figures.p_alive,
            lifetime_value: figures.lifetime_value,
            expected_purchases_next_year: v.expected_purchases_next_year,
            months: v.horizon.months,
        })
    });
    let orders = allowed(orders)?;
    let affiliations = allowed(affiliations)?;
    let end_user_ids: Vec<PartyId> =
        orders.iter().flat_map(|o| o.lines.iter().flat_map(|l| l.end_user_ids.iter().copied())).collect();
    let other_ids: Vec<PartyId> =
        affiliations.iter().map(|a| if a.person_id == id { a.organization_id } else { a.person_id }).collect();
    let (end_user_names, others) = tokio::join!(names(app, actor, end_user_ids), names(app, actor, other_ids));
    let (end_user_names, others) = (end_user_names?, others?);
    let order_views: Vec<OrderView> = orders
        .iter()
        .map(|order| {
            let mut end_users: Vec<(String, String)> = order
                .lines
                .iter()
                .flat_map(|l| l.end_user_ids.iter())
                .filter_map(|u| end_user_names.get(u).map(|name| (u.0.to_string(), name.clone())))
                .collect();
            end_users.dedup();
            OrderView {
                id: order.id.0.to_string(),
                reference: order.reference(),
                ordered_on: viewer.workspace.settings.time_zone.date_of(order.ordered_at),
                status: order.status.as_str().to_owned(),
                total_minor: order.total.minor,
                end_users,
            }
        })
        .collect();
    let consumers = if party.facts.kind == PartyKind::Organization {
        end_user_names
            .iter()
            .map(|(id, name)| LinkView { id: id.0.to_string(), name: name.clone(), detail: String::new() })
            .collect()
    } else {
        Vec::new()
    };
    let contracts: Vec<ContractView> = allowed(contracts)?.iter().map(contract_view).collect();
    let affiliations = affiliations
        .iter()
        .filter_map(|a| {
            let other = if a.person_id == id { a.organization_id } else { a.person_id };
            others.get(&other).map(|name| AffiliationView {
                link: LinkView {
                    id: other.0.to_string(),
                    name: name.clone(),
                    detail: a.title.clone().unwrap_or_default(),
                },
                id: a.id.0.to_string(),
                version: a.version,
            })
        })
        .collect();
    let team = allowed(team)?
        .into_iter()
        .map(|a| LinkView { id: a.user_id.0.to_string(), name: a.display_name, detail: a.role.as_str().to_owned() })
        .collect();
    let members = members?;
    let owner = party.owner_id.map(|owner| {
        let name = members.iter().find(|(id, _)| *id == owner).map(|(_, name)| name.clone());
        name.unwrap_or_else(|| owner.0.to_string())
    });
    let member_choices: Vec<(String, String)> =
        members.iter().map(|(id, name)| (id.0.to_string(), name.clone())).collect();
    let members: BTreeMap<String, String> =
        members.into_iter().map(|(id, name)| (format!("user:{}", id.0), name)).collect();
    let playbook = crate::pages::value::playbook::load(app, actor, id, &members).await?;
    let ui = viewer.ui(Section::Parties);
    let mut timeline = Vec::new();
    for entry in allowed(audit)? {
        timeline.push(TimelineItem {
            at: entry.at,
            what: format!("timeline-{}-{}", entry.entity_type.replace('_', "-"), entry.action.replace('_', "-")),
            who: who(&entry.actor, &members),
            detail: audit_detail(&ui, &entry),
            note: None,
        });
    }
    for change in allowed(history)? {
        let mut words: Vec<String> = change.classification.kinds.iter().map(|k| viewer_kind(viewer, *k)).collect();
        // A change of stage alone is a change too: the stage says which.
        if let Some(stage) = change.classification.lifecycle {
            words.push(ui.lifecycle(&stage));
        }
        timeline.push(TimelineItem {
            at: change.changed_at,
            what: "timeline-classification".to_owned(),
            who: who(&change.actor, &members),
            detail: words.join(", "),
            note: None,
        });
    }
    for note in allowed(notes)? {
        timeline.push(TimelineItem {
            at: note.created_at,
            what: "timeline-note".to_owned(),
            who: who(&note.author, &members),
            detail: note.body,
            note: Some((note.id.0.to_string(), note.version)),
        });
    }
    timeline.sort_by_key(|item| std::cmp::Reverse(item.at));
    let f = &party.facts;
    Ok(PartyPage {
        ui,
        id: raw_id.to_owned(),
        name: f.name.as_str().to_owned(),
        organization: f.kind == PartyKind::Organization,
        internal: f.internal,
        emails: f.emails.iter().map(|e| (e.address.as_str().to_owned(), e.label.clone())).collect(),
        phones: f
            .phones
            .iter()
            .map(|p| PhoneView {
                written: p.number.written_in(viewer.workspace.settings.phone_region),
                e164: p.number.as_str().to_owned(),
                digits: p.number.digits().to_owned(),
                label: p.label.clone(),
            })
            .collect(),
        addresses: f.addresses.iter().map(envelope).collect(),
        tags: f.tags.iter().map(|t| t.as_str().to_owned()).collect(),
        birthday: f.birthday,
        relationship,
        value,
        more_orders: order_views.len() == order_limit as usize && order_limit < ALL_ORDERS,
        deleted_note: None,
        ended_link: None,
        orders: order_views,
        contracts,
        affiliations,
        consumers,
        team,
        timeline,
        can_edit,
        can_delete: access.may(Action::Delete),
        can_hand_over: viewer.may(Resource::Party, Action::Update, None),
        version: party.version,
        owner,
        owner_id: party.owner_id.map(|o| o.0.to_string()),
        today: viewer.today(app.now()),
        members: member_choices,
        playbook,
        typed: BTreeMap::new(),
        errors: Fields::default(),
    })
}

fn viewer_kind(viewer: &Viewer, kind: Kind) -> String {
    viewer.workspace.settings.terminology.label(kind, viewer.user.locale)
}
