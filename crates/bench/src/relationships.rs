//! The relationship benchmarks' tools: a generator of large registers with
//! their order history, and the extra cost of classification per order write.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use anyhow::Context;
use rapport_core::classification::Cause;
use rapport_core::{Actor, App, Db, kernel::clock, on_conn};
use rapport_domain::classification::{OrderFact, Purchases};
use rapport_domain::commerce::{OfferingKind, order_number};
use rapport_domain::common::ids::{OfferingId, OrderId, PartyId};
use rapport_domain::parties::{ParseContext, Party, PartyFacts, PartyKind};
use serde_json::json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Parties written per transaction while generating.
const BATCH: usize = 2_000;
/// Rows per multi-row INSERT (under SQLite's 32,766 bound parameters).
const ROWS_PER_INSERT: usize = 1_500;

/// One generated order.
struct GeneratedOrder {
    id: Uuid,
    number: String,
    buyer: PartyId,
    at: OffsetDateTime,
    status: &'static str,
    offering: (OfferingId, OfferingKind),
    end_users: Vec<PartyId>,
}

/// What a consumer uses, gathered while orders are generated.
#[derive(Default)]
struct Use {
    count: u32,
    /// When, in which order (by number) and from whom it was first used.
    first: Option<(OffsetDateTime, String, PartyId)>,
}

