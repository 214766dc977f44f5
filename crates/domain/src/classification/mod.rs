//! The relationship engine: what a party is to the business (client,
//! customer, consumer, prospect, internal), how far along it is as a buyer,
//! and why, in words, from the facts.
//!
//! Pure: the facts, the workspace's policy and today's date come in, a
//! classification comes out. The same input always gives the same answer.

pub mod events;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::commerce::OfferingKind;
use crate::contracts::ContractStatus;
use crate::parties::PartyKind;

mod facts;
mod overrides;
mod policy;
mod terminology;
pub mod trend;

pub use facts::{PurchaseModel, Purchases, Uses};
pub use overrides::{Override, OverrideInput};
pub use policy::{Policy, PolicyInput};
pub use terminology::Terminology;

/// What a party is to the business. A party can be several at once.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Buys professional services under a signed contract, or with a personal
    /// account manager: a long-term, personal relationship.
    Client,
    /// Buys goods or services, transaction by transaction.
    Customer,
    /// Uses what someone else bought.
    Consumer,
    /// An employee or department of the business itself.
    Internal,
    /// Known, but has bought and used nothing yet.
    Prospect,
}

impl Kind {
    /// The order in which kinds win the primary place: the closest relationship first.
    pub const PRECEDENCE: [Kind; 5] = [Kind::Client, Kind::Customer, Kind::Internal, Kind::Consumer, Kind::Prospect];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Customer => "customer",
            Self::Consumer => "consumer",
            Self::Internal => "internal",
            Self::Prospect => "prospect",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, crate::common::validation::FieldProblem> {
        Self::PRECEDENCE.into_iter().find(|k| k.as_str() == raw.trim()).ok_or_else(|| {
            crate::common::validation::FieldProblem::new(
                "invalid_kind",
                "must be client, customer, consumer, internal or prospect",
            )
        })
    }

    /// One bit per kind, so that a set of kinds is stored as one integer
    /// that a list can filter on.
    pub fn bit(&self) -> i64 {
        match self {
            Self::Client => 1,
            Self::Customer => 2,
            Self::Consumer => 4,
            Self::Internal => 8,
            Self::Prospect => 16,
        }
    }

    pub fn set_to_bits(kinds: &BTreeSet<Kind>) -> i64 {
        kinds.iter().map(Kind::bit).fold(0, |bits, bit| bits | bit)
    }

    pub fn set_from_bits(bits: i64) -> BTreeSet<Kind> {
        Self::PRECEDENCE.into_iter().filter(|k| bits & k.bit() != 0).collect()
    }
}

/// How far along a buyer is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    New,
    Returning,
    Loyal,
    AtRisk,
    Lapsed,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 5] =
        [Lifecycle::New, Lifecycle::Returning, Lifecycle::Loyal, Lifecycle::AtRisk, Lifecycle::Lapsed];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Returning => "returning",
            Self::Loyal => "loyal",
            Self::AtRisk => "at_risk",
            Self::Lapsed => "lapsed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, crate::common::validation::FieldProblem> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw.trim()).ok_or_else(|| {
            crate::common::validation::FieldProblem::new(
                "invalid_lifecycle",
                "must be new, returning, loyal, at_risk or lapsed",
            )
        })
    }
}

/// An order as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFact {
    /// How the order is named in explanations (its number).
    pub reference: String,
    pub ordered_on: Date,
    /// Cancelled and fully refunded orders are no purchase.
    pub counts: bool,
    pub offerings: Vec<OfferingKind>,
}

/// An order line the party uses without having bought it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseFact {
    pub order_reference: String,
    /// Who bought it, by name.
    pub buyer: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFact {
    pub title: String,
    pub status: ContractStatus,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
}

/// A member of the business assigned to the party.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    AccountManager,
    CustomerSuccessManager,
    ServiceRepresentative,
}

