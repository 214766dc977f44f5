//! The BG/NBD model of repeat buying (Fader, Hardie & Lee, 2005, "Counting
//! Your Customers the Easy Way"): while alive, a customer buys at a Poisson
//! rate λ, gamma-distributed across customers (shape `r`, scale `α`); after
//! each purchase they drop out with probability p, beta-distributed (`a`,
//! `b`). Time is in whatever unit the histories use (weeks, by convention).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::value::fit::{Convergence, FitError, Likelihood, maximise};
use crate::value::special::hyp2f1;

/// A customer's purchases as the model reads them: `frequency` repeat
/// purchases (one per day with purchases, after the first), the last of them
/// `recency` after the first, which was `age` before the end of the period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub frequency: u32,
    pub recency: f64,
    pub age: f64,
}

/// The fitted parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// A fit and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    pub params: BgNbd,
    pub log_likelihood: f64,
    pub convergence: Convergence,
}

/// The likelihood over histories with at most `max_frequency` repeat purchases.
struct Model {
    max_frequency: u32,
}

/// What a number x of repeat purchases contributes, whoever made them.
struct PerFrequency {
    /// `ln A₁ + ln A₂` (see [`Model::add`]) and its derivatives by r, α, a, b.
    ln_a12: f64,
    d_a12: [f64; 4],
    /// `ln(a/(b+x−1))` and `1/(b+x−1)`, for x > 0.
    ln_odds_lead: f64,
    inv_b_x_1: f64,
}

impl Likelihood for Model {
    type Observation = History;
    type Prepared = Vec<PerFrequency>;
    const PARAMETERS: usize = 4;
    const NAMES: &'static [&'static str] = &["r", "alpha", "a", "b"];

    /// The gamma-function ratios by recurrence, x by x: `ln Γ(r+x) − ln Γ(r)
    /// = Σₖ<ₓ ln(r+k)` and `ψ(r+x) − ψ(r) = Σₖ<ₓ 1/(r+k)`, and likewise for b
    /// and a+b, which is cheaper and more exact than the functions themselves.
    fn prepare(&self, params: &[f64]) -> Vec<PerFrequency> {
        let &[r, alpha, a, b] = params else { unreachable!("BG/NBD has four parameters") };
        let ln_alpha = alpha.ln();
        let (mut lg_r, mut dg_r, mut lg_b, mut dg_b, mut lg_ab, mut dg_ab) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        let mut out = Vec::with_capacity(self.max_frequency as usize + 1);
        for x in 0..=self.max_frequency {
            let x = f64::from(x);
            out.push(PerFrequency {
                // ln B(a, b+x) − ln B(a, b) = [ln Γ(b+x) − ln Γ(b)] − [ln Γ(a+b+x) − ln Γ(a+b)]
                ln_a12: lg_r + r * ln_alpha + lg_b - lg_ab,
                d_a12: [dg_r + ln_alpha, r / alpha, -dg_ab, dg_b - dg_ab],
                ln_odds_lead: a.ln() - (b + x - 1.0).ln(),
                inv_b_x_1: 1.0 / (b + x - 1.0),
            });
            lg_r += (r + x).ln();
            dg_r += 1.0 / (r + x);
            lg_b += (b + x).ln();
            dg_b += 1.0 / (b + x);
            lg_ab += (a + b + x).ln();
            dg_ab += 1.0 / (a + b + x);
        }
        out
    }

    /// `ln L = ln A₁ + ln A₂ + ln(A₃ + δ A₄)` with, for x repeat purchases,
    /// `A₁ = Γ(r+x) αʳ / Γ(r)`, `A₂ = B(a, b+x) / B(a, b)`,
    /// `A₃ = (α+T)^−(r+x)` and `A₄ = a/(b+x−1) (α+tₓ)^−(r+x)` when x > 0
    /// (the paper's equation 6, in logarithms).
    fn add(&self, params: &[f64], prepared: &Vec<PerFrequency>, h: &History, weight: f64, gradient: &mut [f64]) -> f64 {
        let &[r, alpha, a, _] = params else { unreachable!("BG/NBD has four parameters") };
        let per = &prepared[h.frequency as usize];
        let x = f64::from(h.frequency);
        let [mut d_r, mut d_alpha, mut d_a, mut d_b] = per.d_a12;
        let ln_age = (alpha + h.age).ln();
        let ln_a3 = -(r + x) * ln_age;
        let (d3_r, d3_alpha) = (-ln_age, -(r + x) / (alpha + h.age));
        let ln_tail = if h.frequency == 0 {
            d_r += d3_r;
            d_alpha += d3_alpha;
            ln_a3
        } else {
            let ln_recency = (alpha + h.recency).ln();
            let ln_a4 = per.ln_odds_lead - (r + x) * ln_recency;
            // ln(A₃ + A₄) and each term's share of the sum, from one
            // exponential of the smaller over the larger.
            let (high, low) = if ln_a3 >= ln_a4 { (ln_a3, ln_a4) } else { (ln_a4, ln_a3) };
            let e = (low - high).exp();
            let ln_sum = high + e.ln_1p();
            let (share_high, share_low) = (1.0 / (1.0 + e), e / (1.0 + e));
            // The derivative of ln(A₃ + A₄) weighs each term's by its share.
            let (s3, s4) = if ln_a3 >= ln_a4 { (share_high, share_low) } else { (share_low, share_high) };
            d_r += s3 * d3_r - s4 * ln_recency;
            d_alpha += s3 * d3_alpha - s4 * (r + x) / (alpha + h.recency);
            d_a += s4 / a;
            d_b -= s4 * per.inv_b_x_1;
            ln_sum
        };
        for (g, d) in gradient.iter_mut().zip([d_r, d_alpha, d_a, d_b]) {
            *g += weight * d;
        }
        weight * (per.ln_a12 + ln_tail)
    }
}

