//! The rendered HTML of the main pages, from fixed data, compared with the
//! snapshots under `snapshots/`. A change to a template shows up as a diff to
//! review; `cargo insta review` (or `INSTA_UPDATE=always`) accepts it.

use askama::Template;
use rapport_domain::access::Role;
use rapport_domain::classification::{Kind, Lifecycle, Reason, Terminology};
use rapport_domain::common::locale::{Currency, Locale};
use rapport_domain::contracts::ContractStatus;
use rapport_ui::context::{Member, Section, Ui};
use rapport_ui::fields::Fields;
use rapport_ui::pages::commerce::offerings::OfferingView;
use rapport_ui::pages::commerce::order_form::{LineValues, OrderFormPage, OrderValues};
use rapport_ui::pages::identity::session::LoginPage;
use rapport_ui::pages::parties::form::{PartyFormPage, PartyFormValues};
use rapport_ui::pages::parties::list::{Filters, ListPage, PartyRow};
use rapport_ui::pages::parties::show::{
    AffiliationView, ContractView, OrderView, PartyPage, RelationshipView, ValueView,
};
use rapport_ui::pages::timeline::{LinkView, TimelineItem};
use time::macros::{date, datetime};

fn ui(locale: Locale, section: Section, path: &str) -> Ui {
    Ui {
        locale,
        csrf: "csrf-token".to_owned(),
        member: Some(Member {
            name: "Rina Wijaya".to_owned(),
            role: Role::Sales,
            workspace: "Kantor Hukum Wijaya".to_owned(),
        }),
        currency: Currency::parse("IDR").expect("IDR"),
        zone: rapport_domain::common::locale::TimeZoneName::parse("Asia/Jakarta").expect("Jakarta"),
        terminology: Terminology::default(),
        section,
        path: path.to_owned(),
        can_create_parties: true,
    }
}