impl TeamRole {
    pub fn parse(raw: &str) -> Result<Self, crate::common::validation::FieldProblem> {
        match raw.trim() {
            "account_manager" => Ok(Self::AccountManager),
            "customer_success_manager" => Ok(Self::CustomerSuccessManager),
            "service_representative" => Ok(Self::ServiceRepresentative),
            _ => Err(crate::common::validation::FieldProblem::new(
                "invalid_role",
                "must be account_manager, customer_success_manager or service_representative",
            )),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::AccountManager => "account_manager",
            Self::CustomerSuccessManager => "customer_success_manager",
            Self::ServiceRepresentative => "service_representative",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTeamFact {
    pub member: String,
    pub role: TeamRole,
}

/// Everything the engine looks at for one party. Orders come summarised
/// ([`Purchases`], [`Uses`]) so that the summary can be kept per party and a
/// whole workspace reclassified without reading every order again.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub party_kind: PartyKind,
    pub internal: bool,
    pub purchases: Option<Purchases>,
    pub uses: Option<Uses>,
    pub contracts: Vec<ContractFact>,
    pub account_team: Vec<AccountTeamFact>,
    /// The workspace's purchase model, when one has been fitted: it then
    /// judges when repeat buyers are at risk or lapsed.
    pub model: Option<PurchaseModel>,
}

/// One rule that fired, with the facts behind it in words.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reason {
    /// A stable name of the rule, such as `signed_contract`.
    pub rule: String,
    /// The reason in English.
    pub text: String,
    /// The facts the text is made of, by name (dates as `YYYY-MM-DD`, counts
    /// as digits; `variant` names which wording of the rule applies), so that
    /// an interface can word the reason in its reader's language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl Reason {
    /// A reason of `rule` worded `text`, made of the facts `args`.
    pub fn new<const N: usize>(rule: &str, text: String, args: [(&str, String); N]) -> Self {
        let args = args.into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
        Self { rule: rule.to_owned(), text, args }
    }
}

/// The engine's answer for one party.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Classification {
    pub primary: Kind,
    pub kinds: BTreeSet<Kind>,
    /// For buyers only.
    pub lifecycle: Option<Lifecycle>,
    /// For buyers only: buying for an organization's operations (B2B) or for
    /// personal use (B2C).
    pub b2b: Option<bool>,
    pub explanation: Vec<Reason>,
}

impl Classification {
    /// A number that changes whenever the classification or its wording
    /// does: what a pass over a workspace compares with the stored one,
    /// rather than reading every stored explanation back. FNV-1a over an
    /// explicit encoding (names, little-endian counts, 0xff after each text),
    /// so that it stays the same across compilers and platforms, which
    /// std's `Hash` impls do not promise.
    pub fn fingerprint(&self) -> i64 {
        use std::hash::Hasher;
        let mut hasher = fnv::FnvHasher::default();
        let mut text = |bytes: &[u8]| {
            hasher.write(bytes);
            hasher.write_u8(0xff);
        };
        text(self.primary.as_str().as_bytes());
        text(&Kind::set_to_bits(&self.kinds).to_le_bytes());
        text(self.lifecycle.map_or("", |l| l.as_str()).as_bytes());
        text(match self.b2b {
            None => b"",
            Some(true) => b"b2b",
            Some(false) => b"b2c",
        });
        text(&(self.explanation.len() as u64).to_le_bytes());
        for reason in &self.explanation {
            text(reason.rule.as_bytes());
            text(reason.text.as_bytes());
            text(&(reason.args.len() as u64).to_le_bytes());
            for (name, value) in &reason.args {
                text(name.as_bytes());
                text(value.as_bytes());
            }
        }
        i64::from_le_bytes(hasher.finish().to_le_bytes())
    }
}

/// The stage of a buyer who is still buying: loyal, returning or new.
fn active_stage(count: u32, span: i64, policy: &Policy) -> (Lifecycle, Reason) {
    if count >= policy.loyal_min_purchases && span >= i64::from(policy.loyal_min_span_days) {
        let text = format!("bought on {count} days over {span} days: a loyal buyer");
        let args = [("variant", "loyal".to_owned()), ("count", count.to_string()), ("span", span.to_string())];
        (Lifecycle::Loyal, Reason::new("lifecycle", text, args))
    } else if count >= 2 {
        let text = format!("came back to buy again ({count} purchases)");
        (
            Lifecycle::Returning,
            Reason::new("lifecycle", text, [("variant", "returning".to_owned()), ("count", count.to_string())]),
        )
    } else {
        let text = "a first purchase: the first experience decides whether they return".to_owned();
        (Lifecycle::New, Reason::new("lifecycle", text, [("variant", "new".to_owned())]))
    }
}