/// Fills the default workspace with `parties` parties and about `orders`
/// orders over the last three years: four in five parties buy, a fifth of
/// them organizations whose orders name employees as end users; some
/// organizations are clients on retainers, some have account managers.
/// Order summaries are written as each write would keep them; the
/// classifications are left for `rapport reclassify` to compute.
pub async fn generate(url: &str, parties: usize, orders: usize, seed: u64) -> anyhow::Result<()> {
    let db = Db::connect(url).await.context("connecting")?;
    rapport_core::kernel::migrate::run(&db).await?;
    let app = App::new(db.clone());
    let workspace = app.ensure_default_workspace().await?;
    let actor = Actor::system(workspace.id, "system:bench");
    let started = Instant::now();
    let mut rng = fastrand::Rng::with_seed(seed);
    let catalogue = offerings(&app, &actor).await?;
    let today = clock::Clock::system().now().date();
    let ctx = ParseContext { phone_region: workspace.settings.phone_region, today };

    // Parties, and who among them buys how often.
    let inputs = rapport_core::demo::parties(parties, seed);
    let mut all = Vec::with_capacity(parties);
    for chunk in inputs.chunks(BATCH) {
        let mut tx = db.begin(clock::Clock::system().now()).await?;
        for input in chunk {
            let facts = PartyFacts::parse(input, ctx).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let now = clock::Clock::system().now();
            let party = Party {
                id: PartyId(clock::new_id()),
                workspace_id: workspace.id,
                facts,
                owner_id: None,
                version: 1,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            rapport_core::parties::store::insert(tx.exec(), &party).await?;
            all.push((party.id, party.facts.kind));
        }
        tx.commit().await?;
    }
    println!("parties: {parties} in {:.1} s", started.elapsed().as_secs_f64());

    let people: Vec<PartyId> = all.iter().filter(|(_, k)| *k == PartyKind::Person).map(|(id, _)| *id).collect();
    // Four in five parties buy; the mean number of orders per buyer makes the total.
    let mean = orders as f64 / (parties as f64 * 0.8);
    let mut uses: HashMap<PartyId, Use> = HashMap::new();
    // Each year's orders are numbered in the order generated, as the
    // product's counter would have numbered them.
    let mut counters: BTreeMap<i32, i64> = BTreeMap::new();
    let mut written = 0usize;
    let now = clock::Clock::system().now();
    for chunk in all.chunks(BATCH) {
        let mut batch = Vec::new();
        let mut summaries = Vec::new();
        for (party, kind) in chunk {
            if rng.u8(..5) == 0 {
                // Buys nothing: an empty summary, as the product writes one
                // for every party it creates.
                summaries.push((*party, None));
                continue;
            }
            // Geometric with the wanted mean: many buy a few times, a few buy often.
            let p = 1.0 / mean.max(1.0);
            let mut count = 1usize;
            while rng.f64() > p && count < 400 {
                count += 1;
            }
            let mut facts = Vec::with_capacity(count);
            for _ in 0..count {
                let at = now - Duration::from_secs(rng.u64(0..3 * 365 * 86_400));
                let status = match rng.u8(..100) {
                    0..=2 => "cancelled",
                    3..=4 => "refunded",
                    5..=40 => "fulfilled",
                    _ => "paid",
                };
                let offering = catalogue[rng.usize(..catalogue.len())];
                let end_users = if *kind == PartyKind::Organization && !people.is_empty() {
                    (0..rng.usize(0..3)).map(|_| people[rng.usize(..people.len())]).collect()
                } else {
                    Vec::new()
                };
                let sequence = counters.entry(at.year()).and_modify(|n| *n += 1).or_insert(1);
                let number = order_number(at.year(), *sequence);
                let order =
                    GeneratedOrder { id: clock::new_id(), number, buyer: *party, at, status, offering, end_users };
                facts.push(OrderFact {
                    reference: order.number.clone(),
                    ordered_on: at.date(),
                    counts: !matches!(status, "cancelled" | "refunded"),
                    offerings: vec![offering.1],
                });
                if order.status != "cancelled" && order.status != "refunded" {
                    for user in &order.end_users {
                        let entry = uses.entry(*user).or_default();
                        entry.count += 1;
                        if entry.first.as_ref().is_none_or(|(first, _, _)| at < *first) {
                            entry.first = Some((at, order.number.clone(), *party));
                        }
                    }
                }
                batch.push(order);
            }
            summaries.push((*party, Purchases::summarize(&facts)));
        }
        written += batch.len();
        let mut tx = db.begin(clock::Clock::system().now()).await?;
        insert_orders(&mut tx, workspace.id.0, &batch).await?;
        insert_summaries(&mut tx, workspace.id.0, &summaries, today).await?;
        tx.commit().await?;
    }
    let mut tx = db.begin(clock::Clock::system().now()).await?;
    for (year, last) in &counters {
        on_conn!(tx.exec(), c => {
            sqlx::query("INSERT INTO order_counters (workspace_id, year, last) VALUES ($1, $2, $3)")
                .bind(workspace.id.0)
                .bind(*year)
                .bind(*last)
                .execute(&mut *c)
                .await?;
        });
    }
    tx.commit().await?;
    println!("orders: {written} in {:.1} s", started.elapsed().as_secs_f64());

    // Consumers: their use of what organizations bought.
    let mut tx = db.begin(clock::Clock::system().now()).await?;
    for (party, found) in &uses {
        if let Some((_, order, buyer)) = &found.first {
            on_conn!(tx.exec(), c => {
                sqlx::query(
                    "INSERT INTO party_relationships (party_id, workspace_id, purchase_days, use_count, primary_kind, \
                     kinds, explanation, classified_on, updated_at, revision, first_use_order, first_use_buyer_id) \
                     VALUES ($1, $2, 0, $3, 'prospect', 16, '[]', $4, $5, 1, $6, $7) \
                     ON CONFLICT (party_id) DO UPDATE SET use_count = excluded.use_count, \
                     first_use_order = excluded.first_use_order, first_use_buyer_id = excluded.first_use_buyer_id",
                )
                .bind(party.0)
                .bind(workspace.id.0)
                .bind(i64::from(found.count))
                .bind(today)
                .bind(now)
                .bind(order)
                .bind(buyer.0)
                .execute(&mut *c)
                .await?;
            });
        }
    }
    tx.commit().await?;
    println!("consumers: {} in {:.1} s", uses.len(), started.elapsed().as_secs_f64());
    // What each row knows of its party, as the product writes it.
    let mut tx = db.begin(clock::Clock::system().now()).await?;
    on_conn!(tx.exec(), c => {
        sqlx::query(
            "UPDATE party_relationships SET \
             party_kind = (SELECT p.kind FROM parties p WHERE p.id = party_relationships.party_id), \
             internal = (SELECT p.internal FROM parties p WHERE p.id = party_relationships.party_id), \
             first_use_buyer_name = (SELECT b.name FROM parties b WHERE b.id = party_relationships.first_use_buyer_id)",
        )
        .execute(&mut *c)
        .await?;
    });
    tx.commit().await?;
    // After a bulk load PostgreSQL's statistics still describe empty
    // tables, and its planner then scans whole indexes for single rows;
    // autovacuum would catch up later, a bulk import should not wait for it.
    let mut conn = db.acquire().await?;
    if let rapport_core::kernel::db::Exec::Postgres(c) = conn.exec() {
        sqlx::query("ANALYZE").execute(&mut *c).await?;
    }
    drop(conn);

    // Clients and account teams, through the product's own use cases.
    let organizations: Vec<PartyId> =
        all.iter().filter(|(_, k)| *k == PartyKind::Organization).map(|(id, _)| *id).collect();
    let managers = account_managers(&app, &actor).await?;
    let (mut contracts, mut assigned) = (0, 0);
    for (i, org) in organizations.iter().enumerate() {
        if i % 50 == 0 {
            retainer(&app, &actor, *org).await?;
            contracts += 1;
        }
        if i % 20 == 7 {
            let manager = managers[i % managers.len()];
            app.assign(&actor, *org, manager, rapport_domain::classification::TeamRole::AccountManager).await?;
            assigned += 1;
        }
    }
    println!("contracts: {contracts}, account managers: {assigned}; done in {:.1} s", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}

async fn offerings(app: &App, actor: &Actor) -> anyhow::Result<Vec<(OfferingId, OfferingKind)>> {
    let kinds = [
        ("goods", OfferingKind::Goods, 20),
        ("service", OfferingKind::Service, 10),
        ("professional_service", OfferingKind::ProfessionalService, 5),
        ("subscription", OfferingKind::Subscription, 5),
    ];
    let mut catalogue = Vec::new();
    for (name, kind, count) in kinds {
        for i in 0..count {
            let input =
                serde_json::from_value(json!({"name": format!("{name} {i}"), "kind": name, "price": "150000"}))?;
            catalogue.push((app.create_offering(actor, &input).await?.id, kind));
        }
    }
    Ok(catalogue)
}

async fn account_managers(app: &App, actor: &Actor) -> anyhow::Result<Vec<rapport_domain::common::ids::UserId>> {
    let mut managers = Vec::new();
    for i in 0..20 {
        let input = serde_json::from_value(json!({
            "email": format!("manager{i}@example.co.id"), "display_name": format!("Manager {i}"),
            "password": "correct horse battery", "role": "account_manager"
        }))?;
        managers.push(app.create_user(actor, actor.workspace_id, &input).await?.id);
    }
    Ok(managers)
}

async fn retainer(app: &App, actor: &Actor, client: PartyId) -> anyhow::Result<()> {
    use rapport_core::contracts::Step;
    use rapport_domain::contracts::Side;
    let input = serde_json::from_value(json!({
        "client_id": client, "title": "Retainer", "scope": "Advice",
        "fee": {"type": "retainer", "amount_minor": 1_000_000, "period_days": 30},
        "starts_on": "2026-01-01", "ends_on": "2027-12-31"
    }))?;
    let drafted = app.create_contract(actor, &input).await?;
    let on = time::macros::date!(2025 - 12 - 15);
    for step in
        [Step::Send, Step::Sign { side: Side::Client, on }, Step::Sign { side: Side::Provider, on }, Step::Activate]
    {
        app.contract_step(actor, drafted.id, None, step).await?;
    }
    Ok(())
}

async fn insert_orders(
    tx: &mut rapport_core::kernel::db::Tx,
    workspace: Uuid,
    orders: &[GeneratedOrder],
) -> anyhow::Result<()> {
    let lines: Vec<(Uuid, &GeneratedOrder)> = orders.iter().map(|o| (clock::new_id(), o)).collect();
    on_conn!(tx.exec(), c => {
        for chunk in orders.chunks(ROWS_PER_INSERT) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO orders (id, workspace_id, buyer_id, ordered_at, status, channel, currency, total_minor, \
                 version, created_at, updated_at, number) ",
            );
            query.push_values(chunk, |mut row, o| {
                row.push_bind(o.id)
                    .push_bind(workspace)
                    .push_bind(o.buyer.0)
                    .push_bind(o.at)
                    .push_bind(o.status)
                    .push_bind("shop")
                    .push_bind("IDR")
                    .push_bind(150_000_i64)
                    .push_bind(1_i64)
                    .push_bind(o.at)
                    .push_bind(o.at)
                    .push_bind(&o.number);
            });
            query.build().execute(&mut *c).await?;
        }
        for chunk in lines.chunks(ROWS_PER_INSERT) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO order_lines (id, order_id, position, offering_id, quantity, unit_price_minor, \
                 discount_minor) ",
            );
            query.push_values(chunk, |mut row, (line, o)| {
                row.push_bind(*line)
                    .push_bind(o.id)
                    .push_bind(0_i64)
                    .push_bind(o.offering.0.0)
                    .push_bind(1_i64)
                    .push_bind(150_000_i64)
                    .push_bind(0_i64);
            });
            query.build().execute(&mut *c).await?;
        }
        let users: Vec<(Uuid, PartyId)> = lines
            .iter()
            .flat_map(|(line, o)| {
                let mut distinct = o.end_users.clone();
                distinct.sort();
                distinct.dedup();
                distinct.into_iter().map(move |u| (*line, u))
            })
            .collect();
        for chunk in users.chunks(ROWS_PER_INSERT) {
            let mut query = sqlx::QueryBuilder::new("INSERT INTO order_end_users (order_line_id, party_id) ");
            query.push_values(chunk, |mut row, (line, user)| {
                row.push_bind(*line).push_bind(user.0);
            });
            query.build().execute(&mut *c).await?;
        }
    });
    Ok(())
}

