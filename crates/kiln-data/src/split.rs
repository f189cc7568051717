//! Seeded, stratified train / validation / test split.

use std::collections::BTreeMap;

use kiln_core::SplitConfig;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// Row indices of each split.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Splits {
    /// Rows used for gradient steps.
    pub train: Vec<usize>,
    /// Rows evaluated after each epoch.
    pub validation: Vec<usize>,
    /// Rows held out for the final test metrics.
    pub test: Vec<usize>,
}

/// Splits rows so each class keeps its share in every split (stratified).
///
/// For each class (in label order) its rows are shuffled with a ChaCha8 generator seeded by
/// `seed`; `round(n × test)` go to test, `round(n × validation)` to validation, the rest to
/// train. Each split is then shuffled. The same labels, config and seed always give the same
/// split, on every platform.
pub fn stratified_split(labels: &[u32], config: &SplitConfig, seed: u64) -> Splits {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut by_class: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (row, &label) in labels.iter().enumerate() {
        by_class.entry(label).or_default().push(row);
    }
    let mut out = Splits::default();
    for rows in by_class.values_mut() {
        rows.shuffle(&mut rng);
        let n = rows.len() as f64;
        let n_test = (n * config.test).round() as usize;
        let n_val = ((n * config.validation).round() as usize).min(rows.len() - n_test);
        out.test.extend_from_slice(&rows[..n_test]);
        out.validation.extend_from_slice(&rows[n_test..n_test + n_val]);
        out.train.extend_from_slice(&rows[n_test + n_val..]);
    }
    out.train.shuffle(&mut rng);
    out.validation.shuffle(&mut rng);
    out.test.shuffle(&mut rng);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(rows: &[usize], labels: &[u32], class: u32) -> usize {
        rows.iter().filter(|&&r| labels[r] == class).count()
    }

    #[test]
    fn keeps_class_balance_in_each_split() {
        // 60 of class 0, 40 of class 1.
        let labels: Vec<u32> = (0..100).map(|i| u32::from(i >= 60)).collect();
        let s = stratified_split(&labels, &SplitConfig::default(), 7);
        assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (80, 10, 10));
        assert_eq!(count(&s.test, &labels, 0), 6);
        assert_eq!(count(&s.test, &labels, 1), 4);
        assert_eq!(count(&s.validation, &labels, 1), 4);
        assert_eq!(count(&s.train, &labels, 1), 32);
    }

    #[test]
    fn is_a_partition_and_repeatable() {
        let labels: Vec<u32> = (0..37).map(|i| (i % 3) as u32).collect();
        let a = stratified_split(&labels, &SplitConfig::default(), 1);
        let mut all: Vec<usize> = a.train.iter().chain(&a.validation).chain(&a.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..37).collect::<Vec<_>>());
        assert_eq!(a, stratified_split(&labels, &SplitConfig::default(), 1));
        assert_ne!(a.train, stratified_split(&labels, &SplitConfig::default(), 2).train);
    }

    #[test]
    fn tiny_classes_do_not_overflow() {
        let labels = [0, 1];
        let cfg = SplitConfig { train: 0.1, validation: 0.45, test: 0.45 };
        let s = stratified_split(&labels, &cfg, 3);
        assert_eq!(s.train.len() + s.validation.len() + s.test.len(), 2);
    }
}