fn html(page: &impl Template) -> String {
    let html = page.render().expect("the page renders");
    // Asset addresses carry content hashes; the snapshot is of the markup.
    html.split('"')
        .map(|part| match part.strip_prefix("/assets/") {
            Some(rest) => format!("/assets/HASH/{}", rest.split('/').nth(1).unwrap_or(rest)),
            None => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\"")
}

const ORG: &str = "01930000-0000-7000-8000-000000000001";
const PERSON: &str = "01930000-0000-7000-8000-000000000002";

#[test]
fn sign_in_page() {
    let mut ui = ui(Locale::En, Section::None, "/login");
    ui.member = None;
    ui.csrf = String::new();
    let page = LoginPage {
        ui,
        email: "rina@example.co.id".to_owned(),
        next: "/parties".to_owned(),
        failure: Some("login-refused"),
        welcomed: false,
    };
    insta::assert_snapshot!("login_en", html(&page));
}

#[test]
fn party_list_in_indonesian() {
    let rows = vec![
        PartyRow {
            id: ORG.to_owned(),
            name: "PT Maju Jaya".to_owned(),
            organization: true,
            email: Some("halo@majujaya.co.id".to_owned()),
            phone: Some("(021) 5550123".to_owned()),
            tags: vec!["jakarta".to_owned()],
            primary: Some(Kind::Client),
            lifecycle: Some(Lifecycle::Loyal),
        },
        PartyRow {
            id: PERSON.to_owned(),
            name: "Dewi Lestari".to_owned(),
            organization: false,
            email: None,
            phone: Some("0812-3456-7890".to_owned()),
            tags: Vec::new(),
            primary: Some(Kind::Consumer),
            lifecycle: None,
        },
    ];
    let filters = Filters { q: "a".to_owned(), relationship: "client".to_owned(), ..Filters::default() };
    let page = ListPage {
        ui: ui(Locale::Id, Section::Parties, "/parties?q=a"),
        filters,
        rows,
        next_cursor: Some("abc".to_owned()),
        can_create: true,
        errors: Fields::default(),
        owners: vec![("01930000-0000-7000-8000-0000000000aa".to_owned(), "Rina Wijaya".to_owned())],
        views: vec![rapport_domain::parties::view::SavedView {
            id: "01930000-0000-7000-8000-0000000000bb".parse().expect("uuid"),
            workspace_id: rapport_domain::common::ids::WorkspaceId(
                "01930000-0000-7000-8000-0000000000cc".parse().expect("uuid"),
            ),
            user_id: rapport_domain::common::ids::UserId("01930000-0000-7000-8000-0000000000aa".parse().expect("uuid")),
            name: "Klien VIP".to_owned(),
            query: "relationship=client&tag=vip".to_owned(),
        }],
        deleted_view: None,
        deleted_party: None,
    };
    insta::assert_snapshot!("party_list_id", html(&page));
}

fn party_page(locale: Locale) -> PartyPage {
    PartyPage {
        ui: ui(locale, Section::Parties, &format!("/parties/{ORG}")),
        id: ORG.to_owned(),
        name: "PT Maju Jaya".to_owned(),
        organization: true,
        internal: false,
        emails: vec![("halo@majujaya.co.id".to_owned(), Some("office".to_owned()))],
        phones: vec![rapport_ui::pages::parties::show::PhoneView {
            written: "(021) 5550123".to_owned(),
            e164: "+62215550123".to_owned(),
            digits: "62215550123".to_owned(),
            label: None,
        }],
        addresses: vec![vec!["Jl. Jend. Sudirman No. 1".to_owned(), "10220 Jakarta".to_owned(), "ID".to_owned()]],
        tags: vec!["jakarta".to_owned()],
        birthday: None,
        relationship: Some(RelationshipView {
            primary: Kind::Client,
            kinds: vec![Kind::Client, Kind::Customer],
            lifecycle: Some(Lifecycle::Returning),
            b2b: Some(true),
            reasons: vec![
                Reason::new(
                    "signed_contract",
                    "has a contract in force, \"Annual tax retainer\", signed by both sides until 2027-11-23"
                        .to_owned(),
                    [
                        ("variant", "in_force_until".to_owned()),
                        ("title", "Annual tax retainer".to_owned()),
                        ("until", "2027-11-23".to_owned()),
                    ],
                ),
                Reason::new(
                    "bought",
                    "has bought on 3 days, first on 2026-02-02, last on 2026-11-20".to_owned(),
                    [("count", "3".to_owned()), ("first", "2026-02-02".to_owned()), ("last", "2026-11-20".to_owned())],
                ),
                Reason::new(
                    "lifecycle",
                    "came back to buy again (3 purchases)".to_owned(),
                    [("variant", "returning".to_owned()), ("count", "3".to_owned())],
                ),
                // Stored before reasons carried their facts: shown in English.
                Reason::new("buyer_kind", "an organization buying for its operations (B2B)".to_owned(), []),
            ],
            since: date!(2026 - 11 - 24),
            overridden: None,
            override_until: None,
        }),
        value: Some(ValueView {
            p_alive: 0.92,
            lifetime_value: 45_250_000.5,
            expected_purchases_next_year: Some(3.4),
            months: 36,
        }),
        orders: vec![OrderView {
            id: "01930000-0000-7000-8000-000000000010".to_owned(),
            reference: "00000010".to_owned(),
            ordered_on: date!(2026 - 11 - 20),
            status: "paid".to_owned(),
            total_minor: 250_000_000,
            end_users: vec![(PERSON.to_owned(), "Dewi Lestari".to_owned())],
        }],
        more_orders: false,
        deleted_note: None,
        contracts: vec![ContractView {
            id: "01930000-0000-7000-8000-000000000020".to_owned(),
            title: "Annual tax retainer".to_owned(),
            status: ContractStatus::Signed,
            starts_on: date!(2026 - 11 - 24),
            ends_on: Some(date!(2027 - 11 - 23)),
            client_signed_on: Some(date!(2026 - 11 - 24)),
            provider_signed_on: Some(date!(2026 - 11 - 24)),
        }],
        affiliations: vec![AffiliationView {
            link: LinkView {
                id: PERSON.to_owned(),
                name: "Dewi Lestari".to_owned(),
                detail: "Finance director".to_owned(),
            },
            id: "01930000-0000-7000-8000-000000000040".to_owned(),
            version: 1,
        }],
        ended_link: None,
        consumers: vec![LinkView { id: PERSON.to_owned(), name: "Dewi Lestari".to_owned(), detail: String::new() }],
        team: vec![LinkView {
            id: "u1".to_owned(),
            name: "Rina Wijaya".to_owned(),
            detail: "account_manager".to_owned(),
        }],
        timeline: vec![
            TimelineItem {
                at: datetime!(2026-11-24 09:30 UTC),
                what: "timeline-contract-sign".to_owned(),
                who: "Rina Wijaya".to_owned(),
                detail: String::new(),
                note: None,
            },
            TimelineItem {
                at: datetime!(2026-11-24 09:30 UTC),
                what: "timeline-classification".to_owned(),
                who: "Rina Wijaya".to_owned(),
                detail: "client, customer".to_owned(),
                note: None,
            },
        ],
        can_edit: true,
        can_delete: true,
        can_hand_over: true,
        version: 3,
        owner: Some("Rina Wijaya".to_owned()),
        owner_id: Some("01930000-0000-7000-8000-0000000000aa".to_owned()),
        today: date!(2026 - 11 - 24),
        members: vec![("01930000-0000-7000-8000-0000000000aa".to_owned(), "Rina Wijaya".to_owned())],
        playbook: None,
        typed: Default::default(),
        errors: Fields::default(),
    }
}

#[test]
fn the_360_page_in_each_language() {
    insta::assert_snapshot!("party_360_en", html(&party_page(Locale::En)));
    insta::assert_snapshot!("party_360_pl", html(&party_page(Locale::Pl)));
}

#[test]
fn a_viewer_sees_the_360_page_without_actions() {
    let mut page = party_page(Locale::En);
    page.can_edit = false;
    let rendered = html(&page);
    assert!(
        !rendered.contains("/edit\"") && !rendered.contains("/contracts/new") && !rendered.contains("name=\"step\"")
    );
}

#[test]
fn party_form_with_errors() {
    let mut errors = rapport_domain::ValidationErrors::new();
    errors.push("name", "required", "must not be empty");
    errors.push("emails[0]", "invalid_email", "must be an email address");
    let page = PartyFormPage {
        ui: ui(Locale::En, Section::Parties, "/parties/new"),
        party_id: None,
        values: PartyFormValues {
            kind: "person".to_owned(),
            emails: vec![rapport_ui::pages::parties::contact_rows::ContactRow {
                value: "not an email".to_owned(),
                label: "work".to_owned(),
            }],
            ..PartyFormValues::default()
        },
        errors: Fields::from(errors),
        conflict: false,
    };
    insta::assert_snapshot!("party_form_errors_en", html(&page));
}

#[test]
fn order_form() {
    let page = OrderFormPage {
        ui: ui(Locale::Id, Section::Parties, &format!("/parties/{ORG}/orders/new")),
        buyer_id: ORG.to_owned(),
        buyer_name: "PT Maju Jaya".to_owned(),
        offerings: vec![OfferingView {
            id: "01930000-0000-7000-8000-000000000030".to_owned(),
            name: "Konsultasi pajak".to_owned(),
            kind: "professional_service".to_owned(),
            price_minor: 250_000_000,
            version: 1,
        }],
        line_totals: vec![Some(495_000_000), None],
        suggested: vec![LinkView {
            id: PERSON.to_owned(),
            name: "Dewi Lestari".to_owned(),
            detail: "Finance director".to_owned(),
        }],
        values: OrderValues {
            ordered_on: "2026-11-24".to_owned(),
            lines: vec![
                LineValues {
                    offering: "01930000-0000-7000-8000-000000000030".to_owned(),
                    quantity: "2".to_owned(),
                    discount: "50.000".to_owned(),
                },
                LineValues { offering: String::new(), quantity: "1".to_owned(), discount: String::new() },
            ],
            end_users: vec![PERSON.to_owned()],
            ..OrderValues::default()
        },
        errors: Fields::default(),
    };
    insta::assert_snapshot!("order_form_id", html(&page));
}

#[test]
fn the_dashboard() {
    use std::collections::BTreeMap;

    use rapport_domain::value::distribution::Band;
    use rapport_ui::pages::classification::dashboard::{CandidateRow, DashboardPage, WeekRow};

    let mix =
        |client, customer| BTreeMap::from([(Kind::Client, client), (Kind::Customer, customer), (Kind::Prospect, 4)]);
    let page = DashboardPage {
        ui: ui(Locale::En, Section::Relationships, "/relationships"),
        kinds: vec![
            (Kind::Client, 2),
            (Kind::Customer, 7),
            (Kind::Internal, 0),
            (Kind::Consumer, 3),
            (Kind::Prospect, 4),
        ],
        stages: vec![
            (Lifecycle::New, 3),
            (Lifecycle::Returning, 4),
            (Lifecycle::Loyal, 1),
            (Lifecycle::AtRisk, 1),
            (Lifecycle::Lapsed, 0),
        ],
        trend: vec![("2026-10".to_owned(), mix(1, 6)), ("2026-11".to_owned(), mix(2, 7))],
        candidates: vec![CandidateRow {
            id: PERSON.to_owned(),
            name: "Dewi Lestari".to_owned(),
            primary: Kind::Customer,
            score: 71.6,
            lever: "relational_selling".to_owned(),
            reasons: vec![Reason::new(
                "repeat_purchases",
                "Bought on 4 different days.".to_owned(),
                [("count", "4".to_owned())],
            )],
            lifetime_value: Some(12_500_000.0),
            p_alive: Some(0.81),
        }],
        distribution: vec![
            Band { from: 0.0, to: 0.0, customers: 1 },
            Band { from: 100_000.0, to: 1_000_000.0, customers: 5 },
            Band { from: 1_000_000.0, to: 10_000_000.0, customers: 2 },
        ],
        forecast: vec![
            WeekRow { week: 1, transactions: 3.25, revenue: 4_500_000.0 },
            WeekRow { week: 2, transactions: 3.1, revenue: 4_300_000.0 },
        ],
        modelled: true,
        whole: true,
        can_fit: true,
        repeat_buyers: 12,
        fit_failed: None,
    };
    insta::assert_snapshot!("dashboard_en", html(&page));
}
