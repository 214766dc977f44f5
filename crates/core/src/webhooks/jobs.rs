//! Sending one delivery: the thin envelope `{"type", "timestamp", "data"}`,
//! signed, posted to the endpoint, the attempt logged; retried on the
//! Standard Webhooks schedule, honouring `Retry-After` on 429, 502 and 504;
//! an endpoint that answers 410 Gone is disabled.

use std::time::Instant;

use rapport_domain::events::EventType;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::kernel::queue::{Deliver, Job, JobFailure, JobKind};
use crate::kernel::store::events;
use crate::kernel::versioned::lost_race;
use crate::kernel::{App, AppError};
use crate::webhooks::signature;
use crate::webhooks::store::{self, Delivery, Endpoint};

/// The waits between attempts the specification suggests: at once, then
/// 5 seconds, 5 minutes, 30 minutes, 2, 5, 10 and 10 hours.
const SCHEDULE: [Duration; 7] = [
    Duration::seconds(5),
    Duration::minutes(5),
    Duration::minutes(30),
    Duration::hours(2),
    Duration::hours(5),
    Duration::hours(10),
    Duration::hours(10),
];

/// The longest `Retry-After` honoured.
const LONGEST_RETRY_AFTER: Duration = Duration::hours(10);

/// The body posted: the event, thinly wrapped.
#[derive(Serialize)]
struct Envelope<'a> {
    #[serde(rename = "type")]
    kind: EventType,
    #[serde(with = "time::serde::rfc3339")]
    timestamp: OffsetDateTime,
    data: &'a serde_json::Value,
}

impl Job for Deliver {
    const KIND: JobKind = JobKind::DeliverWebhook;
    const MAX_ATTEMPTS: u32 = 8;

    async fn run(self, app: &App) -> Result<(), JobFailure> {
        app.deliver(self.delivery_id).await
    }

    /// The specification's schedule, each wait give or take a tenth.
    fn backoff(attempt: u32) -> Duration {
        let index = usize::try_from(attempt.saturating_sub(1)).unwrap_or(usize::MAX).min(SCHEDULE.len() - 1);
        SCHEDULE[index] * (0.9 + 0.2 * fastrand::f64())
    }
}

/// How an attempt came out, for the log.
struct Answer {
    status: Option<u16>,
    error: Option<String>,
    retry_after: Option<Duration>,
}

impl App {
    /// Makes one attempt at a delivery and logs it.
    pub(crate) async fn deliver(&self, id: uuid::Uuid) -> Result<(), JobFailure> {
        let mut conn = self.db().acquire().await.map_err(AppError::from)?;
        let delivery = store::delivery(conn.exec(), id).await?.ok_or(AppError::NotFound)?;
        if delivery.status != "pending" {
            return Ok(());
        }
        let endpoint =
            store::get(conn.exec(), delivery.workspace_id, delivery.endpoint_id).await?.ok_or(AppError::NotFound)?;
        let event = events::get(conn.exec(), delivery.event_id).await?.ok_or(AppError::NotFound)?;
        drop(conn);
        let attempt = delivery.attempts + 1;
        if !endpoint.webhook.enabled || endpoint.webhook.deleted_at.is_some() {
            let why = "the endpoint is disabled or removed";
            self.log(&delivery, attempt, None, 0, Some(why), "failed").await?;
            return Err(JobFailure::Fatal(why.into()));
        }
        let body = serde_json::to_vec(&Envelope { kind: event.kind, timestamp: event.occurred_at, data: &event.data })
            .map_err(|e| JobFailure::Fatal(e.to_string()))?;
        let started = Instant::now();
        let answer = self.post(&endpoint, &delivery, &body).await;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = attempt >= Deliver::MAX_ATTEMPTS;
        match answer.status {
            Some(status) if (200..300).contains(&status) => {
                self.log(&delivery, attempt, answer.status, latency, None, "succeeded").await?;
                Ok(())
            }
            Some(410) => {
                self.log(&delivery, attempt, answer.status, latency, answer.error.as_deref(), "failed").await?;
                self.disable(&endpoint, "the endpoint answered 410 Gone").await?;
                Err(JobFailure::Fatal("the endpoint answered 410 Gone: it is disabled".into()))
            }
            _ => {
                let status = if last { "failed" } else { "pending" };
                let error = answer.error.unwrap_or_else(|| "no answer".into());
                self.log(&delivery, attempt, answer.status, latency, Some(&error), status).await?;
                match answer.retry_after {
                    _ if last => Err(JobFailure::Fatal(error)),
                    Some(wait) => Err(JobFailure::RetryAfter(error, wait)),
                    None => Err(JobFailure::Retry(error)),
                }
            }
        }
    }

