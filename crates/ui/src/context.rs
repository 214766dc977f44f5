//! What every page's layout needs: who is signed in, in which language and
//! workspace, the session's CSRF token for its forms, and the helpers the
//! templates call to translate and format.

use fluent_bundle::FluentValue;
use rapport_domain::access::Role;
use rapport_domain::classification::{Kind, Lifecycle, Reason, Terminology};
use rapport_domain::common::locale::{Currency, Locale, TimeZoneName};
use rapport_domain::contracts::ContractStatus;
use time::{Date, OffsetDateTime};

use crate::{assets, format, i18n};

/// The part of the interface a page belongs to, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Parties,
    Relationships,
    Settings,
    Offerings,
    None,
}

/// The signed-in user as the layout shows them.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub role: Role,
    pub workspace: String,
}

/// The context of one rendered page.
#[derive(Debug, Clone)]
pub struct Ui {
    pub locale: Locale,
    /// The session's CSRF token, put in every form; empty before sign-in.
    pub csrf: String,
    pub member: Option<Member>,
    pub currency: Currency,
    /// The workspace's time zone: every time on the page is its clocks'.
    pub zone: TimeZoneName,
    pub terminology: Terminology,
    pub section: Section,
    /// The path of the page, for the language switch to come back to.
    pub path: String,
    /// Whether the member may create parties: what the quick actions offer.
    pub can_create_parties: bool,
}

impl Ui {
    /// A page shown before sign-in.
    pub fn anonymous(locale: Locale, path: &str) -> Self {
        Self {
            locale,
            csrf: String::new(),
            member: None,
            currency: Currency::parse("USD").expect("USD is a currency code"),
            zone: TimeZoneName::parse("UTC").expect("UTC is a time zone"),
            terminology: Terminology::default(),
            section: Section::None,
            path: path.to_owned(),
            can_create_parties: false,
        }
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        i18n::message(self.locale, id, None)
    }

    /// The message `id` with one argument.
    pub fn t1(&self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        let args = i18n::args([(name, FluentValue::from(value.to_string()))]);
        i18n::message(self.locale, id, Some(&args))
    }

    /// The message `id` with two arguments.
    pub fn t2(
        &self,
        id: &str,
        [name, other]: &[&str; 2],
        value: impl std::fmt::Display,
        other_value: impl std::fmt::Display,
    ) -> String {
        let args = i18n::args([
            (*name, FluentValue::from(value.to_string())),
            (*other, FluentValue::from(other_value.to_string())),
        ]);
        i18n::message(self.locale, id, Some(&args))
    }

    /// The message `id` with a count, for plural forms.
    pub fn count(&self, id: &str, count: usize) -> String {
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        let args = i18n::args([("count", FluentValue::from(count))]);
        i18n::message(self.locale, id, Some(&args))
    }

    /// The channel an order came through: a known one in this language
    /// (`whatsapp`, `store`, `web`, `invoice`), any other as it was written.
    pub fn channel(&self, channel: &str) -> String {
        let id = format!("order-channel-{channel}");
        if i18n::has(self.locale, &id) { self.t(&id) } else { channel.to_owned() }
    }

    /// A label of an email or phone: a known one in this language, any
    /// other as it was written.
    pub fn contact_label(&self, label: &str) -> String {
        let id = format!("contact-label-{label}");
        if i18n::has(self.locale, &id) { self.t(&id) } else { label.to_owned() }
    }

    /// The message `id` with a number of days as its count, for plural forms.
    pub fn days(&self, id: &str, days: &u32) -> String {
        self.count(id, usize::try_from(*days).unwrap_or(usize::MAX))
    }

    /// The workspace's word for a kind of relationship, in this language.
    pub fn kind(&self, kind: &Kind) -> String {
        self.terminology.label(*kind, self.locale)
    }

    /// Rapport's own word for a kind in this language, whatever the
    /// workspace calls it: what the settings' table of words is headed by.
    pub fn kind_name(&self, kind: &Kind) -> String {
        Terminology::default().label(*kind, self.locale)
    }

    pub fn lifecycle(&self, stage: &Lifecycle) -> String {
        self.named("lifecycle", stage.as_str())
    }

    /// A month written `YYYY-MM`, named as this language names it.
    pub fn month(&self, month: &str) -> String {
        format::month(self.locale, month)
    }

    pub fn date(&self, day: &Date) -> String {
        format::date(self.locale, *day)
    }

    /// A time as the workspace's clocks show it.
    pub fn date_time(&self, at: &OffsetDateTime) -> String {
        format::date_time(self.locale, self.zone.local(*at))
    }

    pub fn money(&self, minor: &i64) -> String {
        format::money(self.locale, *minor, &self.currency)
    }

    /// An amount of nothing in the workspace's currency (`Rp 0`, `0 zł`): the
    /// page's script puts a running total where the 0 is, so that it reads as
    /// the amounts the server writes.
    pub fn money_pattern(&self) -> String {
        format::money(self.locale, 0, &self.currency)
    }

    /// How many digits the workspace's currency has after the decimal sign.
    pub fn minor_digits(&self) -> u32 {
        rapport_domain::common::money::minor_digits(&self.currency)
    }

    /// How this language writes an amount, for the hint under an amount's input.
    pub fn amount_example(&self) -> String {
        format::amount(self.locale, crate::amounts::example_minor(&self.currency).unsigned_abs(), &self.currency)
    }

    pub fn integer(&self, value: &i64) -> String {
        format::integer(self.locale, *value)
    }

    pub fn natural(&self, value: &u64) -> String {
        format::integer(self.locale, i64::try_from(*value).unwrap_or(i64::MAX))
    }

