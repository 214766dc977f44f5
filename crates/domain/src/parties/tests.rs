use super::*;
use proptest::prelude::*;
use time::macros::date;

fn ctx() -> ParseContext {
    ParseContext { phone_region: Region::parse("ID").expect("region"), today: date!(2026 - 11 - 24) }
}

fn person(name: &str) -> PartyInput {
    PartyInput { kind: "person".into(), name: name.into(), ..Default::default() }
}

fn fields(errors: &ValidationErrors) -> Vec<(&str, &str)> {
    errors.0.iter().map(|e| (e.field.as_str(), e.code)).collect()
}

#[test]
fn a_full_person_parses() {
    let input = PartyInput {
        emails: vec![EmailInput::Bare("budi@example.co.id".into())],
        phones: vec![PhoneInput::Labelled(LabelledPhone {
            number: "0812 3456 7890".into(),
            label: Some("mobile".into()),
        })],
        birthday: Some("1990-05-17".into()),
        tags: vec!["VIP".into(), "vip".into(), "Jakarta".into()],
        ..person("Budi Santoso")
    };
    let facts = PartyFacts::parse(&input, ctx()).expect("valid");
    assert_eq!(facts.kind, PartyKind::Person);
    assert_eq!(facts.phones[0].number.as_str(), "+6281234567890");
    assert_eq!(facts.phones[0].label.as_deref(), Some("mobile"));
    assert_eq!(facts.birthday, Some(date!(1990 - 05 - 17)));
    let tags: Vec<_> = facts.tags.iter().map(Tag::as_str).collect();
    assert_eq!(tags, ["jakarta", "vip"]);
    assert_eq!(facts.search_text(), "budi santoso budi@example.co.id +6281234567890");
}

#[test]
fn every_bad_field_is_reported_with_its_path() {
    let input = PartyInput {
        kind: "robot".into(),
        name: " ".into(),
        emails: vec![EmailInput::Bare("ok@example.com".into()), EmailInput::Bare("nope".into())],
        phones: vec![PhoneInput::Bare("123".into())],
        birthday: Some("2099-01-01".into()),
        tags: vec!["a,b".into()],
        ..Default::default()
    };
    let errors = PartyFacts::parse(&input, ctx()).expect_err("invalid");
    assert_eq!(
        fields(&errors),
        [
            ("kind", "invalid_kind"),
            ("name", "required"),
            ("emails[1]", "invalid_email"),
            ("phones[0]", "invalid_phone"),
            ("birthday", "in_future"),
            ("tags[0]", "invalid_tag"),
        ]
    );
}

#[test]
fn organizations_have_no_birthday_and_duplicates_are_refused() {
    let input = PartyInput {
        kind: "organization".into(),
        name: "PT Maju".into(),
        birthday: Some("2000-01-01".into()),
        emails: vec![EmailInput::Bare("a@example.com".into()), EmailInput::Bare("A@example.com".into())],
        ..Default::default()
    };
    let errors = PartyFacts::parse(&input, ctx()).expect_err("invalid");
    assert_eq!(fields(&errors), [("emails[1]", "duplicate"), ("birthday", "not_a_person")]);
}

#[test]
fn a_patch_changes_only_what_it_names() {
    let input = PartyInput { birthday: Some("1990-05-17".into()), tags: vec!["vip".into()], ..person("Ada") };
    let facts = PartyFacts::parse(&input, ctx()).expect("valid");
    let patch = PartyPatch { name: Patch::Set("Ada L.".into()), birthday: Patch::Clear, ..Default::default() };
    let patched = facts.patched(patch, ctx()).expect("valid patch");
    assert_eq!(patched.name.as_str(), "Ada L.");
    assert_eq!(patched.birthday, None);
    assert_eq!(patched.tags, facts.tags);

    let unchanged = facts.patched(PartyPatch::default(), ctx()).expect("empty patch");
    assert_eq!(unchanged, facts);

    let bad = PartyPatch { emails: Patch::Set(vec![EmailInput::Bare("x".into())]), ..Default::default() };
    assert_eq!(fields(&facts.patched(bad, ctx()).expect_err("bad email")), [("emails[0]", "invalid_email")]);

    let cleared = PartyPatch { tags: Patch::Clear, ..Default::default() };
    assert!(facts.patched(cleared, ctx()).expect("cleared tags").tags.is_empty());
    let nameless = PartyPatch { name: Patch::Clear, internal: Patch::Clear, ..Default::default() };
    assert_eq!(
        fields(&facts.patched(nameless, ctx()).expect_err("null name")),
        [("name", "required"), ("internal", "required")]
    );
}

