//! How customers' values are spread: a histogram with bands on a logarithmic
//! scale, because lifetime values run from a few to many thousands and equal
//! bands would put nearly everyone in the first.

use serde::Serialize;

/// One band of values, `from` (included) to `to` (excluded, but for the
/// last band, which includes the largest value).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub customers: u64,
}

/// Sorts `values` into at most `bands` bands: one for values of zero or
/// less, then bands whose bounds grow by the same factor from the smallest
/// positive value to the largest. Values that are not finite are left out.
pub fn histogram(values: &[f64], bands: usize) -> Vec<Band> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let zeros = finite.iter().filter(|v| **v <= 0.0).count() as u64;
    let positive: Vec<f64> = finite.into_iter().filter(|v| *v > 0.0).collect();
    let mut out = Vec::new();
    if zeros > 0 {
        out.push(Band { from: 0.0, to: 0.0, customers: zeros });
    }
    let (Some(low), Some(high)) =
        (positive.iter().copied().reduce(f64::min), positive.iter().copied().reduce(f64::max))
    else {
        return out;
    };
    let count = bands.max(1);
    if high <= low {
        out.push(Band { from: low, to: high, customers: positive.len() as u64 });
        return out;
    }
    let ratio = (high / low).powf(1.0 / count as f64);
    let bound = |i: usize| if i == count { high } else { low * ratio.powi(i as i32) };
    let mut counts = vec![0u64; count];
    for value in &positive {
        let index = ((value / low).ln() / ratio.ln()).floor();
        let index = if index.is_finite() { (index.max(0.0) as usize).min(count - 1) } else { 0 };
        counts[index] += 1;
    }
    out.extend(counts.into_iter().enumerate().map(|(i, customers)| Band {
        from: bound(i),
        to: bound(i + 1),
        customers,
    }));
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn bands_grow_by_one_factor_and_hold_every_value() {
        let bands = histogram(&[1.0, 10.0, 100.0, 1000.0, 0.0, -3.0, f64::NAN], 3);
        assert_eq!(bands.len(), 4);
        assert_eq!(bands[0], Band { from: 0.0, to: 0.0, customers: 2 });
        assert!((bands[1].from - 1.0).abs() < 1e-9 && (bands[1].to - 10.0).abs() < 1e-9);
        assert_eq!(bands.iter().map(|b| b.customers).collect::<Vec<_>>(), [2, 1, 1, 2]);
        assert_eq!(bands[3].to, 1000.0);
    }

    #[test]
    fn one_value_or_none_make_one_band_or_none() {
        assert!(histogram(&[], 10).is_empty());
        assert_eq!(histogram(&[5.0, 5.0], 10), [Band { from: 5.0, to: 5.0, customers: 2 }]);
    }

    proptest! {
        #[test]
        fn every_finite_value_is_counted_once(values in prop::collection::vec(-10.0f64..1e7, 0..300), bands in 1usize..20) {
            let found = histogram(&values, bands);
            prop_assert_eq!(found.iter().map(|b| b.customers).sum::<u64>(), values.len() as u64);
            prop_assert!(found.len() <= bands + 1);
            prop_assert!(found.windows(2).all(|w| w[0].to <= w[1].from + 1e-6 * w[1].from.abs().max(1.0)));
        }
    }
}
