//! The customer-value fit benchmark: BG/NBD and Gamma-Gamma fitted to the
//! CDNOW master file or to a synthetic base drawn from the models
//! themselves. Writes the customers it fitted as CSV (frequency, recency, T,
//! monetary value) so that Python's `lifetimes` fits the very same data in
//! the same run (see `bench/models.sh`).

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use anyhow::Context;
use rapport_domain::value;
use rapport_domain::value::{BgNbd, GammaGamma, History, Spend, Summary, cdnow};
use time::macros::date;

/// The CDNOW master file's customers at the end of the papers' calibration period.
fn cdnow_summaries(path: &str) -> anyhow::Result<Vec<Summary>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let mut by_customer: BTreeMap<String, Vec<value::Purchase>> = BTreeMap::new();
    for line in cdnow::parse(&text)? {
        by_customer.entry(line.customer).or_default().push(line.purchase);
    }
    Ok(by_customer.values().filter_map(|p| value::summarize(p, date!(1997 - 09 - 30))).collect())
}

/// A draw from Gamma(shape, 1) (Marsaglia & Tsang, 2000; for a shape below
/// one, by the boost `G(k) = G(k + 1) U^(1/k)`). Written here: the bench
/// needs only this, and `rand_distr` would be a dependency for one function.
fn gamma(rng: &mut fastrand::Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        return gamma(rng, shape + 1.0) * rng.f64().max(f64::MIN_POSITIVE).powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        // A standard normal by Box–Muller.
        let (u1, u2) = (rng.f64().max(f64::MIN_POSITIVE), rng.f64());
        let x = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = rng.f64().max(f64::MIN_POSITIVE);
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// Customers drawn from BG/NBD and Gamma-Gamma with the CDNOW estimates,
/// first buying over twelve weeks and watched for 39, on whole days.
fn synthetic(count: usize, seed: u64) -> Vec<(History, Spend)> {
    let (truth, spend) =
        (BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 });
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            let rate = gamma(&mut rng, truth.r) / truth.alpha;
            let (x, y) = (gamma(&mut rng, truth.a), gamma(&mut rng, truth.b));
            let dropout = x / (x + y);
            let age_days = 273 - rng.u32(0..84);
            let age = f64::from(age_days) / 7.0;
            let (mut t, mut last, mut frequency) = (0.0, 0.0, 0u32);
            loop {
                t += -rng.f64().max(f64::MIN_POSITIVE).ln() / rate.max(1e-12);
                if t > age {
                    break;
                }
                // Purchases land on whole days.
                last = (t * 7.0).floor() / 7.0;
                frequency += 1;
                if rng.f64() < dropout {
                    break;
                }
            }
            let nu = gamma(&mut rng, spend.q) / spend.gamma;
            let total: f64 = (0..frequency).map(|_| gamma(&mut rng, spend.p) / nu).sum();
            let mean_value = if frequency == 0 { 0.0 } else { (total / f64::from(frequency) * 100.0).round() / 100.0 };
            (History { frequency, recency: last, age }, Spend { transactions: frequency, mean_value })
        })
        .collect()
}

/// Fits both models `repeat` times, prints the parameters and the median
/// seconds taken, and writes the customers as CSV to `csv`.
pub fn fit(
    cdnow: Option<&str>,
    synthetic_count: Option<usize>,
    csv: Option<&str>,
    repeat: usize,
) -> anyhow::Result<()> {
    let customers: Vec<(History, Spend)> = match (cdnow, synthetic_count) {
        (Some(path), _) => cdnow_summaries(path)?.into_iter().map(|s| (s.history, s.spend)).collect(),
        (None, Some(count)) => synthetic(count, 42),
        (None, None) => anyhow::bail!("give --cdnow PATH or --synthetic COUNT"),
    };
    if let Some(path) = csv {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {path}"))?);
        writeln!(out, "frequency,recency,T,monetary_value")?;
        for (h, s) in &customers {
            writeln!(out, "{},{},{},{}", h.frequency, h.recency, h.age, s.mean_value)?;
        }
    }
    let histories: Vec<History> = customers.iter().map(|(h, _)| *h).collect();
    let spends: Vec<Spend> = customers.iter().map(|(_, s)| *s).filter(|s| s.transactions > 0).collect();
    // The median of several fits: one fit of the CDNOW master file takes
    // milliseconds, shorter than the machine's noise.
    let (mut bgnbd_times, mut gg_times) = (Vec::new(), Vec::new());
    let (mut bgnbd, mut gg) = (None, None);
    for _ in 0..repeat.max(1) {
        let started = Instant::now();
        bgnbd = Some(BgNbd::fit(&histories)?);
        bgnbd_times.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        gg = Some(GammaGamma::fit(&spends)?);
        gg_times.push(started.elapsed().as_secs_f64());
    }
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (bgnbd_seconds, gg_seconds) = (median(&mut bgnbd_times), median(&mut gg_times));
    let (bgnbd, gg) = (bgnbd.context("fitted")?, gg.context("fitted")?);
    let BgNbd { r, alpha, a, b } = bgnbd.params;
    let GammaGamma { p, q, gamma } = gg.params;
    println!(
        "customers {}; BG/NBD r {r:.4} alpha {alpha:.4} a {a:.4} b {b:.4} ll {:.2} in {:.4} s ({} iterations); \
         Gamma-Gamma p {p:.4} q {q:.4} gamma {gamma:.4} ll {:.2} in {:.4} s ({} iterations)",
        customers.len(),
        bgnbd.log_likelihood,
        bgnbd_seconds,
        bgnbd.convergence.iterations,
        gg.log_likelihood,
        gg_seconds,
        gg.convergence.iterations
    );
    Ok(())
}
