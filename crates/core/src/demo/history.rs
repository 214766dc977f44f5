//! Two years of a mixed business, lived day by day on the demo's clock: a
//! salon's walk-in customers (some buying once, some coming back for years,
//! some drifting away), companies buying supplies their staff use, and a
//! few companies that became clients of its professional services on a
//! signed retainer with an account manager and a monthly quota of hours.

use std::collections::BTreeMap;

use rapport_domain::classification::TeamRole;
use rapport_domain::commerce::{AmountInput, OfferingInput, OrderInput, OrderLineInput};
use rapport_domain::common::ids::{OfferingId, PartyId, UserId};
use rapport_domain::contracts::usage::UsageInput;
use rapport_domain::contracts::{ContractInput, FeeSchedule, QuotaInput, Side, Terms};
use rapport_domain::parties::{Party, PartyKind};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::contracts::Step;
use crate::demo::HISTORY_DAYS;
use crate::kernel::clock::Clock;
use crate::kernel::store::StoreError;
use crate::kernel::{Actor, App, AppError};

/// (name, kind, tailored, price in rupiah).
const CATALOGUE: [(&str, &str, bool, u32); 9] = [
    ("Sampo herbal 250 ml", "goods", false, 45_000),
    ("Masker rambut", "goods", false, 65_000),
    ("Potong rambut", "service", false, 55_000),
    ("Creambath", "service", false, 75_000),
    ("Pijat refleksi", "service", false, 120_000),
    ("Paket perawatan bulanan", "subscription", false, 250_000),
    ("Konsultasi pajak", "professional_service", false, 2_500_000),
    ("Pendampingan hukum bulanan", "professional_service", true, 15_000_000),
    ("Audit laporan keuangan", "professional_service", true, 25_000_000),
];

/// What happens on a day of the history.
enum Event {
    Order {
        buyer: PartyId,
        lines: Vec<(usize, u32, Vec<PartyId>)>,
        cancelled: bool,
    },
    Contract {
        client: PartyId,
        manager: UserId,
    },
    Usage {
        client: PartyId,
        hours: u32,
    },
    /// A buying company made a key account, looked after by an account manager.
    KeyAccount {
        party: PartyId,
        manager: UserId,
    },
}

/// Lives through the history: returns how many orders and contracts it made.
pub(super) async fn live(
    app: &App,
    actor: &Actor,
    clock: &Clock,
    register: &[Party],
    account_managers: &[UserId],
    today: OffsetDateTime,
) -> Result<(usize, usize), AppError> {
    let start = clock.now();
    let mut offerings = Vec::new();
    for (name, kind, tailored, price) in CATALOGUE {
        let input = OfferingInput {
            name: name.to_owned(),
            kind: kind.to_owned(),
            tailored,
            price: AmountInput::Text(price.to_string()),
            currency: None,
        };
        offerings.push(app.create_offering(actor, &input).await?.id);
    }
    let mut staff: BTreeMap<PartyId, Vec<PartyId>> = BTreeMap::new();
    for organization in register.iter().filter(|p| p.facts.kind == PartyKind::Organization) {
        let people = app.affiliations_of(actor, organization.id).await?;
        staff.insert(organization.id, people.into_iter().map(|a| a.person_id).collect());
    }
    let events = plan(register, &staff, account_managers);
    let mut contracts: BTreeMap<PartyId, rapport_domain::common::ids::ContractId> = BTreeMap::new();
    let mut orders = 0;
    for (day, event) in events {
        // Business hours in Jakarta: 09:00 to 16:59 (02:00 to 09:59 UTC).
        let at = start + time::Duration::days(day) + time::Duration::minutes(120 + (day * 37) % 420);
        if at > today {
            continue;
        }
        clock.set(at);
        match event {
            Event::Order { buyer, lines, cancelled } => {
                let input = OrderInput {
                    buyer_id: buyer,
                    ordered_at: at.format(&Rfc3339).map_err(StoreError::other)?,
                    status: Some(if cancelled { "cancelled" } else { "paid" }.to_owned()),
                    channel: Some(if day % 3 == 0 { "whatsapp" } else { "store" }.to_owned()),
                    lines: lines
                        .into_iter()
                        .map(|(offering, quantity, end_user_ids)| OrderLineInput {
                            offering_id: offerings[offering],
                            quantity,
                            unit_price: None,
                            discount: None,
                            end_user_ids,
                        })
                        .collect(),
                };
                app.create_order(actor, &input).await?;
                orders += 1;
            }
            Event::Contract { client, manager } => {
                let id = sign_retainer(app, actor, clock, client, manager, &offerings).await?;
                contracts.insert(client, id);
            }
            Event::KeyAccount { party, manager } => {
                app.assign(actor, party, manager, TeamRole::AccountManager).await?;
            }
            Event::Usage { client, hours } => {
                if let Some(contract) = contracts.get(&client) {
                    let input = UsageInput { unit: "jam".into(), amount: hours, used_on: None, note: None };
                    match app.record_usage(actor, *contract, &input).await {
                        // A contract ended by now takes no more use.
                        Ok(_) | Err(AppError::Validation(_)) => {}
                        Err(other) => return Err(other),
                    }
                }
            }
        }
    }
    Ok((orders, contracts.len()))
}

