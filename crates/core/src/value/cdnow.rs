//! Loading the CDNOW purchase files into a workspace, through the same use
//! cases as any other data: people, one offering, and their orders. The
//! files are what the customer-value models were published on, so a
//! workspace holding them shows the models at work on real purchases.

use std::collections::BTreeMap;

use rapport_domain::access::{Action, Resource};
use rapport_domain::commerce::{AmountInput, OfferingInput, OrderInput, OrderLineInput};
use rapport_domain::parties::PartyInput;
use rapport_domain::value::cdnow::Line;

use crate::kernel::access::check;
use crate::kernel::{Actor, App, AppError};
use crate::parties::ListRequest;

/// The tag every imported customer carries.
pub const CDNOW_TAG: &str = "cdnow";

/// What an import loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CdnowImport {
    pub customers: u64,
    pub orders: u64,
}

/// A dollar amount in cents as the API's amounts are written.
fn dollars(cents: i64) -> AmountInput {
    AmountInput::Text(format!("{}.{:02}", cents / 100, cents % 100))
}

impl App {
    /// Loads CDNOW purchase lines: a person per customer (named by their
    /// CDNOW id and tagged `cdnow`), one offering, and an order a line, of
    /// the line's number of CDs at the line's dollar value (a unit price
    /// rounded up, less a discount of the cents that rounding added). The
    /// workspace must keep its money in US dollars, and must not hold an
    /// earlier import. Each customer and order is its own transaction, as
    /// through the API: an import cut short keeps what it loaded, and is
    /// best redone in a fresh workspace. `progress` hears how many of the
    /// lines are in after each customer, for a progress bar.
    pub async fn import_cdnow(
        &self,
        actor: &Actor,
        lines: &[Line],
        progress: impl Fn(u64),
    ) -> Result<CdnowImport, AppError> {
        check(actor, Resource::Workspace, Action::Update, None)?;
        let workspace = self.workspace(actor).await?;
        if workspace.settings.currency.as_str() != "USD" {
            return Err(AppError::Conflict(format!(
                "CDNOW's purchases are in US dollars; this workspace keeps {}",
                workspace.settings.currency.as_str()
            )));
        }
        let earlier = ListRequest { tag: Some(CDNOW_TAG.into()), limit: Some(1), ..Default::default() };
        if !self.list_parties(actor, &earlier).await?.items.is_empty() {
            return Err(AppError::Conflict("this workspace already holds a CDNOW import".into()));
        }
        let offering = OfferingInput {
            name: "CDNOW compact disc".into(),
            kind: "goods".into(),
            tailored: false,
            price: dollars(1200),
            currency: None,
        };
        let offering = self.create_offering(actor, &offering).await?.id;
        let mut by_customer: BTreeMap<&str, Vec<&Line>> = BTreeMap::new();
        for line in lines {
            by_customer.entry(line.customer.as_str()).or_default().push(line);
        }
        let mut done = CdnowImport { customers: 0, orders: 0 };
        for (customer, purchases) in by_customer {
            let person = PartyInput {
                kind: "person".into(),
                name: format!("CDNOW customer {customer}"),
                tags: vec![CDNOW_TAG.into()],
                ..Default::default()
            };
            let buyer = self.create_party(actor, &person).await?.id;
            done.customers += 1;
            for line in purchases {
                let cents = (line.purchase.value * 100.0).round() as i64;
                let quantity = line.quantity.max(1);
                let unit = (cents + i64::from(quantity) - 1) / i64::from(quantity);
                let order = OrderInput {
                    buyer_id: buyer,
                    ordered_at: format!("{}T12:00:00Z", line.purchase.on),
                    status: Some("fulfilled".into()),
                    channel: Some("web".into()),
                    lines: vec![OrderLineInput {
                        offering_id: offering,
                        quantity,
                        unit_price: Some(dollars(unit)),
                        discount: Some(dollars(unit * i64::from(quantity) - cents)),
                        end_user_ids: vec![],
                    }],
                };
                self.create_order(actor, &order).await?;
                done.orders += 1;
            }
            progress(done.orders);
        }
        Ok(done)
    }
}
