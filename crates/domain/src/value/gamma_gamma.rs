//! The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee,
//! 2005, "RFM and CLV"; the note "The Gamma-Gamma Model of Monetary Value"):
//! a customer's transaction values are gamma-distributed (shape `p`, scale
//! ν) around their own mean, and ν is gamma-distributed across customers
//! (shape `q`, scale `γ`). Fitted on customers with at least one repeat
//! purchase, on the mean value of their repeat transactions; it assumes
//! spend does not depend on how often a customer buys.

use serde::{Deserialize, Serialize};

use crate::value::fit::{Convergence, FitError, Likelihood, maximise};
use crate::value::special::{digamma, ln_gamma};

/// A customer's repeat transactions: how many and their mean value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spend {
    pub transactions: u32,
    pub mean_value: f64,
}

/// The fitted parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

/// A fit and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    pub params: GammaGamma,
    pub log_likelihood: f64,
    pub convergence: Convergence,
}

/// The likelihood over customers with at most `max_transactions` repeat transactions.
struct Model {
    max_transactions: u32,
}

/// What a number x of transactions contributes, whoever made them:
/// `ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + px ln x` and its derivatives
/// by p and q.
struct PerCount {
    value: f64,
    d_p: f64,
    d_q: f64,
}

impl Likelihood for Model {
    type Observation = Spend;
    type Prepared = Vec<PerCount>;
    const PARAMETERS: usize = 3;
    const NAMES: &'static [&'static str] = &["p", "q", "gamma"];

    fn prepare(&self, params: &[f64]) -> Vec<PerCount> {
        let &[p, q, gamma] = params else { unreachable!("Gamma-Gamma has three parameters") };
        let (ln_gamma_q, digamma_q, ln_scale) = (ln_gamma(q), digamma(q), gamma.ln());
        (0..=self.max_transactions)
            .map(|x| {
                let x = f64::from(x.max(1));
                let px = p * x;
                PerCount {
                    value: ln_gamma(px + q) - ln_gamma(px) - ln_gamma_q + q * ln_scale + px * x.ln(),
                    d_p: x * (digamma(px + q) - digamma(px) + x.ln()),
                    d_q: digamma(px + q) - digamma_q + ln_scale,
                }
            })
            .collect()
    }

    /// `ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x
    /// − (px+q) ln(γ + m x)` for x transactions of mean value m (the note's
    /// equation 3, in logarithms).
    fn add(&self, params: &[f64], prepared: &Vec<PerCount>, s: &Spend, weight: f64, gradient: &mut [f64]) -> f64 {
        let &[p, q, gamma] = params else { unreachable!("Gamma-Gamma has three parameters") };
        let per = &prepared[s.transactions as usize];
        let x = f64::from(s.transactions);
        let (m, px) = (s.mean_value, p * x);
        let (ln_m, ln_total) = (m.ln(), (gamma + m * x).ln());
        let value = per.value + (px - 1.0) * ln_m - (px + q) * ln_total;
        let d_p = per.d_p + x * (ln_m - ln_total);
        let d_q = per.d_q - ln_total;
        let d_gamma = q / gamma - (px + q) / (gamma + m * x);
        for (g, d) in gradient.iter_mut().zip([d_p, d_q, d_gamma]) {
            *g += weight * d;
        }
        weight * value
    }
}