    /// The label of a classification policy field (`lapsed_after_days`, …).
    pub fn policy_label(&self, field: &str) -> String {
        self.named("policy", field)
    }

    pub fn token_scope(&self, scope: &rapport_domain::access::TokenScope) -> String {
        self.named("token-scope", scope.as_str())
    }

    /// The lever to pull with a conversion candidate (`incentive`, …).
    pub fn lever(&self, lever: &str) -> String {
        self.named("lever", lever)
    }

    pub fn percent(&self, share: &f64) -> String {
        format::percent(self.locale, *share)
    }

    /// The address of a bundled asset, named by its content so browsers may
    /// keep it for good.
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// Whether the page belongs to `section` (`parties`, `offerings`).
    pub fn in_section(&self, section: &str) -> bool {
        let current = match self.section {
            Section::Parties => "parties",
            Section::Relationships => "relationships",
            Section::Settings => "settings",
            Section::Offerings => "offerings",
            Section::None => "",
        };
        current == section
    }

    /// A language's name in that language, as language menus show them.
    pub fn language_name(&self, locale: &Locale) -> String {
        i18n::message(*locale, "language-name", None)
    }

    pub fn is_current(&self, locale: &Locale) -> bool {
        *locale == self.locale
    }

    pub fn role_name(&self, role: &Role) -> String {
        self.named("role", role.as_str())
    }

    /// Every kind of relationship, in the order the engine ranks them.
    pub fn kinds(&self) -> [Kind; 5] {
        Kind::PRECEDENCE
    }

    pub fn stages(&self) -> [Lifecycle; 5] {
        Lifecycle::ALL
    }

    /// The message for a stable name: `order-status-partially-refunded` for
    /// (`order-status`, `partially_refunded`).
    fn named(&self, prefix: &str, name: &str) -> String {
        self.t(&format!("{prefix}-{}", name.replace('_', "-")))
    }

    pub fn order_status(&self, status: &str) -> String {
        self.named("order-status", status)
    }

    pub fn contract_status(&self, status: &ContractStatus) -> String {
        self.named("contract-status", status.as_str())
    }

    /// The label of a contract step's button (`send`, `sign_client`, …).
    pub fn team_role(&self, role: &str) -> String {
        self.named("team-role", role)
    }

    pub fn fee_type(&self, fee: &str) -> String {
        self.named("contract-fee", fee)
    }

    pub fn offering_kind(&self, kind: &str) -> String {
        self.named("offering-kind", kind)
    }

    /// A moment as HTML's `datetime` attribute reads it.
    pub fn iso(&self, at: &OffsetDateTime) -> String {
        at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
    }

    pub fn decimal(&self, value: &f64, places: u32) -> String {
        format::decimal(self.locale, *value, places)
    }

    /// An amount in the workspace currency's major units, as the value
    /// models give them, rounded to a whole unit.
    pub fn money_major(&self, amount: &f64) -> String {
        // An estimate (a lifetime value, a forecast): cents would claim a
        // precision the model does not have.
        let scale = 10f64.powi(i32::try_from(rapport_domain::common::money::minor_digits(&self.currency)).unwrap_or(2));
        let minor = amount.round() * scale;
        let minor = if minor.is_finite() { minor.clamp(i64::MIN as f64, i64::MAX as f64) as i64 } else { 0 };
        format::money(self.locale, minor, &self.currency)
    }

    /// The message id of a reason: its rule, and its variant when it has one.
    fn reason_id(reason: &Reason) -> String {
        let id = match reason.args.get("variant") {
            Some(variant) => format!("reason-{}-{variant}", reason.rule),
            None => format!("reason-{}", reason.rule),
        };
        id.replace('_', "-")
    }

    /// Whether a reason has no words in this language and is shown in English.
    pub fn reason_in_english(&self, reason: &Reason) -> bool {
        self.locale != Locale::En && !i18n::has(self.locale, &Self::reason_id(reason))
    }

    /// A reason of the relationship engine in this language, its dates,
    /// counts, kinds and roles worded as the language words them; the
    /// engine's English where a reason has no translation (one stored before
    /// reasons carried their facts, say).
    pub fn reason(&self, reason: &Reason) -> String {
        self.reason_of(reason, &false)
    }

    /// A reason about a party, worded for an organization (in Polish its
    /// verbs are feminine: "kupiła") or a person.
    pub fn reason_of(&self, reason: &Reason, organization: &bool) -> String {
        let id = Self::reason_id(reason);
        if !i18n::has(self.locale, &id) {
            return reason.text.clone();
        }
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("party", if *organization { "organization" } else { "person" });
        for (name, value) in &reason.args {
            let date = Date::parse(value, &time::macros::format_description!("[year]-[month]-[day]")).ok();
            let argument = match (name.as_str(), date) {
                ("first" | "last" | "until" | "start" | "since" | "fitted", Some(day)) => {
                    FluentValue::from(format::date(self.locale, day))
                }
                ("kind", _) => FluentValue::from(Kind::parse(value).map_or_else(|_| value.clone(), |k| self.kind(&k))),
                ("role", _) => FluentValue::from(self.team_role(value)),
                ("value", _) => FluentValue::from(
                    value.parse::<f64>().map_or_else(|_| value.clone(), |amount| self.money_major(&amount)),
                ),
                ("count" | "days" | "span" | "percent" | "more", _) => {
                    value.parse::<i64>().map_or_else(|_| FluentValue::from(value.clone()), FluentValue::from)
                }
                _ => FluentValue::from(value.clone()),
            };
            args.set(name.clone(), argument);
        }
        i18n::message(self.locale, &id, Some(&args))
    }

    pub fn lang(&self) -> &'static str {
        self.locale.as_str()
    }

    pub fn locales(&self) -> [Locale; 3] {
        Locale::ALL
    }
}
