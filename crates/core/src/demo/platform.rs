//! The platform with something to show: a webhook endpoint that was told of
//! the contracts signed over the two years and was then paused by the owner
//! (so the deliveries still waiting died, and say why), and the scheduled
//! jobs run once (so the queue shows work done).

use rapport_domain::webhooks::{Webhook, WebhookInput};

use crate::jobs::runner::Worker;
use crate::kernel::{Actor, App, AppError};

/// Where the demo's endpoint would post: a name that never resolves.
const ENDPOINT: &str = "https://hooks.sejahtera.invalid/rapport";

fn input(enabled: bool) -> WebhookInput {
    WebhookInput {
        url: ENDPOINT.to_owned(),
        events: vec!["contract.signed".into(), "contract.terminated".into()],
        description: Some("Accounting: invoices for signed contracts".into()),
        enabled: Some(enabled),
    }
}

/// Registers the endpoint, before the history is written.
pub(super) async fn subscribe(app: &App, actor: &Actor) -> Result<Webhook, AppError> {
    Ok(app.create_webhook(actor, &input(true)).await?.webhook)
}

/// Pauses the endpoint, then works the queue once: the scheduled jobs are
/// done, the deliveries to the paused endpoint dead.
pub(super) async fn settle(app: &App, actor: &Actor, endpoint: &Webhook) -> Result<(), AppError> {
    app.update_webhook(actor, endpoint.id, None, &input(false)).await?;
    Worker::new(app.clone()).run_once().await?;
    Ok(())
}