/// The bracket of the paper's equations 9 and 10, `1 − (1−z)^A ₂F₁(A, B; C; z)`
/// with `C − A − B = a − 1 − A`. Summed as written, the series grows like
/// `(1−z)^(C−A−B)` and overflows for frequent buyers over long horizons;
/// Euler's transformation `₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z)`
/// turns the product into `(1−z)^(C−B) ₂F₁(C−A, C−B; C; z)`, whose series
/// stays small and converges faster the more the customer bought. Kept as
/// `−expm1(…)` when the product is positive, for precision near 1 (₂F₁ may be
/// negative when C is).
fn bracket(big_a: f64, big_b: f64, c: f64, z: f64) -> Option<f64> {
    let f = hyp2f1(c - big_a, c - big_b, c, z)?;
    let ln_scale = (c - big_b) * (-z).ln_1p();
    Some(if f > 0.0 { -(ln_scale + f.ln()).exp_m1() } else { 1.0 - ln_scale.exp() * f })
}

/// An expectation, with rounding below zero taken off; `None` if it is not
/// a number at all (which `max` would hide).
fn non_negative(value: f64) -> Option<f64> {
    value.is_finite().then(|| value.max(0.0))
}

/// Customers with the same history count once, with their number as a
/// weight: a base of millions has far fewer distinct histories.
fn distinct(histories: &[History]) -> Vec<(History, f64)> {
    let mut counts: HashMap<(u32, u64, u64), (History, f64), fnv::FnvBuildHasher> = HashMap::default();
    for h in histories {
        counts.entry((h.frequency, h.recency.to_bits(), h.age.to_bits())).or_insert((*h, 0.0)).1 += 1.0;
    }
    let mut distinct: Vec<_> = counts.into_values().collect();
    // A fixed order, so that a fit is reproducible to the last bit.
    distinct.sort_by(|(p, _), (q, _)| {
        (p.frequency, p.recency.to_bits(), p.age.to_bits()).cmp(&(q.frequency, q.recency.to_bits(), q.age.to_bits()))
    });
    distinct
}

impl BgNbd {
    /// Fits the model to customers' histories by maximum likelihood.
    pub fn fit(histories: &[History]) -> Result<Fitted, FitError> {
        if histories.iter().any(|h| !(h.age > 0.0 && (0.0..=h.age).contains(&h.recency))) {
            return Err(FitError::NoData("every history needs 0 ≤ recency ≤ age and age > 0"));
        }
        let data = distinct(histories);
        let model = Model { max_frequency: histories.iter().map(|h| h.frequency).max().unwrap_or(0) };
        let (p, log_likelihood, convergence) = maximise(&model, &data, &[1.0, 1.0, 1.0, 1.0])?;
        Ok(Fitted { params: BgNbd { r: p[0], alpha: p[1], a: p[2], b: p[3] }, log_likelihood, convergence })
    }

    /// The log-likelihood of one history under these parameters.
    pub fn log_likelihood(&self, history: &History) -> f64 {
        let (model, params) = (Model { max_frequency: history.frequency }, [self.r, self.alpha, self.a, self.b]);
        model.add(&params, &model.prepare(&params), history, 1.0, &mut [0.0; 4])
    }

    /// `ln(δ A₄/A₃)`: how much likelier the history is with the customer
    /// having dropped out after the last purchase than alive to the end.
    fn ln_dropout_odds(&self, h: &History) -> Option<f64> {
        (h.frequency > 0).then(|| {
            let x = f64::from(h.frequency);
            (self.a / (self.b + x - 1.0)).ln() + (self.r + x) * ((self.alpha + h.age) / (self.alpha + h.recency)).ln()
        })
    }

