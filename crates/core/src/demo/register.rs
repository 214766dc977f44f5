//! The demo's register: a few hundred people and organizations of an
//! Indonesian town, made from a seed so every run produces the same one.

use rapport_domain::common::contact::AddressInput;
use rapport_domain::parties::affiliation::AffiliationInput;
use rapport_domain::parties::{EmailInput, LabelledEmail, LabelledPhone, PartyInput, PhoneInput};

use rapport_domain::parties::Party;

use crate::kernel::{Actor, App, AppError};

const GIVEN: &[&str] = &[
    "Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Putri", "Joko", "Wahyu", "Sri", "Eko", "Indah", "Fajar", "Ayu",
    "Hendra", "Lestari", "Rizky", "Nur", "Bayu", "Intan", "Dimas", "Maya", "Arief", "Ratna", "Yoga", "Kartika",
];
const FAMILY: &[&str] = &[
    "Santoso",
    "Wijaya",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Pratama",
    "Kusuma",
    "Nugroho",
    "Setiawan",
    "Halim",
    "Gunawan",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Wibowo",
    "Susanto",
    "Tanjung",
    "Purnomo",
    "Rahman",
];
const ORG_PREFIX: &[&str] = &["PT", "CV", "Toko", "Salon", "Firma Hukum", "Kantor Akuntan", "Studio Desain", "Klinik"];
const ORG_NAME: &[&str] = &[
    "Maju Jaya",
    "Sinar Abadi",
    "Nusantara",
    "Sentosa",
    "Cahaya Timur",
    "Mitra Sejahtera",
    "Harapan Baru",
    "Bintang",
    "Karya Mandiri",
    "Sumber Rejeki",
    "Anugerah",
    "Mega Kencana",
    "Bahari",
    "Lintas Data",
    "Garuda Kreasi",
];
const CITIES: &[(&str, &str)] = &[
    ("Jakarta", "DKI Jakarta"),
    ("Surabaya", "Jawa Timur"),
    ("Bandung", "Jawa Barat"),
    ("Medan", "Sumatera Utara"),
    ("Yogyakarta", "DI Yogyakarta"),
    ("Denpasar", "Bali"),
    ("Makassar", "Sulawesi Selatan"),
];
const TAGS: &[&str] = &["vip", "newsletter", "reseller", "walk-in", "referral", "instagram", "whatsapp"];
const MOBILE_PREFIXES: &[&str] = &["0812", "0813", "0821", "0852", "0857", "0878"];
const TITLES: &[&str] = &["Direktur", "Manajer Keuangan", "Staf Pembelian", "Pemilik", "Sekretaris", "Admin"];

/// The parties of a demo register of `size` parties, one in five an organization.
pub fn parties(size: usize, seed: u64) -> Vec<PartyInput> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..size).map(|i| if i % 5 == 4 { organization(&mut rng, i) } else { person(&mut rng, i) }).collect()
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn mobile(rng: &mut fastrand::Rng) -> String {
    format!("{}-{:04}-{:04}", pick(rng, MOBILE_PREFIXES), rng.u32(1000..10000), rng.u32(0..10000))
}

fn person(rng: &mut fastrand::Rng, i: usize) -> PartyInput {
    let (given, family) = (pick(rng, GIVEN), pick(rng, FAMILY));
    let email = format!("{}.{}{}@example.co.id", given.to_lowercase(), family.to_lowercase(), i);
    let internal = i.is_multiple_of(40);
    let mut tags: Vec<String> = Vec::new();
    if rng.u8(..3) == 0 {
        tags.push(pick(rng, TAGS).to_owned());
    }
    if internal {
        tags.push("staff".to_owned());
    }
    PartyInput {
        kind: "person".to_owned(),
        name: format!("{given} {family}"),
        emails: vec![EmailInput::Bare(email)],
        phones: vec![PhoneInput::Labelled(LabelledPhone { number: mobile(rng), label: Some("mobile".to_owned()) })],
        birthday: Some(format!("{}-{:02}-{:02}", rng.i32(1955..2005), rng.u8(1..13), rng.u8(1..29))),
        tags,
        internal,
        ..Default::default()
    }
}

fn organization(rng: &mut fastrand::Rng, i: usize) -> PartyInput {
    let (city, region) = CITIES[rng.usize(..CITIES.len())];
    let name = format!("{} {} {}", pick(rng, ORG_PREFIX), pick(rng, ORG_NAME), city);
    let domain = format!("{}{}.co.id", name.split_whitespace().last().unwrap_or("org").to_lowercase(), i);
    PartyInput {
        kind: "organization".to_owned(),
        name,
        emails: vec![EmailInput::Labelled(LabelledEmail {
            address: format!("info@{domain}"),
            label: Some("office".to_owned()),
        })],
        phones: vec![PhoneInput::Bare(format!("021-{:07}", rng.u32(2_000_000..9_999_999)))],
        addresses: vec![AddressInput {
            street: Some(format!("Jl. {} No. {}", pick(rng, ORG_NAME), rng.u16(1..200))),
            city: Some(city.to_owned()),
            region: Some(region.to_owned()),
            country: Some("ID".to_owned()),
            ..Default::default()
        }],
        tags: if rng.bool() { vec!["b2b".to_owned()] } else { Vec::new() },
        ..Default::default()
    }
}

/// Fills the actor's workspace with a demo register of `size` parties, and
/// affiliates most people with one of the organizations.
pub(super) async fn seed(app: &App, actor: &Actor, size: usize) -> Result<Vec<Party>, AppError> {
    let inputs = parties(size, 2026);
    let created = app.create_parties(actor, &inputs).await?;
    let (people, organizations): (Vec<_>, Vec<_>) =
        created.iter().partition(|p| p.facts.kind == rapport_domain::parties::PartyKind::Person);
    let mut rng = fastrand::Rng::with_seed(7);
    if !organizations.is_empty() {
        for person in &people {
            if rng.u8(..4) == 0 {
                continue;
            }
            let organization = organizations[rng.usize(..organizations.len())];
            let input = AffiliationInput {
                person_id: person.id,
                organization_id: organization.id,
                title: Some(pick(&mut rng, TITLES).to_owned()),
            };
            app.create_affiliation(actor, &input).await?;
        }
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use rapport_domain::common::locale::Region;
    use rapport_domain::parties::ParseContext;
    use rapport_domain::parties::PartyFacts;

    #[test]
    fn every_demo_party_is_valid_and_the_data_is_reproducible() {
        let ctx = ParseContext {
            phone_region: Region::parse("ID").expect("region"),
            today: time::macros::date!(2026 - 11 - 24),
        };
        let parties = super::parties(500, 1);
        for input in &parties {
            if let Err(errors) = PartyFacts::parse(input, ctx) {
                panic!("{input:?} is invalid: {errors}");
            }
        }
        assert_eq!(parties, super::parties(500, 1));
        assert_eq!(parties.iter().filter(|p| p.kind == "organization").count(), 100);
    }
}