/// A model's verdict in words, dated so that it reads the same every day.
fn model_words(model: &PurchaseModel, since: Date, percent: u32, stage: Lifecycle) -> Reason {
    let words = if stage == Lifecycle::Lapsed { "lapsed" } else { "at risk" };
    let text = format!(
        "the purchase model fitted on {} puts the chance they still buy below {percent} % since {since}: {words}",
        model.fitted_on
    );
    let args = [
        ("variant", format!("model_{}", stage.as_str())),
        ("fitted", model.fitted_on.to_string()),
        ("percent", percent.to_string()),
        ("since", since.to_string()),
    ];
    Reason::new("lifecycle", text, args)
}

fn signed_by_both(contract: &ContractFact) -> bool {
    matches!(contract.status, ContractStatus::Signed | ContractStatus::Active | ContractStatus::Renewed)
}

/// Signed by both sides and within its dates. A terminated contract binds
/// until its termination takes effect (its end).
fn contract_in_force(contract: &ContractFact, today: Date) -> bool {
    let signed = matches!(
        contract.status,
        ContractStatus::Signed | ContractStatus::Active | ContractStatus::Renewed | ContractStatus::Terminated
    );
    let started = contract.starts_on.is_none_or(|start| start <= today);
    let not_ended = contract.ends_on.is_none_or(|end| today <= end);
    signed && started && not_ended
}

fn team_role_words(role: TeamRole) -> &'static str {
    match role {
        TeamRole::AccountManager => "account manager",
        TeamRole::CustomerSuccessManager => "customer-success manager",
        TeamRole::ServiceRepresentative => "service representative",
    }
}