/// Summaries as the writes would have kept them, under a placeholder
/// classification for `rapport reclassify` to replace.
async fn insert_summaries(
    tx: &mut rapport_core::kernel::db::Tx,
    workspace: Uuid,
    summaries: &[(PartyId, Option<Purchases>)],
    today: Date,
) -> anyhow::Result<()> {
    let now = clock::Clock::system().now();
    on_conn!(tx.exec(), c => {
        for chunk in summaries.chunks(ROWS_PER_INSERT) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO party_relationships (party_id, workspace_id, purchase_days, first_purchase_on, \
                 last_purchase_on, professional_order, use_count, primary_kind, kinds, explanation, classified_on, \
                 updated_at, revision) ",
            );
            query.push_values(chunk, |mut row, (party, purchases)| {
                let p = purchases.as_ref();
                row.push_bind(party.0)
                    .push_bind(workspace)
                    .push_bind(p.map_or(0, |p| i64::from(p.days)))
                    .push_bind(p.map(|p| p.first_on))
                    .push_bind(p.map(|p| p.last_on))
                    .push_bind(p.and_then(|p| p.professional_order.clone()))
                    .push_bind(0_i64)
                    .push_bind("prospect")
                    .push_bind(16_i64)
                    .push_bind("[]")
                    .push_bind(today)
                    .push_bind(now)
                    .push_bind(1_i64);
            });
            query.build().execute(&mut *c).await?;
        }
    });
    Ok(())
}

