//! Recurring jobs: which run when, in whose time zone, and the tick that
//! fires those due. Each schedule is a row; a server fires one by moving its
//! next time on from the value it read, in the transaction that enqueues the
//! job, so of several servers exactly one fires it, once a period. A period
//! missed while no server ran is made up once, not once per missed period.

use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::common::locale::TimeZoneName;
use time::{Date, Duration, OffsetDateTime, Time, Weekday};

use crate::classification::jobs::Reclassify;
use crate::jobs::maintenance::Expire;
use crate::kernel::queue::{Enqueue, JobKind, enqueue};
use crate::kernel::store::schedules::{self, ScheduleRow};
use crate::kernel::{App, AppError};
use crate::value::jobs::RefitModels;
use crate::workspaces::store as workspaces;

/// How often a job recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// At the start of every hour.
    Hour,
    /// Every day at this time of day.
    Day(Time),
    /// Every week on this day at this time of day.
    Week(Weekday, Time),
}

impl Every {
    /// The first time after `after` this recurs, by the clocks of `zone`.
    pub fn next_after(&self, zone: &TimeZoneName, after: OffsetDateTime) -> OffsetDateTime {
        match *self {
            Every::Hour => {
                let hour = after.replace_time(Time::from_hms(after.hour(), 0, 0).unwrap_or(Time::MIDNIGHT));
                hour + Duration::HOUR
            }
            Every::Day(at) => first_day(zone, after, at, |_| true),
            Every::Week(on, at) => first_day(zone, after, at, |day| day.weekday() == on),
        }
    }
}

/// The first day from `after`'s own (in `zone`) that `fits`, at `at`, later
/// than `after`.
fn first_day(zone: &TimeZoneName, after: OffsetDateTime, at: Time, fits: impl Fn(Date) -> bool) -> OffsetDateTime {
    let mut day = zone.date_of(after);
    for _ in 0..15 {
        let candidate = zone.at(day, at);
        if fits(day) && candidate > after {
            return candidate;
        }
        day = day.next_day().unwrap_or(day);
    }
    after + Duration::DAY
}

/// A recurring job.
#[derive(Debug, Clone, Copy)]
pub struct Recurring {
    pub kind: JobKind,
    pub every: Every,
    /// Whether it runs once for each workspace, by its time zone, rather
    /// than once for the installation (by UTC).
    pub per_workspace: bool,
}

/// Every recurring job.
pub const RECURRING: [Recurring; 3] = [
    // At night, when nobody works: time moves buyers on, ends contracts.
    Recurring { kind: JobKind::Reclassify, every: Every::Day(time::macros::time!(02:00)), per_workspace: true },
    // Fits only where the fit is a week old; daily so that none waits long.
    Recurring { kind: JobKind::RefitModels, every: Every::Day(time::macros::time!(01:00)), per_workspace: false },
    Recurring { kind: JobKind::Expire, every: Every::Hour, per_workspace: false },
];

/// The key of a schedule's row.
fn key(kind: JobKind, workspace: Option<WorkspaceId>) -> String {
    match workspace {
        Some(id) => format!("{}:{id}", kind.as_str()),
        None => kind.as_str().to_owned(),
    }
}