/// Classifies a party.
pub fn classify(facts: &Facts, policy: &Policy, today: Date) -> Classification {
    let mut kinds = BTreeSet::new();
    let mut explanation = Vec::new();

    if facts.internal {
        kinds.insert(Kind::Internal);
        let text = "is part of the business itself (an employee or a department)".to_owned();
        explanation.push(Reason::new("internal", text, []));
    }

    for contract in &facts.contracts {
        let until = contract.ends_on.map(|end| format!(" until {end}")).unwrap_or_default();
        if contract_in_force(contract, today) {
            kinds.insert(Kind::Client);
            let terminated = contract.status == ContractStatus::Terminated;
            let text = if terminated {
                format!("has a contract, \"{}\", terminated but in force{until}", contract.title)
            } else {
                format!("has a contract in force, \"{}\", signed by both sides{until}", contract.title)
            };
            let variant = match (terminated, contract.ends_on) {
                (false, None) => "in_force",
                (false, Some(_)) => "in_force_until",
                (true, None) => "terminated",
                (true, Some(_)) => "terminated_until",
            };
            let args = [
                ("variant", variant.to_owned()),
                ("title", contract.title.clone()),
                ("until", contract.ends_on.map(|d| d.to_string()).unwrap_or_default()),
            ];
            explanation.push(Reason::new("signed_contract", text, args));
        } else if let Some(start) = contract.starts_on.filter(|start| *start > today && signed_by_both(contract)) {
            // Not a client yet, but the reader should know one is coming.
            let text = format!("has signed a contract, \"{}\", that starts on {start}", contract.title);
            let args = [("title", contract.title.clone()), ("start", start.to_string())];
            explanation.push(Reason::new("contract_pending", text, args));
        }
    }

    let personal = facts
        .account_team
        .iter()
        .find(|m| matches!(m.role, TeamRole::AccountManager | TeamRole::CustomerSuccessManager));
    let professional = facts.purchases.as_ref().and_then(|p| p.professional_order.as_ref());
    if let (true, Some(member), Some(order)) = (policy.client_by_personal_service, personal, professional) {
        kinds.insert(Kind::Client);
        let text = format!(
            "buys professional services (order {order}) and is served personally by {} ({})",
            member.member,
            team_role_words(member.role)
        );
        let args =
            [("order", order.clone()), ("member", member.member.clone()), ("role", member.role.as_str().to_owned())];
        explanation.push(Reason::new("personal_service", text, args));
    }

    let mut lifecycle = None;
    let mut b2b = None;
    if let Some(purchases) = &facts.purchases {
        kinds.insert(Kind::Customer);
        let Purchases { days: count, first_on: first, last_on: last, .. } = *purchases;
        let purchased = if count == 1 { "once".to_owned() } else { format!("on {count} days") };
        let text = format!("has bought {purchased}, first on {first}, last on {last}");
        let args = [("count", count.to_string()), ("first", first.to_string()), ("last", last.to_string())];
        explanation.push(Reason::new("bought", text, args));
        // Worded with dates rather than day counts, so that an explanation
        // changes only when the classification does, not every day.
        let quiet = (today - last).whole_days();
        let span = (last - first).whole_days();
        let by_model = |percent| facts.model.as_ref().and_then(|m| Some((m, purchases.alive_below(m, percent)?)));
        let modelled = facts.model.is_some() && count >= 2;
        let quiet_words = |stage: Lifecycle, days: u32| {
            let words = if stage == Lifecycle::Lapsed { "lapsed" } else { "at risk" };
            let text = format!("no purchase since {last}: {words} after {days} days");
            let args = [
                ("variant", format!("quiet_{}", stage.as_str())),
                ("last", last.to_string()),
                ("days", days.to_string()),
            ];
            (stage, Reason::new("lifecycle", text, args))
        };
        let (stage, stage_reason) = if let Some((model, since)) =
            by_model(policy.lapsed_below_alive_percent).filter(|(_, since)| modelled && today >= *since)
        {
            (Lifecycle::Lapsed, model_words(model, since, policy.lapsed_below_alive_percent, Lifecycle::Lapsed))
        } else if let Some((model, since)) =
            by_model(policy.at_risk_below_alive_percent).filter(|(_, since)| modelled && today >= *since)
        {
            (Lifecycle::AtRisk, model_words(model, since, policy.at_risk_below_alive_percent, Lifecycle::AtRisk))
        } else if modelled {
            active_stage(count, span, policy)
        } else if quiet > i64::from(policy.lapsed_after_days) {
            quiet_words(Lifecycle::Lapsed, policy.lapsed_after_days)
        } else if quiet > i64::from(policy.at_risk_after_days) {
            quiet_words(Lifecycle::AtRisk, policy.at_risk_after_days)
        } else {
            active_stage(count, span, policy)
        };
        explanation.push(stage_reason);
        lifecycle = Some(stage);
        let organization = facts.party_kind == PartyKind::Organization;
        b2b = Some(organization);
        let (words, variant) = if organization {
            ("an organization buying for its operations (B2B)", "b2b")
        } else {
            ("a person buying for personal use (B2C)", "b2c")
        };
        explanation.push(Reason::new("buyer_kind", words.to_owned(), [("variant", variant.to_owned())]));
    }

    if let Some(uses) = &facts.uses {
        kinds.insert(Kind::Consumer);
        let more = match uses.count {
            0 | 1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let text = format!("uses what {} bought (order {}){more}", uses.first.buyer, uses.first.order_reference);
        let args = [
            ("buyer", uses.first.buyer.clone()),
            ("order", uses.first.order_reference.clone()),
            ("more", uses.count.saturating_sub(1).to_string()),
        ];
        explanation.push(Reason::new("end_user", text, args));
    }

    if kinds.is_empty() {
        kinds.insert(Kind::Prospect);
        explanation.push(Reason::new("no_purchase", "has neither bought nor used anything yet".to_owned(), []));
    }
    let primary = Kind::PRECEDENCE.into_iter().find(|k| kinds.contains(k)).unwrap_or(Kind::Prospect);
    Classification { primary, kinds, lifecycle, b2b, explanation }
}

#[cfg(test)]
mod tests;