    /// The probability that a customer with this history is still alive at
    /// its end (the paper's equation 11). A customer who never came back is
    /// alive by the model's assumptions: drop-out happens only after a purchase.
    pub fn p_alive(&self, h: &History) -> f64 {
        match self.ln_dropout_odds(h) {
            None => 1.0,
            Some(ln_odds) => 1.0 / (1.0 + ln_odds.exp()),
        }
    }

    /// The expected number of purchases in the next `t` by a customer with
    /// this history (the paper's equation 10). `None` when the series for
    /// ₂F₁ does not converge (`t` enormous against the customer's age).
    pub fn expected_purchases(&self, h: &History, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let x = f64::from(h.frequency);
        let z = t / (alpha + h.age + t);
        let bracket = bracket(r + x, b + x, a + b + x - 1.0, z)?;
        let lead = (a + b + x - 1.0) / (a - 1.0);
        let odds = self.ln_dropout_odds(h).map_or(0.0, f64::exp);
        non_negative(lead * bracket / (1.0 + odds))
    }

    /// The purchases expected in each of the periods that end `ends` after
    /// now (increasing): the differences of [`Self::expected_purchases`],
    /// period by period.
    pub fn expected_per_period(&self, h: &History, ends: impl IntoIterator<Item = f64>) -> Option<Vec<f64>> {
        let mut previous = 0.0;
        ends.into_iter()
            .map(|end| {
                let cumulative = self.expected_purchases(h, end)?;
                let in_period = cumulative - previous;
                previous = cumulative;
                Some(in_period)
            })
            .collect()
    }

    /// The expected number of repeat purchases in the first `t` after a
    /// customer's first purchase, for a customer picked at random (the
    /// paper's equation 9): what a cohort is forecast to do.
    pub fn expected_repeat_purchases(&self, t: f64) -> Option<f64> {
        if t <= 0.0 {
            return Some(0.0);
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let bracket = bracket(r, b, a + b - 1.0, t / (alpha + t))?;
        non_negative((a + b - 1.0) / (a - 1.0) * bracket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paper's estimates on the CDNOW sample.
    const PAPER: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

    #[test]
    fn the_gradient_is_the_derivative_of_the_likelihood() {
        let histories =
            [History { frequency: 0, recency: 0.0, age: 38.9 }, History { frequency: 4, recency: 20.1, age: 33.4 }];
        for h in histories {
            crate::value::fit::assert_gradient(&Model { max_frequency: h.frequency }, &[0.3, 5.0, 0.8, 2.5], &h);
        }
    }

    #[test]
    fn a_daily_buyer_over_ten_years_stays_finite() {
        // The series as the paper writes it overflows here; transformed, it does not.
        let daily = History { frequency: 364, recency: 52.0, age: 52.0 };
        let year = PAPER.expected_purchases(&daily, 52.0).expect("a year");
        let decade = PAPER.expected_purchases(&daily, 520.0).expect("ten years");
        assert!(year > 50.0 && decade > year && decade.is_finite(), "{year} then {decade}");
    }

    #[test]
    fn the_likelihood_is_the_papers_equation_six() {
        use crate::value::special::{ln_beta, ln_gamma};
        let BgNbd { r, alpha, a, b } = PAPER;
        for h in [History { frequency: 0, recency: 0.0, age: 38.9 }, History { frequency: 7, recency: 30.1, age: 36.4 }]
        {
            let x = f64::from(h.frequency);
            let a3 = -(r + x) * (alpha + h.age).ln();
            let tail = if h.frequency == 0 {
                a3
            } else {
                let a4 = (a / (b + x - 1.0)).ln() - (r + x) * (alpha + h.recency).ln();
                (a3.exp() + a4.exp()).ln()
            };
            let closed = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + ln_beta(a, b + x) - ln_beta(a, b) + tail;
            assert!((PAPER.log_likelihood(&h) - closed).abs() < 1e-12, "{} against {closed}", PAPER.log_likelihood(&h));
        }
    }

    #[test]
    fn known_values_of_the_published_fit() {
        // Checked against an independent evaluation of the paper's formulas
        // at 30 digits (mpmath).
        let h = History { frequency: 2, recency: 30.43, age: 38.86 };
        assert!((PAPER.p_alive(&h) - 0.726_578_570_081).abs() < 1e-10);
        let expected = PAPER.expected_purchases(&h, 39.0).expect("converges");
        assert!((expected - 1.226_028_174_767).abs() < 1e-9, "{expected}");
        let never = History { frequency: 0, recency: 0.0, age: 38.86 };
        assert_eq!(PAPER.p_alive(&never), 1.0);
        let cohort = PAPER.expected_repeat_purchases(39.0).expect("converges");
        assert!((cohort - 1.196_723_193_321).abs() < 1e-9, "{cohort}");
    }
}
