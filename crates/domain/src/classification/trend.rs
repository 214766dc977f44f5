//! The mix of kinds over time, from today's counts and the changes of
//! primary kind recorded in each month: walking back from now, a month's
//! changes are undone to get the counts at the end of the month before.
//! Exact for the parties that are live now, as long as the history holds
//! every change (it does: each is written with the change that caused it).

use std::collections::BTreeMap;

use crate::classification::Kind;

/// Parties whose primary kind became `to` (from `from`, or new) in `month`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// `YYYY-MM`.
    pub month: String,
    pub to: Kind,
    pub from: Option<Kind>,
    pub parties: i64,
}

/// The parties of each primary kind at the end of each of `months` (oldest
/// first, ending with the current month, whose counts are `now`).
pub fn walk_back(now: &BTreeMap<Kind, i64>, flows: &[Flow], months: &[String]) -> Vec<BTreeMap<Kind, i64>> {
    let mut out = vec![BTreeMap::new(); months.len()];
    let mut counts = now.clone();
    for (index, month) in months.iter().enumerate().rev() {
        out[index] = counts.clone();
        for flow in flows.iter().filter(|f| &f.month == month) {
            *counts.entry(flow.to).or_insert(0) -= flow.parties;
            if let Some(from) = flow.from {
                *counts.entry(from).or_insert(0) += flow.parties;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(month: &str, to: Kind, from: Option<Kind>, parties: i64) -> Flow {
        Flow { month: month.to_owned(), to, from, parties }
    }

    #[test]
    fn each_month_ends_with_its_own_changes_undone_by_the_next() {
        let months: Vec<String> = ["2026-09", "2026-10", "2026-11"].map(str::to_owned).to_vec();
        let now = BTreeMap::from([(Kind::Client, 2), (Kind::Customer, 5), (Kind::Prospect, 3)]);
        let flows = [
            // November: one customer became a client, two prospects arrived.
            flow("2026-11", Kind::Client, Some(Kind::Customer), 1),
            flow("2026-11", Kind::Prospect, None, 2),
            // October: three prospects bought.
            flow("2026-10", Kind::Customer, Some(Kind::Prospect), 3),
        ];
        let mix = walk_back(&now, &flows, &months);
        assert_eq!(mix[2], now);
        assert_eq!(mix[1], BTreeMap::from([(Kind::Client, 1), (Kind::Customer, 6), (Kind::Prospect, 1)]));
        assert_eq!(mix[0], BTreeMap::from([(Kind::Client, 1), (Kind::Customer, 3), (Kind::Prospect, 4)]));
    }
}