/// The extra cost of keeping classifications with each order write: the
/// same order written with and without the refresh of its parties, in
/// alternating rounds, on a generated register.
pub async fn order_cost(url: &str, orders: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await.context("connecting")?;
    let app = App::new(db.clone());
    let workspace = app.ensure_default_workspace().await?;
    let actor = Actor::system(workspace.id, "system:bench");
    // Buyers with an order history, and an offering.
    let mut tx = db.begin_read(clock::Clock::system().now()).await?;
    let states = rapport_core::classification::store::states(tx.exec(), workspace.id, None, None, 5_000).await?;
    drop(tx);
    let buyers: Vec<PartyId> = states.iter().filter(|s| s.summary.purchases.is_some()).map(|s| s.id).collect();
    let offering = app.offerings(&actor, false).await?.first().map(|o| o.id).context("no offerings: generate first")?;
    anyhow::ensure!(!buyers.is_empty(), "no buyers: generate first");
    let mut with = Vec::new();
    let mut without = Vec::new();
    let rounds = 10;
    for round in 0..rounds * 2 {
        let refresh = round % 2 == 0;
        let started = Instant::now();
        for i in 0..orders / rounds {
            let buyer = buyers[(round * orders + i) % buyers.len()];
            write_order(&app, &actor, buyer, offering, refresh).await?;
        }
        let per_order = started.elapsed().as_secs_f64() * 1e6 / (orders / rounds) as f64;
        if refresh { with.push(per_order) } else { without.push(per_order) }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (w, wo) = (median(&mut with), median(&mut without));
    println!(
        "order write without classification: {wo:.0} µs; with: {w:.0} µs; extra {:.0} µs ({:.2}×)",
        w - wo,
        w / wo
    );
    db.close().await;
    Ok(())
}

/// Writes one order with its audit entry, refreshing its buyer's
/// classification in the same transaction when `refresh`.
async fn write_order(
    app: &App,
    actor: &Actor,
    buyer: PartyId,
    offering: OfferingId,
    refresh: bool,
) -> anyhow::Result<()> {
    let now = clock::Clock::system().now();
    let idr = rapport_domain::common::locale::Currency::parse("IDR").map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let money = |minor: i64| rapport_domain::common::money::Money { minor, currency: idr.clone() };
    let mut tx = app.db().begin(app.now()).await?;
    let sequence =
        rapport_core::commerce::store::next_order_sequence(tx.exec(), actor.workspace_id, now.year()).await?;
    let order = rapport_domain::commerce::Order {
        id: OrderId(clock::new_id()),
        number: rapport_domain::commerce::order_number(now.year(), sequence),
        workspace_id: actor.workspace_id,
        buyer_id: buyer,
        ordered_at: now,
        status: rapport_domain::commerce::OrderStatus::Paid,
        channel: None,
        lines: vec![rapport_domain::commerce::OrderLine {
            offering_id: offering,
            quantity: 1,
            unit_price: money(150_000),
            discount: money(0),
            end_user_ids: vec![],
        }],
        total: money(150_000),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    rapport_core::commerce::store::insert_order(tx.exec(), &order).await?;
    let entry = rapport_domain::common::audit::AuditEntry {
        id: rapport_domain::common::ids::AuditId(clock::new_id()),
        workspace_id: actor.workspace_id,
        actor: actor.label.clone(),
        action: "create".into(),
        entity_type: "order".into(),
        entity_id: order.id.0,
        before: None,
        after: Some(serde_json::to_value(&order)?),
        at: now,
    };
    rapport_core::kernel::store::audit::record(tx.exec(), &entry, &[buyer]).await?;
    if refresh {
        let cause = Cause { what: "order.create", actor: &actor.label };
        app.refresh_relationships(&mut tx, actor.workspace_id, &[buyer], cause).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The floor a reclassification is measured against: reading the rows a
/// pass reads (every live party with its stored relationship, in chunks of
/// the same size, in one transaction each), decoding every column, and
/// computing and writing nothing.
pub async fn scan(url: &str) -> anyhow::Result<()> {
    use sqlx::Row;
    let db = Db::connect(url).await.context("connecting")?;
    let started = Instant::now();
    let mut after = Uuid::nil();
    let mut rows = 0usize;
    loop {
        let mut tx = db.begin(clock::Clock::system().now()).await?;
        let (count, last) = on_conn!(tx.exec(), c => {
            let found = sqlx::query(
                "SELECT r.party_id, r.party_kind, r.internal, r.purchase_days, r.first_purchase_on, \
                 r.last_purchase_on, r.professional_order, r.use_count, r.first_use_order, r.first_use_buyer_id, \
                 r.first_use_buyer_name, r.primary_kind, r.kinds, r.lifecycle, r.b2b, r.fingerprint, \
                 r.classified_on, r.revision, r.live, o.kind AS override_kind \
                 FROM party_relationships r LEFT JOIN relationship_overrides o ON o.party_id = r.party_id \
                 WHERE r.live AND r.party_id > $1 ORDER BY r.party_id LIMIT 5000",
            )
            .bind(after)
            .fetch_all(&mut *c)
            .await?;
            let mut last = None;
            for row in &found {
                let id: Uuid = row.try_get("party_id")?;
                let _: (String, bool, i64, Option<Date>, Option<Date>, Option<String>) = (
                    row.try_get("party_kind")?,
                    row.try_get("internal")?,
                    row.try_get("purchase_days")?,
                    row.try_get("first_purchase_on")?,
                    row.try_get("last_purchase_on")?,
                    row.try_get("professional_order")?,
                );
                let _: (i64, Option<String>, Option<Uuid>, Option<String>, String, i64) = (
                    row.try_get("use_count")?,
                    row.try_get("first_use_order")?,
                    row.try_get("first_use_buyer_id")?,
                    row.try_get("first_use_buyer_name")?,
                    row.try_get("primary_kind")?,
                    row.try_get("kinds")?,
                );
                let _: (Option<String>, Option<bool>, i64, Date, i64, bool, Option<String>) = (
                    row.try_get("lifecycle")?,
                    row.try_get("b2b")?,
                    row.try_get("fingerprint")?,
                    row.try_get("classified_on")?,
                    row.try_get("revision")?,
                    row.try_get("live")?,
                    row.try_get("override_kind")?,
                );
                last = Some(id);
            }
            (found.len(), last)
        });
        tx.commit().await?;
        rows += count;
        match last {
            Some(last) if count == 5000 => after = last,
            _ => break,
        }
    }
    println!("scan: {rows} rows in {:.2} s", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}