    /// Posts `body` to the endpoint, signed with every secret in force.
    async fn post(&self, endpoint: &Endpoint, delivery: &Delivery, body: &[u8]) -> Answer {
        let url = match reqwest::Url::parse(&endpoint.webhook.url) {
            Ok(url) => url,
            Err(error) => return Answer { status: None, error: Some(error.to_string()), retry_after: None },
        };
        if let Some(why) = self.outbound().refusal(&url) {
            return Answer { status: None, error: Some(format!("refused: the address {why}")), retry_after: None };
        }
        let now = self.now();
        let message = format!("msg_{}", delivery.id.simple());
        let timestamp = now.unix_timestamp();
        let mut secrets = vec![endpoint.secret.as_str()];
        if let (Some(previous), Some(until)) = (&endpoint.previous_secret, endpoint.previous_until)
            && until > now
        {
            secrets.push(previous);
        }
        let sent = self
            .outbound()
            .client()
            .post(url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("webhook-id", &message)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature::header(&secrets, &message, timestamp, body))
            .body(body.to_vec())
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status();
                let retry_after = matches!(
                    status,
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT
                )
                .then(|| retry_after(response.headers().get(RETRY_AFTER), now))
                .flatten();
                let error = (!status.is_success()).then(|| format!("the endpoint answered {status}"));
                Answer { status: Some(status.as_u16()), error, retry_after }
            }
            Err(error) => Answer { status: None, error: Some(error_text(&error)), retry_after: None },
        }
    }

    async fn log(
        &self,
        delivery: &Delivery,
        attempt: u32,
        status: Option<u16>,
        latency: u64,
        error: Option<&str>,
        outcome: &str,
    ) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        let at = tx.now();
        store::record_attempt(tx.exec(), delivery, attempt, at, status, latency, error, outcome).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stops sending to an endpoint that asked not to be sent to.
    async fn disable(&self, endpoint: &Endpoint, why: &str) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        let mut next = endpoint.clone();
        next.webhook.enabled = false;
        next.webhook.disabled_reason = Some(why.to_owned());
        next.webhook.version += 1;
        next.webhook.updated_at = tx.now();
        if !store::update(tx.exec(), &next, endpoint.webhook.version).await? {
            return Err(lost_race(None));
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A `Retry-After` header's wait: seconds, or an HTTP date; at most
/// [`LONGEST_RETRY_AFTER`].
fn retry_after(header: Option<&HeaderValue>, now: OffsetDateTime) -> Option<Duration> {
    let text = header?.to_str().ok()?.trim();
    let wait = match text.parse::<i64>() {
        Ok(seconds) => Duration::seconds(seconds),
        Err(_) => {
            let format = time::format_description::well_known::Rfc2822;
            OffsetDateTime::parse(text, &format).ok()? - now
        }
    };
    Some(wait.clamp(Duration::ZERO, LONGEST_RETRY_AFTER))
}

/// An error of the HTTP client with its causes, on one line.
fn error_text(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_follow_the_specification_schedule() {
        for (attempt, expected) in (1..).zip(SCHEDULE) {
            let wait = Deliver::backoff(attempt);
            assert!(wait >= expected * 0.9 && wait <= expected * 1.1, "attempt {attempt}: {wait}");
        }
        assert!(Deliver::backoff(20) <= Duration::hours(11));
    }

    #[test]
    fn a_retry_after_is_read_as_seconds_or_a_date_within_bounds() {
        let now = time::macros::datetime!(2026-12-05 10:00 UTC);
        let header = |s: &'static str| HeaderValue::from_static(s);
        assert_eq!(retry_after(Some(&header("120")), now), Some(Duration::minutes(2)));
        assert_eq!(retry_after(Some(&header("Sat, 05 Dec 2026 10:30:00 +0000")), now), Some(Duration::minutes(30)));
        assert_eq!(retry_after(Some(&header("999999")), now), Some(LONGEST_RETRY_AFTER));
        assert_eq!(retry_after(Some(&header("soon")), now), None);
        assert_eq!(retry_after(None, now), None);
    }
}