impl App {
    /// Fires the recurring jobs that are due: adds the rows of schedules not
    /// yet kept (due at once), then enqueues each due job whose row this call
    /// moves on. Returns how many jobs it enqueued.
    pub async fn fire_schedules(&self) -> Result<u32, AppError> {
        let now = self.now();
        let all = self.list_workspaces().await?;
        let mut tx = self.begin().await?;
        for recurring in RECURRING {
            let owners: Vec<Option<WorkspaceId>> =
                if recurring.per_workspace { all.iter().map(|w| Some(w.id)).collect() } else { vec![None] };
            for workspace in owners {
                let row = ScheduleRow {
                    key: key(recurring.kind, workspace),
                    kind: recurring.kind.as_str().to_owned(),
                    workspace_id: workspace,
                    next_run_at: now,
                };
                schedules::add(tx.exec(), &row).await?;
            }
        }
        tx.commit().await?;

        let mut conn = self.db().acquire().await?;
        let due = schedules::due(conn.exec(), now).await?;
        drop(conn);
        let mut fired = 0;
        for row in due {
            let Some(recurring) = RECURRING.iter().find(|r| r.kind.as_str() == row.kind) else { continue };
            let mut tx = self.begin().await?;
            let zone = match row.workspace_id {
                Some(id) => match workspaces::get(tx.exec(), id).await? {
                    Some(found) => found.settings.time_zone,
                    None => continue,
                },
                None => TimeZoneName::utc(),
            };
            let next = recurring.every.next_after(&zone, now);
            if !schedules::advance(tx.exec(), &row.key, row.next_run_at, next, now).await? {
                // Another server fired it.
                continue;
            }
            let how = Enqueue { workspace: row.workspace_id, run_at: None, unique_key: Some(row.key.clone()) };
            let added = match (recurring.kind, row.workspace_id) {
                (JobKind::Reclassify, Some(workspace_id)) => {
                    enqueue(&mut tx, &Reclassify { workspace_id }, how).await?
                }
                (JobKind::RefitModels, _) => enqueue(&mut tx, &RefitModels, how).await?,
                (JobKind::Expire, _) => enqueue(&mut tx, &Expire, how).await?,
                (JobKind::Reclassify, None) | (JobKind::Probe | JobKind::DeliverWebhook, _) => false,
            };
            tx.commit().await?;
            fired += u32::from(added);
        }
        Ok(fired)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{datetime, time};

    use super::*;

    fn zone(name: &str) -> TimeZoneName {
        TimeZoneName::parse(name).expect("zone")
    }

    #[test]
    fn a_daily_job_runs_at_its_hour_in_the_workspace_zone() {
        let jakarta = zone("Asia/Jakarta");
        let at_two = Every::Day(time!(02:00));
        // 18:30 UTC on 4 May is 01:30 on 5 May in Jakarta: next is 02:00 there.
        assert_eq!(at_two.next_after(&jakarta, datetime!(2026-05-04 18:30 UTC)), datetime!(2026-05-04 19:00 UTC));
        assert_eq!(at_two.next_after(&jakarta, datetime!(2026-05-04 19:00 UTC)), datetime!(2026-05-05 19:00 UTC));
    }

    #[test]
    fn the_hour_of_a_daily_job_holds_across_a_change_of_clocks() {
        let warsaw = zone("Europe/Warsaw");
        let at_two = Every::Day(time!(02:00));
        // Clocks go forward on 29 March 2026: 02:00 does not exist that night.
        let before = at_two.next_after(&warsaw, datetime!(2026-03-27 12:00 UTC));
        assert_eq!(before, datetime!(2026-03-28 01:00 UTC));
        let after = at_two.next_after(&warsaw, datetime!(2026-03-29 12:00 UTC));
        assert_eq!(after, datetime!(2026-03-30 00:00 UTC), "02:00 summer time");
    }

    #[test]
    fn weekly_and_hourly_jobs() {
        let utc = zone("UTC");
        let monday = Every::Week(Weekday::Monday, time!(03:00));
        // 5 December 2026 is a Saturday.
        assert_eq!(monday.next_after(&utc, datetime!(2026-12-05 10:00 UTC)), datetime!(2026-12-07 03:00 UTC));
        assert_eq!(monday.next_after(&utc, datetime!(2026-12-07 03:00 UTC)), datetime!(2026-12-14 03:00 UTC));
        assert_eq!(Every::Hour.next_after(&utc, datetime!(2026-12-05 10:59:59 UTC)), datetime!(2026-12-05 11:00 UTC));
        assert_eq!(Every::Hour.next_after(&utc, datetime!(2026-12-05 11:00 UTC)), datetime!(2026-12-05 12:00 UTC));
    }
}