/// A retainer drafted, sent and signed over a week before it starts today,
/// with the account manager assigned.
async fn sign_retainer(
    app: &App,
    actor: &Actor,
    clock: &Clock,
    client: PartyId,
    manager: UserId,
    offerings: &[OfferingId],
) -> Result<rapport_domain::common::ids::ContractId, AppError> {
    let starts = clock.now();
    let on = |days: i64| (starts + time::Duration::days(days)).date();
    let input = ContractInput {
        client_id: client,
        title: "Pendampingan hukum dan pajak".into(),
        scope: "Konsultasi hukum dan pajak bulanan, penyusunan kontrak, pendampingan pemeriksaan pajak".into(),
        fee: FeeSchedule::Retainer { amount_minor: 1_500_000_000, period_days: 30 },
        starts_on: on(0).to_string(),
        ends_on: Some(on(365).to_string()),
        renewal: Some("automatic".into()),
        notice_days: Some(30),
        terms: Terms {
            client_responsibilities: Some("Menyerahkan dokumen paling lambat tanggal 10 setiap bulan".into()),
            provider_responsibilities: Some("Menjawab dalam satu hari kerja; laporan bulanan".into()),
            expected_outcomes: Some("Kepatuhan pajak tanpa denda; kontrak usaha yang aman".into()),
            withdrawal_clause: Some("Dapat diakhiri dengan pemberitahuan tertulis 30 hari".into()),
        },
        quotas: vec![QuotaInput { unit: "jam".into(), per_month: 20 }],
    };
    clock.set(starts - time::Duration::days(7));
    let contract = app.create_contract(actor, &input).await?;
    app.contract_step(actor, contract.id, None, Step::Send).await?;
    clock.set(starts - time::Duration::days(3));
    app.contract_step(actor, contract.id, None, Step::Sign { side: Side::Client, on: on(-4) }).await?;
    app.contract_step(actor, contract.id, None, Step::Sign { side: Side::Provider, on: on(-3) }).await?;
    clock.set(starts);
    app.contract_step(actor, contract.id, None, Step::Activate).await?;
    app.assign(actor, client, manager, TeamRole::AccountManager).await?;
    // The first month's retainer, as an order of the tailored service.
    let order = OrderInput {
        buyer_id: client,
        ordered_at: starts.format(&Rfc3339).map_err(StoreError::other)?,
        status: Some("paid".into()),
        channel: Some("invoice".into()),
        lines: vec![OrderLineInput {
            offering_id: offerings[7],
            quantity: 1,
            unit_price: None,
            discount: None,
            end_user_ids: Vec::new(),
        }],
    };
    app.create_order(actor, &order).await?;
    Ok(contract.id)
}

