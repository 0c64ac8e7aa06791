//! Comparison measures: rates with exact Poisson intervals, ranks within a group, and keyness of
//! one group against another (signed log-likelihood G² with its p-value, log ratio of rates).
//!
//! Everything here is a pure function of counts; the chi-square quantiles come from `statrs`.
//! A measure whose denominator is zero is `None` (an empty cell), never a made-up number.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::tally::Counts;

/// Confidence level of the rate intervals.
pub const CONFIDENCE: f64 = 0.95;

/// What rates are per 1,000 of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Denominator {
    /// All tokens.
    #[default]
    Tokens,
    /// Tokens that are not stop words.
    Content,
}

impl Denominator {
    /// The denominator of a group.
    pub fn of(self, counts: &Counts) -> u64 {
        match self {
            Denominator::Tokens => counts.tokens,
            Denominator::Content => counts.content_tokens,
        }
    }

    /// The denominator's name: `tokens` or `content`.
    pub fn name(self) -> &'static str {
        match self {
            Denominator::Tokens => "tokens",
            Denominator::Content => "content",
        }
    }
}

/// Hits per 1,000 units of `denominator`, with an exact Poisson interval at [`CONFIDENCE`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Hits per 1,000 units.
    pub per_1000: f64,
    /// Lower bound of the interval.
    pub low: f64,
    /// Upper bound of the interval.
    pub high: f64,
}

impl Rate {
    /// `None` when the denominator is zero.
    pub fn new(hits: u64, denominator: u64) -> Option<Rate> {
        if denominator == 0 {
            return None;
        }
        let scale = 1000.0 / denominator as f64;
        let (low, high) = poisson_interval(hits, CONFIDENCE);
        Some(Rate {
            per_1000: hits as f64 * scale,
            low: low * scale,
            high: high * scale,
        })
    }
}

/// The exact (Garwood) two-sided interval for the mean of a Poisson count, the one R's
/// `poisson.test` reports: `qchisq(α/2, 2k)/2` to `qchisq(1-α/2, 2k+2)/2`, with 0 as the lower
/// bound of a zero count.
pub(crate) fn poisson_interval(count: u64, confidence: f64) -> (f64, f64) {
    let alpha = 1.0 - confidence;
    let quantile = |p: f64, freedom: f64| {
        ChiSquared::new(freedom).map_or(f64::NAN, |chi2| chi2.inverse_cdf(p) / 2.0)
    };
    let k = count as f64;
    let low = if count == 0 {
        0.0
    } else {
        quantile(alpha / 2.0, 2.0 * k)
    };
    (low, quantile(1.0 - alpha / 2.0, 2.0 * k + 2.0))
}

/// How much more (or less) often a theme occurs in one group than in another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Keyness {
    /// Log-likelihood G² (Rayson and Garside), positive when the first group's rate is higher,
    /// negative when it is lower.
    pub g2: f64,
    /// p-value of the unsigned G² on a chi-square distribution with one degree of freedom.
    pub p_value: f64,
    /// log₂ of the ratio of the two rates (Hardie's Log Ratio): 1 is twice as often, -1 half as
    /// often. A zero count is taken as 0.5 so the ratio stays finite; should that make the
    /// ratio point against the observed rates (a zero in a much smaller group), it is 0.
    pub log_ratio: f64,
}

impl Keyness {
    /// Compares `a` hits in `a_total` units with `b` hits in `b_total` units; `None` when either
    /// total is zero.
    pub fn new(a: u64, a_total: u64, b: u64, b_total: u64) -> Option<Keyness> {
        if a_total == 0 || b_total == 0 {
            return None;
        }
        let (a, a_total, b, b_total) = (a as f64, a_total as f64, b as f64, b_total as f64);
        let pooled = (a + b) / (a_total + b_total);
        let term = |observed: f64, total: f64| {
            if observed > 0.0 {
                observed * (observed / (total * pooled)).ln()
            } else {
                0.0
            }
        };
        let g2 = (2.0 * (term(a, a_total) + term(b, b_total))).max(0.0);
        let p_value = ChiSquared::new(1.0).map_or(f64::NAN, |chi2| chi2.sf(g2));
        let adjusted = |count: f64| if count == 0.0 { 0.5 } else { count };
        let sign = if a / a_total < b / b_total { -1.0 } else { 1.0 };
        let log_ratio = if a == 0.0 && b == 0.0 {
            0.0
        } else {
            let estimate = ((adjusted(a) / a_total) / (adjusted(b) / b_total)).log2();
            // With very unequal totals, 0.5 in the smaller one can outweigh the other's rate:
            // the effect never points against the observed rates, it is 0 then.
            if estimate * sign < 0.0 {
                0.0
            } else {
                estimate
            }
        };
        Some(Keyness {
            g2: sign * g2,
            p_value,
            log_ratio,
        })
    }
}

