//! How a training split is dealt out to the clients of a simulated federated run: each client
//! gets its own rows, and the rows never meet again (only weight updates are averaged).
//!
//! Two partitions are the standard benchmarks: **IID** (shuffle, then deal near-equal shards, as
//! in McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from Decentralized
//! Data", AISTATS, arXiv:1602.05629) and **non-IID by label with a Dirichlet concentration α**
//! (Hsu, Qi & Brown 2019, "Measuring the Effects of Non-Identical Data Distribution for Federated
//! Visual Classification", arXiv:1909.06335): for every class `c`, proportions
//! `p_c ~ Dir(α, …, α)` over the `N` clients decide how that class's rows are shared. Small α
//! (0.1) gives each client one or two dominant classes; large α (100) approaches IID. The
//! Dirichlet draw is `p_i = y_i / Σ y`, `y_i ~ Gamma(α, 1)` (rand_distr's Gamma). A draw that
//! leaves a client with fewer than [`min_client_rows`] rows is redrawn (as Flower's
//! `DirichletPartitioner` does with its `min_partition_size`), up to [`MAX_DRAWS`] times.
//!
//! Everything is seeded (ChaCha8): the same targets, partition and seed give the same clients on
//! every platform.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma};
use serde::{Deserialize, Serialize};

use crate::error::DataError;
use crate::examples::Targets;

/// Most clients a simulated federation may have.
pub const MAX_CLIENTS: usize = 100;
/// Dirichlet draws tried before giving up on giving every client enough rows.
pub const MAX_DRAWS: usize = 100;

/// How the training rows are shared among clients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientPartition {
    /// Independent and identically distributed: shuffled rows dealt in near-equal shards (sizes
    /// differ by at most one row).
    Iid,
    /// Non-IID by label: each class's rows shared by proportions drawn from `Dir(α)`.
    Dirichlet {
        /// Concentration α in [0.01, 10000]: small = skewed, large = close to IID.
        alpha: f64,
    },
}

/// The fewest rows a Dirichlet partition leaves any client: `clamp(n / (4·clients), 1, 10)`
/// (10 is Flower's default `min_partition_size`; small sets get less).
pub fn min_client_rows(rows: usize, clients: usize) -> usize {
    (rows / (4 * clients.max(1))).clamp(1, 10)
}

/// Deals the rows of a training split (`targets` gives their labels) to `clients` clients.
/// Returns, for each client, its row indices into the split, ascending; together they are a
/// partition of `0..targets.len()`.
///
/// # Errors
/// [`DataError::Invalid`] for 0 or more than [`MAX_CLIENTS`] clients, fewer rows than clients,
/// an α out of range, a Dirichlet partition of regression targets (it needs class labels), or an
/// α so small that no draw in [`MAX_DRAWS`] gives every client [`min_client_rows`] rows.
pub fn partition_clients(
    targets: &Targets,
    clients: usize,
    partition: ClientPartition,
    seed: u64,
) -> Result<Vec<Vec<usize>>, DataError> {
    let n = targets.len();
    if clients == 0 || clients > MAX_CLIENTS {
        return Err(DataError::untranslated(format!(
            "the number of clients must be 1 to {MAX_CLIENTS}, got {clients}"
        )));
    }
    if n < clients {
        return Err(DataError::untranslated(format!(
            "{clients} clients need at least {clients} training examples, the split has {n}"
        )));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut parts = match partition {
        ClientPartition::Iid => iid(n, clients, &mut rng),
        ClientPartition::Dirichlet { alpha } => {
            if !(alpha.is_finite() && (0.01..=10_000.0).contains(&alpha)) {
                return Err(DataError::untranslated(format!(
                    "the Dirichlet α must be between 0.01 and 10000, got {alpha}"
                )));
            }
            let (labels, classes) = match targets {
                Targets::Binary { labels } => (labels, 2),
                Targets::Classes { labels, classes } => (labels, *classes),
                Targets::Regression { .. } => {
                    return Err(DataError::untranslated(
                        "a non-IID split by label needs class labels; this data set is regression: use IID".to_string(),
                    ));
                }
            };
            dirichlet(labels, classes, clients, alpha, &mut rng)?
        }
    };
    for p in &mut parts {
        p.sort_unstable();
    }
    Ok(parts)
}

/// Shuffled rows dealt in contiguous shards of `⌊n/k⌋` or `⌈n/k⌉` rows.
fn iid(n: usize, clients: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<usize>> {
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(rng);
    (0..clients).map(|k| rows[k * n / clients..(k + 1) * n / clients].to_vec()).collect()
}

fn dirichlet(
    labels: &[u32],
    classes: usize,
    clients: usize,
    alpha: f64,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<Vec<usize>>, DataError> {
    let gamma = Gamma::new(alpha, 1.0).map_err(|e| DataError::untranslated(format!("Dirichlet α {alpha}: {e}")))?;
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (row, &l) in labels.iter().enumerate() {
        if let Some(rows) = by_class.get_mut(l as usize) {
            rows.push(row);
        }
    }
    let min = min_client_rows(labels.len(), clients);
    for _ in 0..MAX_DRAWS {
        let mut parts: Vec<Vec<usize>> = vec![Vec::new(); clients];
        for rows in &by_class {
            let mut rows = rows.clone();
            rows.shuffle(rng);
            let mut y: Vec<f64> = (0..clients).map(|_| gamma.sample(rng)).collect();
            let total: f64 = y.iter().sum();
            if total > 0.0 && total.is_finite() {
                y.iter_mut().for_each(|v| *v /= total);
            } else {
                // Every Gamma draw underflowed (α tiny): the class goes to one client.
                y = vec![0.0; clients];
                y[rng_index(rng, clients)] = 1.0;
            }
            // Cut the shuffled rows at the rounded cumulative proportions.
            let m = rows.len();
            let mut start = 0;
            let mut cumulative = 0.0;
            for (k, p) in y.iter().enumerate() {
                cumulative += p;
                let end = if k + 1 == clients { m } else { ((cumulative * m as f64).round() as usize).clamp(start, m) };
                parts[k].extend_from_slice(&rows[start..end]);
                start = end;
            }
        }
        if parts.iter().all(|p| p.len() >= min) {
            return Ok(parts);
        }
    }
    Err(DataError::untranslated(format!(
        "α = {alpha} is too small for {clients} clients: in {MAX_DRAWS} draws some client always got fewer than {min} examples; raise α or use fewer clients"
    )))
}

fn rng_index(rng: &mut ChaCha8Rng, n: usize) -> usize {
    use rand::RngExt;
    rng.random_range(0..n.max(1))
}

/// Rows of each class held by each client: `mix[k][c]` = rows of class `c` at client `k` (the
/// stacked bar of each client's class mix). Labels outside `0..classes` are not counted.
pub fn class_mix(parts: &[Vec<usize>], labels: &[u32], classes: usize) -> Vec<Vec<usize>> {
    parts
        .iter()
        .map(|rows| {
            let mut counts = vec![0; classes];
            for &r in rows {
                if let Some(c) = labels.get(r).and_then(|&l| counts.get_mut(l as usize)) {
                    *c += 1;
                }
            }
            counts
        })
        .collect()
}

#[cfg(test)]
#[path = "federated_tests.rs"]
mod tests;