/// The history's events by day, from a fixed seed.
fn plan(register: &[Party], staff: &BTreeMap<PartyId, Vec<PartyId>>, account_managers: &[UserId]) -> Vec<(i64, Event)> {
    let mut rng = fastrand::Rng::with_seed(2024);
    let mut events: Vec<(i64, Event)> = Vec::new();
    let people = register.iter().filter(|p| p.facts.kind == PartyKind::Person && !p.facts.internal);
    for (i, person) in people.enumerate() {
        // Two in five never buy: they stay prospects.
        if i % 5 >= 3 {
            continue;
        }
        // When they start, how often they come, and when they stop coming.
        let first = rng.i64(0..HISTORY_DAYS - 5);
        let every = rng.i64(14..75);
        let stays = match i % 7 {
            0 => 0,                    // bought once
            1 | 2 => rng.i64(60..240), // drifted away
            _ => HISTORY_DAYS,         // still coming
        };
        // What they spend differs from one customer to the next (the value
        // models learn it): a quick cut, or a treatment with products to take home.
        let treatment = rng.usize(2..5);
        let products = rng.u32(0..5);
        let mut day = first;
        while day <= first + stays && day < HISTORY_DAYS {
            let mut lines = vec![(treatment, 1, Vec::new())];
            if products > 0 && rng.u8(..3) > 0 {
                lines.push((rng.usize(0..2), products + rng.u32(0..3), Vec::new()));
            }
            // A few buy tax advice now and then: future clients.
            if i % 11 == 0 && rng.u8(..2) == 0 {
                lines.push((6, 1, Vec::new()));
            }
            events.push((day, Event::Order { buyer: person.id, lines, cancelled: rng.u8(..40) == 0 }));
            day += every + rng.i64(-7..8).max(1 - every);
        }
    }
    let organizations: Vec<&Party> = register.iter().filter(|p| p.facts.kind == PartyKind::Organization).collect();
    for (i, organization) in organizations.iter().enumerate() {
        let people = staff.get(&organization.id).cloned().unwrap_or_default();
        if i % 8 == 0 && !account_managers.is_empty() {
            // A client: bought advice first, then signed a retainer.
            let signed = rng.i64(120..HISTORY_DAYS - 60);
            events.push((
                signed - 60,
                Event::Order { buyer: organization.id, lines: vec![(6, 1, Vec::new())], cancelled: false },
            ));
            let manager = account_managers[(i / 8) % account_managers.len()];
            events.push((signed, Event::Contract { client: organization.id, manager }));
            let mut month = signed + 30;
            while month < HISTORY_DAYS {
                events.push((
                    month,
                    Event::Order { buyer: organization.id, lines: vec![(7, 1, Vec::new())], cancelled: false },
                ));
                month += 30;
            }
            for back in [45, 15, 2] {
                events.push((HISTORY_DAYS - back, Event::Usage { client: organization.id, hours: rng.u32(4..14) }));
            }
            continue;
        }
        if i % 3 == 2 {
            continue;
        }
        // A company buying supplies and treatments for its staff: its
        // people are the consumers.
        let mut day = rng.i64(0..HISTORY_DAYS / 2);
        let every = rng.i64(25..60);
        // Every other buying company is a key account with an account
        // manager, and some of those ask for tax advice now and then: the
        // clients of tomorrow, in an account manager's own book.
        let key_account = i % 2 == 0 && !account_managers.is_empty();
        if key_account {
            let manager = account_managers[(i / 2) % account_managers.len()];
            events.push((day, Event::KeyAccount { party: organization.id, manager }));
        }
        while day < HISTORY_DAYS {
            let users: Vec<PartyId> = people.iter().copied().filter(|_| rng.u8(..2) == 0).take(2).collect();
            let mut lines = vec![(rng.usize(0..2), rng.u32(2..12), Vec::new()), (rng.usize(2..5), 1, users)];
            if key_account && rng.u8(..3) == 0 {
                lines.push((6, 1, Vec::new()));
            }
            events.push((day, Event::Order { buyer: organization.id, lines, cancelled: false }));
            day += every;
        }
    }
    events.sort_by_key(|(day, _)| *day);
    events
}