#[test]
fn patch_json_distinguishes_absent_from_null() {
    let absent: PartyPatch = serde_json::from_str("{}").expect("json");
    assert_eq!(absent.birthday, Patch::Unchanged);
    let null: PartyPatch = serde_json::from_str(r#"{"birthday": null}"#).expect("json");
    assert_eq!(null.birthday, Patch::Clear);
    let set: PartyPatch = serde_json::from_str(r#"{"birthday": "2000-02-29"}"#).expect("json");
    assert_eq!(set.birthday, Patch::Set("2000-02-29".to_owned()));
    assert!(serde_json::from_str::<PartyPatch>(r#"{"kind": "person"}"#).is_err());
    let misspelt = r#"{"kind": "person", "name": "A", "emails": [{"address": "a@example.com", "lable": "work"}]}"#;
    assert!(serde_json::from_str::<PartyInput>(misspelt).is_err());
}

#[test]
fn a_party_serializes_flat_and_reads_back() {
    let facts =
        PartyFacts::parse(&PartyInput { birthday: Some("1990-05-17".into()), ..person("Ada") }, ctx()).expect("valid");
    let at = time::macros::datetime!(2026-11-24 10:00 UTC);
    let party = Party {
        id: PartyId(uuid::Uuid::nil()),
        workspace_id: WorkspaceId(uuid::Uuid::nil()),
        facts,
        owner_id: None,
        version: 3,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    };
    let json = serde_json::to_value(&party).expect("json");
    assert_eq!(json["name"], "Ada");
    assert_eq!(json["birthday"], "1990-05-17");
    assert_eq!(json["created_at"], "2026-11-24T10:00:00Z");
    assert_eq!(json["deleted_at"], serde_json::Value::Null);
    let keys: Vec<_> = json.as_object().expect("object").keys().cloned().collect();
    assert_eq!(keys.len(), 15, "{keys:?}");
    assert_eq!(serde_json::from_value::<Party>(json).expect("reads back"), party);
}

proptest! {
    #[test]
    fn parsing_never_panics_and_round_trips(
        kind in prop_oneof![Just("person".to_owned()), Just("organization".to_owned()), "\\PC{0,12}"],
        name in "\\PC{0,40}",
        // Mostly addresses that parse, so that the round trip is exercised,
        // and now and then any text.
        email in prop_oneof![4 => "[a-z][a-z0-9]{0,10}@[a-z]{1,12}\\.(com|id|pl)", 1 => "\\PC{0,30}"],
        phone in prop_oneof!["08[1-9][0-9]{7,10}", "\\+[1-9][0-9]{6,13}", "[+0-9 -]{0,16}"],
        tag in "\\PC{0,12}",
    ) {
        let input = PartyInput {
            kind,
            name,
            emails: vec![EmailInput::Bare(email)],
            phones: vec![PhoneInput::Bare(phone)],
            tags: vec![tag],
            ..Default::default()
        };
        if let Ok(facts) = PartyFacts::parse(&input, ctx()) {
            // What was accepted, written back as input, parses to the same facts.
            prop_assert_eq!(PartyFacts::parse(&facts.to_input(), ctx()), Ok(facts.clone()));
        }
    }
}