/// Competition ranks of `hits` from the most frequent (1) down; ties share the best rank
/// (`[5, 9, 5, 0]` → `[2, 1, 2, 4]`).
pub fn ranks(hits: &[u64]) -> Vec<usize> {
    hits.iter()
        .map(|&h| 1 + hits.iter().filter(|&&other| other > h).count())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within `tolerance` relative to the expected value.
    #[track_caller]
    fn close(actual: f64, expected: f64) {
        let tolerance = 1e-9 * expected.abs().max(1e-12);
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} != {expected}"
        );
    }

    /// Expected bounds computed independently with scipy (`chi2.ppf`); they agree with R's
    /// `poisson.test(k)$conf.int` (e.g. 10 → 4.795389, 18.390356).
    #[test]
    fn poisson_intervals_match_r() {
        for (count, low, high) in [
            (0, 0.0, 3.6888794541139354),
            (1, 0.025317807984289876, 5.571643390938898),
            (5, 1.6234863901184207, 11.66833207932267),
            (10, 4.7953886961324335, 18.39035604201778),
            (100, 81.36399125092314, 121.62679379242638),
        ] {
            let (l, h) = poisson_interval(count, 0.95);
            close(l, low);
            close(h, high);
        }
    }

    #[test]
    fn rates_scale_the_interval() {
        let rate = Rate::new(10, 2000).unwrap();
        close(rate.per_1000, 5.0);
        close(rate.low, 4.7953886961324335 / 2.0);
        close(rate.high, 18.39035604201778 / 2.0);
        assert_eq!(Rate::new(3, 0), None);
    }

    /// Expected G² from the formula evaluated independently in Python, p-values from scipy's
    /// `chi2.sf(g2, 1)`.
    #[test]
    fn keyness_matches_known_values() {
        for (a, a_total, b, b_total, g2, p, log_ratio) in [
            (
                10,
                1000,
                20,
                10000,
                13.579462550451632,
                0.00022867369965062342,
                2.321928094887362,
            ),
            (
                0,
                500,
                7,
                700,
                -7.545951010257619,
                0.006014507008234588,
                -std::f64::consts::LOG2_10, // log2((0.5/500)/(7/700)) = -log2(10)
            ),
            (
                5,
                366,
                1,
                358,
                2.823362895417876,
                0.0929015763701205,
                2.2900440338675763,
            ),
        ] {
            let k = Keyness::new(a, a_total, b, b_total).unwrap();
            close(k.g2, g2);
            close(k.p_value, p);
            close(k.log_ratio, log_ratio);
        }
    }

    #[test]
    fn keyness_edge_cases() {
        assert_eq!(Keyness::new(1, 0, 1, 10), None);
        assert_eq!(Keyness::new(1, 10, 1, 0), None);
        let none = Keyness::new(0, 100, 0, 300).unwrap();
        assert_eq!((none.g2, none.p_value, none.log_ratio), (0.0, 1.0, 0.0));
        // 0.5 in 366 would be more than 4 in 6,900: the effect is 0, not positive.
        let zero = Keyness::new(0, 366, 4, 6900).unwrap();
        assert!(zero.g2 < 0.0);
        assert_eq!(zero.log_ratio, 0.0);
        let equal = Keyness::new(2, 100, 6, 300).unwrap();
        assert!(equal.g2.abs() < 1e-12 && equal.log_ratio.abs() < 1e-12);
        assert!((equal.p_value - 1.0).abs() < 1e-9);
    }

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks(&[5, 9, 5, 0]), [2, 1, 2, 4]);
        assert_eq!(ranks(&[0, 0]), [1, 1]);
        assert!(ranks(&[]).is_empty());
    }
}
