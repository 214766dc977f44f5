use rapport_core::{AppError, on_both_backends};
use rapport_domain::common::patch::Patch;
use rapport_domain::parties::affiliation::AffiliationInput;

use super::{organization, person};

on_both_backends! {
    async fn people_are_affiliated_with_organizations_once(t: &TestDb) {
        let (app, actor) = t.app().await;
        let budi = app.create_party(&actor, &person("Budi", "budi@example.com", "0812 3456 7890")).await.expect("person");
        let maju = app.create_party(&actor, &organization("PT Maju")).await.expect("org");
        let input = AffiliationInput { person_id: budi.id, organization_id: maju.id, title: Some(" Finance Director ".into()) };
        let link = app.create_affiliation(&actor, &input).await.expect("affiliate");
        assert_eq!(link.title.as_deref(), Some("Finance Director"));
        assert_eq!(app.affiliation(&actor, link.id).await.expect("read"), link);
        assert!(matches!(app.create_affiliation(&actor, &input).await, Err(AppError::Conflict(_))));

        let reversed = AffiliationInput { person_id: maju.id, organization_id: budi.id, title: None };
        match app.create_affiliation(&actor, &reversed).await {
            Err(AppError::Validation(errors)) => {
                let fields: Vec<_> = errors.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
                assert_eq!(fields, [("person_id", "not_a_person"), ("organization_id", "not_an_organization")]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }

        assert_eq!(app.affiliations_of(&actor, budi.id).await.expect("of person"), std::slice::from_ref(&link));
        assert_eq!(app.affiliations_of(&actor, maju.id).await.expect("of org"), std::slice::from_ref(&link));

        let retitled = app.retitle_affiliation(&actor, link.id, Some(1), Patch::Set("CFO".into())).await.expect("retitle");
        assert_eq!((retitled.version, retitled.title.as_deref()), (2, Some("CFO")));
        assert!(matches!(app.retitle_affiliation(&actor, link.id, Some(1), Patch::Clear).await, Err(AppError::VersionMismatch { .. })));

        app.delete_affiliation(&actor, link.id, Some(2)).await.expect("delete");
        assert!(app.affiliations_of(&actor, budi.id).await.expect("of person").is_empty());
        assert!(matches!(app.affiliation(&actor, link.id).await, Err(AppError::NotFound)));
        // Once the first link is gone the pair may be linked again.
        app.create_affiliation(&actor, &input).await.expect("affiliate again");

        let on_org: Vec<_> = app.party_audit(&actor, maju.id, 100).await.expect("audit").into_iter().map(|e| (e.entity_type, e.action)).collect();
        let expected = [("affiliation", "create"), ("affiliation", "delete"), ("affiliation", "update"), ("affiliation", "create"), ("party", "create")];
        let expected: Vec<_> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(on_org, expected);
    }

    async fn deleted_parties_cannot_be_affiliated(t: &TestDb) {
        let (app, actor) = t.app().await;
        let budi = app.create_party(&actor, &person("Budi", "budi@example.com", "0812 3456 7890")).await.expect("person");
        let maju = app.create_party(&actor, &organization("PT Maju")).await.expect("org");
        app.delete_party(&actor, maju.id, None).await.expect("delete");
        let input = AffiliationInput { person_id: budi.id, organization_id: maju.id, title: None };
        assert!(matches!(app.create_affiliation(&actor, &input).await, Err(AppError::Validation(_))));
    }
}