impl GammaGamma {
    /// Fits the model to customers with at least one repeat transaction.
    pub fn fit(spends: &[Spend]) -> Result<Fitted, FitError> {
        // Customers alike count once, weighted by their number.
        let mut counts: std::collections::HashMap<(u32, u64), (Spend, f64), fnv::FnvBuildHasher> =
            std::collections::HashMap::default();
        for s in spends.iter().filter(|s| s.transactions > 0 && s.mean_value > 0.0) {
            counts.entry((s.transactions, s.mean_value.to_bits())).or_insert((*s, 0.0)).1 += 1.0;
        }
        let mut data: Vec<(Spend, f64)> = counts.into_values().collect();
        if data.is_empty() {
            return Err(FitError::NoData("no customer with a repeat transaction of positive value"));
        }
        // A fixed order, so that a fit is reproducible to the last bit.
        data.sort_by_key(|(s, _)| (s.transactions, s.mean_value.to_bits()));
        // γ is in money: fitted on values over their mean, it stays near 1
        // whatever the currency (a rupiah base would otherwise put it in the
        // millions), then is scaled back. The log-likelihood of the values
        // themselves is that of the scaled ones less ln(scale) per customer.
        let weight: f64 = data.iter().map(|(_, w)| w).sum();
        let scale = data.iter().map(|(s, w)| s.mean_value * w).sum::<f64>() / weight;
        for (s, _) in &mut data {
            s.mean_value /= scale;
        }
        let model = Model { max_transactions: data.iter().map(|(s, _)| s.transactions).max().unwrap_or(1) };
        let (p, log_likelihood, convergence) = maximise(&model, &data, &[1.0, 1.0, 1.0])?;
        Ok(Fitted {
            params: GammaGamma { p: p[0], q: p[1], gamma: p[2] * scale },
            log_likelihood: log_likelihood - weight * scale.ln(),
            convergence,
        })
    }

    /// The expected value of a customer's transactions: the population mean
    /// `pγ/(q−1)` moved towards the customer's own mean the more they have
    /// bought (the note's equation 5). Without repeat transactions, the
    /// population mean. `None` when `q ≤ 1`: the population's mean spend is
    /// then infinite, and the model says nothing useful.
    pub fn expected_value(&self, spend: &Spend) -> Option<f64> {
        let x = f64::from(spend.transactions);
        let denominator = self.p * x + self.q - 1.0;
        (self.q > 1.0).then(|| self.p * (self.gamma + x * spend.mean_value) / denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gradient_is_the_derivative_of_the_likelihood() {
        let s = Spend { transactions: 3, mean_value: 41.2 };
        crate::value::fit::assert_gradient(&Model { max_transactions: s.transactions }, &[6.0, 3.5, 15.0], &s);
    }

    #[test]
    fn the_fit_does_not_depend_on_the_currency() {
        let spends: Vec<Spend> = (1..60)
            .map(|i| Spend {
                transactions: 1 + i % 7,
                mean_value: 10.0 + f64::from((i * 37) % 53) + f64::from(i % 5) * 7.5,
            })
            .collect();
        let in_rupiah: Vec<Spend> =
            spends.iter().map(|s| Spend { mean_value: s.mean_value * 16_000.0, ..*s }).collect();
        let (dollars, rupiah) = (GammaGamma::fit(&spends).expect("fits"), GammaGamma::fit(&in_rupiah).expect("fits"));
        assert!((dollars.params.p - rupiah.params.p).abs() < 1e-6 * dollars.params.p);
        assert!((dollars.params.q - rupiah.params.q).abs() < 1e-6 * dollars.params.q);
        assert!((dollars.params.gamma * 16_000.0 - rupiah.params.gamma).abs() < 1e-6 * rupiah.params.gamma);
        let shift = spends.len() as f64 * 16_000f64.ln();
        assert!((dollars.log_likelihood - shift - rupiah.log_likelihood).abs() < 1e-6 * shift);
    }

    #[test]
    fn expected_value_leans_towards_the_customers_own_mean() {
        let model = GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 };
        let population = model.expected_value(&Spend { transactions: 0, mean_value: 0.0 }).expect("q > 1");
        assert!((population - 6.25 * 15.44 / 2.74).abs() < 1e-12);
        let big = |x| model.expected_value(&Spend { transactions: x, mean_value: 100.0 }).expect("q > 1");
        assert!(population < big(1) && big(1) < big(10) && big(10) < 100.0);
        assert_eq!(GammaGamma { q: 0.9, ..model }.expected_value(&Spend { transactions: 1, mean_value: 5.0 }), None);
    }
}
