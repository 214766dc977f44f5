use std::collections::BTreeMap;

use rapport_core::classification::Cause;
use rapport_core::value::store::{Purpose, Segment};
use rapport_core::{Actor, AppError, on_both_backends};
use rapport_domain::classification::{Kind, Lifecycle};
use rapport_domain::common::locale::Currency;
use rapport_domain::value;
use rapport_domain::value::cdnow;
use rapport_domain::value::clv::Horizon;
use rapport_domain::workspaces::WorkspaceSettings;
use time::macros::date;

const SAMPLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/cdnow/CDNOW_sample.txt"));

/// The first `customers` customers of the CDNOW sample, all their lines.
fn sample(customers: usize) -> Vec<cdnow::Line> {
    let lines = cdnow::parse(SAMPLE).expect("the sample parses");
    let mut kept: Vec<String> = lines.iter().map(|l| l.customer.clone()).collect();
    kept.sort();
    kept.dedup();
    kept.truncate(customers);
    lines.into_iter().filter(|l| kept.binary_search(&l.customer).is_ok()).collect()
}

on_both_backends! {
    async fn cdnow_purchases_fit_as_the_domain_fits_them_and_drive_value_and_lifecycles(t: &TestDb) {
        let (app, _) = t.app().await;
        let settings = WorkspaceSettings {
            currency: Currency::parse("USD").expect("USD"),
            ..WorkspaceSettings::default_for_new_installation()
        };
        let workspace = app.create_workspace("cdnow", settings).await.expect("workspace");
        let actor = Actor::system(workspace.id, "system:test");
        let lines = sample(400);
        let imported = app.import_cdnow(&actor, &lines, |_| {}).await.expect("import");
        assert_eq!((imported.customers, imported.orders), (400, lines.len() as u64));
        assert!(matches!(app.import_cdnow(&actor, &lines, |_| {}).await, Err(AppError::Conflict(_))), "imported once only");

        // The fit from the stored orders is the fit of the same purchases read from the file.
        let end = date!(1997 - 09 - 30);
        let fitted = app.fit_value_models(&actor, Some(end)).await.expect("fit");
        let mut by_customer: BTreeMap<&str, Vec<value::Purchase>> = BTreeMap::new();
        for line in &lines {
            by_customer.entry(&line.customer).or_default().push(line.purchase);
        }
        let summaries: Vec<_> = by_customer.values().filter_map(|p| value::summarize(p, end)).collect();
        let expected = value::fit(&summaries, end, "USD").expect("domain fit");
        let (got, want) = (fitted.fit.bgnbd.params, expected.bgnbd.params);
        for (a, b) in [(got.r, want.r), (got.alpha, want.alpha), (got.a, want.a), (got.b, want.b)] {
            assert!((a - b).abs() <= 1e-9 * b.abs(), "{got:?} against {want:?}");
        }
        assert_eq!((fitted.fit.customers, fitted.fit.repeat_customers), (expected.customers, expected.repeat_customers));
        assert_eq!(fitted.fit.data_from, date!(1997 - 01 - 01));
        assert_eq!(app.value_model(&actor, Purpose::InUse).await.expect("in use").id, fitted.id);

        // Lifecycles now follow the model: long quiet since 1997, repeat buyers are lapsed by it.
        let repeat = by_customer.iter().find(|(_, p)| {
            let mut days: Vec<_> = p.iter().map(|x| x.on).filter(|d| *d <= end).collect();
            days.sort();
            days.dedup();
            days.len() >= 3
        });
        let (repeat_id, _) = repeat.expect("a customer who came back twice");
        let request = rapport_core::parties::ListRequest { q: Some(format!("CDNOW customer {repeat_id}")), ..Default::default() };
        let party = app.list_parties(&actor, &request).await.expect("list").items[0].id;
        let relationship = app.relationship(&actor, party).await.expect("relationship").classification;
        assert_eq!((relationship.primary, relationship.lifecycle), (Kind::Customer, Some(Lifecycle::Lapsed)));
        let words = &relationship.explanation.iter().find(|r| r.rule == "lifecycle").expect("lifecycle").text;
        assert!(words.starts_with("the purchase model fitted on 1997-09-30 puts the chance they still buy below 20 %"), "{words}");
        // Lapsed by the days-based rules before the fit too: reworded, not a change of stage.
        let history = app.relationship_history(&actor, party, None, 1).await.expect("history");
        assert_eq!(history[0].cause, "order.create");

        // What the model says of that customer.
        let worth = app.party_value(&actor, party, Horizon::default()).await.expect("value");
        let figures = worth.value.expect("both models fitted");
        assert!((0.0..0.2).contains(&figures.p_alive), "{figures:?}");
        assert!(figures.lifetime_value >= 0.0 && figures.expected_value > 0.0);
        assert_eq!(worth.model_id, Some(fitted.id));

        // A validation keeps its tracking, and leaves the model in use alone.
        let validated = app.validate_value_models(&actor, end, Some(date!(1998 - 06 - 30))).await.expect("validate");
        let tracking = validated.fit.tracking.as_ref().expect("tracking");
        assert_eq!(tracking.weeks.len(), 78);
        let holdout_actual: u64 = by_customer
            .values()
            .flat_map(|p| {
                let mut days: Vec<_> = p.iter().map(|x| x.on).collect();
                days.sort();
                days.dedup();
                days.into_iter().skip(1).filter(|d| *d > end)
            })
            .count() as u64;
        assert_eq!(tracking.holdout_actual, holdout_actual);
        assert_eq!(app.value_model(&actor, Purpose::InUse).await.expect("in use").id, fitted.id);
        assert_eq!(app.value_model(&actor, Purpose::Validation).await.expect("validation").id, validated.id);
        assert!(matches!(app.validate_value_models(&actor, end, Some(end)).await, Err(AppError::Validation(_))));
        assert!(matches!(app.fit_value_models(&actor, Some(date!(2999 - 01 - 01))).await, Err(AppError::Validation(_))));

        // The forecast covers the customers, segment by segment.
        let all = app.value_forecast(&actor, &Segment::default(), 8).await.expect("forecast");
        assert_eq!((all.customers, all.weeks.len()), (400, 8));
        assert!(all.weeks.iter().all(|w| w.transactions >= 0.0 && w.revenue >= 0.0));
        let spread = app.value_distribution(&actor, 8).await.expect("distribution");
        assert_eq!(spread.customers, 400);
        assert_eq!(spread.bands.iter().map(|b| b.customers).sum::<u64>(), 400);
        assert!(spread.bands.len() <= 9 && spread.bands.windows(2).all(|w| w[0].from <= w[1].from));
        let tagged = Segment { tag: Some("cdnow".into()), ..Default::default() };
        assert_eq!(app.value_forecast(&actor, &tagged, 8).await.expect("forecast").customers, 400);

        // The scheduled job fits again where the fit in use is a week old, once.
        let today = app.today(workspace.id).await.expect("the workspace's today");
        let (fitted_now, _) = app.refit_stale_models().await.expect("refit");
        assert!(fitted_now >= 1);
        let refitted = app.value_model(&actor, Purpose::InUse).await.expect("in use");
        assert_eq!((refitted.fit.calibration_end, refitted.actor.as_str()), (today, "system:scheduler"));
        assert_eq!(app.refit_stale_models().await.expect("refit").0, 0, "nothing is a week old now");

        // Nobody here is a candidate: every repeat buyer has lapsed.
        let candidates = app.conversion_candidates(&actor, 10).await.expect("candidates");
        assert!(candidates.is_empty(), "{} candidates", candidates.len());
        let cause = Cause { what: "time", actor: "system:test" };
        app.reclassify_workspace(workspace.id, date!(1997 - 10 - 01), cause).await.expect("as of October 1997");
        // Stages differ as of then, and a segment takes in one of them.
        let returning = Segment { lifecycle: Some(Lifecycle::Returning), ..Default::default() };
        let some = app.value_forecast(&actor, &returning, 8).await.expect("forecast");
        assert!(some.customers > 0 && some.customers < all.customers, "{} of {}", some.customers, all.customers);
        let candidates = app.conversion_candidates(&actor, 10).await.expect("candidates");
        assert!(!candidates.is_empty());
        assert!(candidates.windows(2).all(|w| w[0].candidate.score >= w[1].candidate.score));
        assert!(candidates.iter().all(|c| !c.candidate.reasons.is_empty() && c.p_alive.is_some()));
    }
}
