//! Latency histograms: invocation durations counted in fixed buckets, kept in the rollups beside
//! the outcome counts, so percentiles over any window and any set of nodes are a sum of rows.

/// Upper bounds (inclusive, ms) of every bucket but the last, which holds everything longer.
pub const LATENCY_BOUNDS_MS: [i64; 14] = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000,
];
/// Buckets per histogram (the bounds plus one for longer).
pub const LATENCY_BUCKETS: usize = LATENCY_BOUNDS_MS.len() + 1;

/// Invocation counts per duration bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LatencyHistogram {
    pub counts: [i64; LATENCY_BUCKETS],
}

impl LatencyHistogram {
    /// The bucket a duration falls into.
    pub fn bucket_of(duration_ms: i64) -> usize {
        LATENCY_BOUNDS_MS
            .iter()
            .position(|b| duration_ms <= *b)
            .unwrap_or(LATENCY_BOUNDS_MS.len())
    }

    pub fn observe(&mut self, duration_ms: i64) {
        self.counts[Self::bucket_of(duration_ms)] += 1;
    }

    pub fn merge(&mut self, other: &LatencyHistogram) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
    }

    pub fn total(&self) -> i64 {
        self.counts.iter().sum()
    }

    /// The duration below which a fraction `q` (0..=1) of the invocations ended, interpolated
    /// linearly inside its bucket; `None` without invocations. The open last bucket answers its
    /// lower bound.
    pub fn percentile(&self, q: f64) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let rank = (q.clamp(0.0, 1.0) * total as f64).max(1.0);
        let mut seen = 0i64;
        for (i, n) in self.counts.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            if (seen + n) as f64 >= rank {
                let lo = if i == 0 { 0 } else { LATENCY_BOUNDS_MS[i - 1] } as f64;
                let Some(hi) = LATENCY_BOUNDS_MS.get(i) else {
                    return Some(lo);
                };
                let within = (rank - seen as f64) / *n as f64;
                return Some(lo + within * (*hi as f64 - lo));
            }
            seen += n;
        }
        Some(*LATENCY_BOUNDS_MS.last().expect("bounds exist") as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_percentiles() {
        assert_eq!(LatencyHistogram::bucket_of(0), 0);
        assert_eq!(LatencyHistogram::bucket_of(1), 0);
        assert_eq!(LatencyHistogram::bucket_of(2), 1);
        assert_eq!(LatencyHistogram::bucket_of(31_000), LATENCY_BOUNDS_MS.len());
        let mut h = LatencyHistogram::default();
        assert_eq!(h.percentile(0.5), None);
        for _ in 0..90 {
            h.observe(1);
        }
        for _ in 0..10 {
            h.observe(150); // (100, 200]
        }
        assert!(h.percentile(0.5).unwrap() <= 1.0);
        let p95 = h.percentile(0.95).unwrap();
        assert!((100.0..=200.0).contains(&p95), "{p95}");
        assert_eq!(h.percentile(1.0), Some(200.0));
        h.observe(60_000);
        assert_eq!(
            h.percentile(1.0),
            Some(30_000.0),
            "the open bucket answers its lower bound"
        );
    }
}
