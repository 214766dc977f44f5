//! The special functions the customer-base models need, in log space where
//! their values overflow.
//!
//! `ln Γ` comes from `libm` (a port of musl's, accurate to a few ulp). The
//! digamma function and the Gauss hypergeometric series are written here:
//! `libm` has neither, and the crates that do (`statrs`, `special`) would
//! bring linear algebra or C along for two short, well-known formulas.

/// `ln Γ(x)` for `x > 0`.
pub fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)`.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// The digamma function `ψ(x) = d/dx ln Γ(x)` for `x > 0`: the recurrence
/// `ψ(x) = ψ(x + 1) − 1/x` up to `x ≥ 10`, then the asymptotic series, whose
/// error there is below 1e-15 (Abramowitz & Stegun 6.3.18).
pub fn digamma(mut x: f64) -> f64 {
    let mut shift = 0.0;
    while x < 10.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // 1/12 − 1/120 x⁻² + 1/252 x⁻⁴ − 1/240 x⁻⁶ + 1/132 x⁻⁸ − 691/32760 x⁻¹⁰
    let series = inv2
        * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0 - inv2 * 691.0 / 32760.0)))));
    shift + x.ln() - 0.5 * inv - series
}

/// `ln(eᵃ + eᵇ)` without overflow.
pub fn ln_add_exp(a: f64, b: f64) -> f64 {
    let (high, low) = if a >= b { (a, b) } else { (b, a) };
    if low == f64::NEG_INFINITY {
        return high;
    }
    high + (low - high).exp().ln_1p()
}

/// Terms of the hypergeometric series summed at most: the series converges
/// like `zⁿ`, so this covers `z` up to 0.999 to double precision.
const MAX_TERMS: usize = 100_000;

/// The Gauss hypergeometric function `₂F₁(a, b; c; z)` for `0 ≤ z < 1`, by
/// its power series `Σ (a)ₙ(b)ₙ / (c)ₙ zⁿ / n!`, each term from the last by
/// their ratio. Any of a, b, c may be negative (BG/NBD asks for `a + b − 1`
/// and, after Euler's transformation, `a − 1`), but c not zero or a negative
/// integer, where the function is undefined: `None` then, or if the series
/// has not converged (z too close to 1). A non-positive integer a or b ends
/// the series (a polynomial).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) || (c <= 0.0 && c.fract() == 0.0) {
        return None;
    }
    // Past this many terms no Pochhammer factor changes sign any more.
    let settled = (-a).max(-b).max(-c);
    let (mut term, mut sum) = (1.0_f64, 1.0_f64);
    for n in 0..MAX_TERMS {
        let n = n as f64;
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        // Once every factor keeps its sign, the terms do, and the rest is
        // smaller than the last term over (1 − z), which must be negligible.
        if term == 0.0 || (n + 1.0 > settled && term.abs() <= sum.abs() * 1e-16 * (1.0 - z)) {
            return Some(sum);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance * expected.abs().max(1.0)
    }

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ (Euler–Mascheroni), ψ(1/2) = −γ − 2 ln 2, ψ(10) = H₉ − γ.
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-13));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-13));
        let h9: f64 = (1..10).map(|k| 1.0 / f64::from(k)).sum();
        assert!(close(digamma(10.0), h9 - euler, 1e-13));
        assert!(close(digamma(0.01), -100.560_885_457_868_67, 1e-12));
    }

    #[test]
    fn digamma_is_the_derivative_of_ln_gamma() {
        for x in [0.2, 0.793, 2.426, 7.5, 41.0, 380.0] {
            let h = 1e-5 * x;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!(close(digamma(x), numeric, 1e-7), "ψ({x})");
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        const EXPECTED_NEGATIVE_C: f64 = -20.157_243_377_927_68;
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z and ₂F₁(a, b; b; z) = (1 − z)^(−a).
        for z in [0.0_f64, 0.1, 0.5, 0.9, 0.99] {
            let expected = if z == 0.0 { 1.0 } else { -(1.0 - z).ln() / z };
            assert!(close(hyp2f1(1.0, 1.0, 2.0, z).expect("converges"), expected, 1e-12), "z = {z}");
            assert!(close(hyp2f1(0.7, 3.2, 3.2, z).expect("converges"), (1.0 - z).powf(-0.7), 1e-12));
        }
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
        assert_eq!(hyp2f1(1.0, 1.0, -2.0, 0.5), None);
        // A negative integer a ends the series: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
        let (b, c, z) = (1.5, 2.5, 0.4);
        let polynomial = 1.0 - 2.0 * b * z / c + b * (b + 1.0) * z * z / (c * (c + 1.0));
        assert!(close(hyp2f1(-2.0, b, c, z).expect("a polynomial"), polynomial, 1e-14));
        // A negative c, as BG/NBD's a + b − 1 can be (checked with mpmath).
        let value = hyp2f1(0.598_599, 0.563_411, -0.241_171, 0.848).expect("converges");
        assert!(close(value, EXPECTED_NEGATIVE_C, 1e-12), "{value}");
    }

    #[test]
    fn ln_add_exp_does_not_overflow() {
        assert!(close(ln_add_exp(1000.0, 1000.0), 1000.0 + 2f64.ln(), 1e-15));
        assert!(close(ln_add_exp(2f64.ln(), 3f64.ln()), 5f64.ln(), 1e-15));
        assert_eq!(ln_add_exp(f64::NEG_INFINITY, 4.0), 4.0);
    }
}
