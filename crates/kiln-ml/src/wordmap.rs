//! The word map: an Embedding layer's learned word vectors, the most frequent words projected to
//! 2-D by PCA, each coloured by its mean contribution to the score and listed with its nearest
//! words by cosine similarity. Cheap enough to redo after every epoch (figures in the test
//! `tests/native/evaluate.rs`).
//!
//! **PCA** is the eigen-decomposition of the words' `d × d` covariance matrix (population,
//! `/n`, after centring): the two eigenvectors with the largest eigenvalues are the axes. The
//! decomposition is nalgebra's `SymmetricEigen` (Householder tridiagonalisation + implicit QR):
//! numerical linear algebra is not Kiln's domain, and a well-kept library is exact to rounding
//! where a hand-written Jacobi loop would need its own tests of convergence. The matrix is only
//! `d × d` (16 × 16 for the reference model). An eigenvector's sign is arbitrary, so each axis is
//! turned to make its largest-magnitude loading positive: the map does not flip between epochs.

use kiln_core::ModelSpec;
use kiln_data::{Inputs, Vocabulary};
use kiln_protocol::report::{ExplainMethod, MapWord, Neighbour, WordMap};
use nalgebra::{DMatrix, SymmetricEigen};

use crate::MlError;
use crate::eval::Evaluator;
use crate::explain::{
    default_method, embedding_rows, integrated_contributions, logits, path_model, pooled_and_outputs,
};
use crate::model::Head;

/// What to put on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMapOptions {
    /// Most frequent words drawn (vocabulary ids `2 .. 2 + words`).
    pub words: usize,
    /// Neighbours listed per word.
    pub neighbours: usize,
    /// Most sentences whose contributions are averaged (the first ones given).
    pub max_sentences: usize,
    /// The class whose score the colour is (two classes: 1, positive).
    pub class: u32,
}

impl Default for WordMapOptions {
    /// 300 words, 5 neighbours each, up to 5,000 sentences, class 1.
    fn default() -> Self {
        WordMapOptions { words: 300, neighbours: 5, max_sentences: 5_000, class: 1 }
    }
}

/// The two principal axes of a point cloud.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca2 {
    /// The points' mean, `[d]`.
    pub mean: Vec<f64>,
    /// First and second axes (unit eigenvectors, largest-magnitude loading positive), `[d]` each.
    pub axes: [Vec<f64>; 2],
    /// Fraction of the total variance along each axis (0 when the points do not vary).
    pub explained: [f64; 2],
}

/// PCA of `n` points `[n, d]` row-major (module comment). With `d = 1` the second axis is 0.
pub fn pca_2d(points: &[f32], d: usize) -> Pca2 {
    let d = d.max(1);
    let n = points.len() / d;
    let mut mean = vec![0.0; d];
    for p in points.chunks(d) {
        for (m, &v) in mean.iter_mut().zip(p) {
            *m += f64::from(v) / n.max(1) as f64;
        }
    }
    let mut cov = DMatrix::<f64>::zeros(d, d);
    for p in points.chunks(d) {
        let c: Vec<f64> = p.iter().zip(&mean).map(|(&v, m)| f64::from(v) - m).collect();
        for i in 0..d {
            for j in 0..d {
                cov[(i, j)] += c[i] * c[j] / n.max(1) as f64;
            }
        }
    }
    let eigen = SymmetricEigen::new(cov);
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]));
    let total: f64 = eigen.eigenvalues.iter().map(|v| v.max(0.0)).sum();
    let axis = |k: usize| -> (Vec<f64>, f64) {
        let Some(&col) = order.get(k) else { return (vec![0.0; d], 0.0) };
        let mut v: Vec<f64> = eigen.eigenvectors.column(col).iter().copied().collect();
        let biggest = v.iter().copied().fold(0.0, |b: f64, x| if x.abs() > b.abs() { x } else { b });
        if biggest < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        let share = if total > 0.0 { eigen.eigenvalues[col].max(0.0) / total } else { 0.0 };
        (v, share)
    };
    let ((a0, e0), (a1, e1)) = (axis(0), axis(1));
    Pca2 { mean, axes: [a0, a1], explained: [e0, e1] }
}

impl Pca2 {
    /// The coordinates of point `p` (`[d]`) on the two axes.
    pub fn project(&self, p: &[f32]) -> [f32; 2] {
        let on =
            |axis: &[f64]| p.iter().zip(&self.mean).zip(axis).map(|((&v, m), a)| (f64::from(v) - m) * a).sum::<f64>();
        [on(&self.axes[0]) as f32, on(&self.axes[1]) as f32]
    }
}

/// The word map from an embedding table already on the host (`table` row-major `[ids, d]`) and
/// the per-id `(sum, count)` of contributions (index = id; may be shorter or empty): PCA of the
/// `options.words` most frequent words, and each one's nearest neighbours among every word of
/// `vocab`. Pure and O(words × vocabulary × d).
pub fn word_map_from_table(
    table: &[f32],
    d: usize,
    vocab: &Vocabulary,
    sums: &[(f64, u32)],
    options: &WordMapOptions,
) -> WordMap {
    let d = d.max(1);
    let ids_in_table = table.len() / d;
    let last = vocab.len().min(ids_in_table);
    let map_ids: Vec<usize> = (2..last).take(options.words).collect();
    let points: Vec<f32> = map_ids.iter().flat_map(|&i| table[i * d..(i + 1) * d].iter().copied()).collect();
    let pca = pca_2d(&points, d);
    // Unit vectors of every word, for cosine similarity.
    let unit: Vec<f32> = (0..last)
        .flat_map(|i| {
            let v = &table[i * d..(i + 1) * d];
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(move |x| if norm > 0.0 { x / norm } else { 0.0 })
        })
        .collect();
    let words = map_ids
        .iter()
        .map(|&i| {
            let mine = &unit[i * d..(i + 1) * d];
            let mut best: Vec<(f32, usize)> = Vec::with_capacity(options.neighbours + 1);
            for j in 2..last {
                if j == i {
                    continue;
                }
                let s: f32 = mine.iter().zip(&unit[j * d..(j + 1) * d]).map(|(a, b)| a * b).sum();
                if best.len() < options.neighbours || best.last().is_some_and(|b| s > b.0) {
                    let at = best.partition_point(|b| b.0 >= s);
                    best.insert(at, (s, j));
                    best.truncate(options.neighbours);
                }
            }
            let [x, y] = pca.project(&table[i * d..(i + 1) * d]);
            let (sum, count) = sums.get(i).copied().unwrap_or((0.0, 0));
            MapWord {
                word: vocab.word(i as u32).unwrap_or_default().to_owned(),
                id: i as u32,
                x,
                y,
                mean_contribution: (count > 0).then(|| (sum / f64::from(count)) as f32),
                occurrences: count,
                neighbours: best
                    .into_iter()
                    .map(|(similarity, j)| Neighbour {
                        word: vocab.word(j as u32).unwrap_or_default().to_owned(),
                        similarity,
                    })
                    .collect(),
            }
        })
        .collect();
    WordMap { words, explained_variance: pca.explained, searched: last.saturating_sub(2), compute_ms: None }
}

/// Per vocabulary id, the sum and count of its contributions to class `class`'s score over the
/// first `max_sentences` rows of `sentences` (token ids), with [`default_method`] (exact
/// integrated gradients for the reference model; occlusion — the row with one token deleted,
/// the rest moved up — otherwise). Ids 0 and 1 (padding, unknown) are not counted.
///
/// # Errors
/// [`MlError::Invalid`] for inputs that are not tokens; [`MlError::Device`] for a failed read-back.
pub async fn contribution_sums(
    evaluator: &Evaluator,
    spec: &ModelSpec,
    sentences: &Inputs,
    table: &[f32],
    d: usize,
    options: &WordMapOptions,
) -> Result<Vec<(f64, u32)>, MlError> {
    let Inputs::Tokens { ids, seq_len } = sentences else {
        return Err(MlError::Invalid("the word map needs text (token) inputs".into()));
    };
    let seq_len = (*seq_len).max(1);
    let head = evaluator.network().head();
    let output = if head == Head::Softmax { options.class as usize } else { 0 };
    let mut sums = vec![(0.0, 0u32); table.len() / d.max(1)];
    let mut add = |id: u32, c: f64| {
        if id >= 2
            && let Some(s) = sums.get_mut(id as usize)
        {
            s.0 += c;
            s.1 += 1;
        }
    };
    let rows: Vec<&[u32]> = ids.chunks(seq_len).take(options.max_sentences).collect();
    match default_method(spec) {
        ExplainMethod::IntegratedGradients => {
            let model = path_model(evaluator, spec).await?;
            for row in rows {
                let seen: Vec<u32> = row.iter().copied().filter(|&i| i != 0).collect();
                let emb: Vec<f32> =
                    seen.iter().flat_map(|&i| table[i as usize * d..(i as usize + 1) * d].iter().copied()).collect();
                let (h, _) = pooled_and_outputs(&model, &emb, d);
                for (&id, c) in seen.iter().zip(integrated_contributions(&model, &emb, d, &h, output)) {
                    add(id, c);
                }
            }
        }
        ExplainMethod::Occlusion => {
            for group in rows.chunks(64) {
                let mut batch: Vec<Vec<u32>> = Vec::new();
                let mut spans = Vec::new();
                for row in group {
                    let seen: Vec<u32> = row.iter().copied().filter(|&i| i != 0).collect();
                    spans.push((batch.len(), seen.clone()));
                    batch.push(row.to_vec());
                    for j in 0..seen.len() {
                        let mut rest: Vec<u32> =
                            seen.iter().enumerate().filter(|&(k, _)| k != j).map(|(_, &i)| i).collect();
                        rest.resize(seq_len, 0);
                        batch.push(rest);
                    }
                }
                let outs = logits(evaluator, &batch, seq_len).await?;
                for (start, seen) in spans {
                    for (j, &id) in seen.iter().enumerate() {
                        add(id, outs[start][output] - outs[start + 1 + j][output]);
                    }
                }
            }
        }
    }
    Ok(sums)
}

/// The first Embedding layer's whole table, read back: row-major `[input_dim, d]`, and `d`.
///
/// # Errors
/// [`MlError::Invalid`] for a model without an Embedding; [`MlError::Device`] for a failed read-back.
pub async fn embedding_table(evaluator: &Evaluator) -> Result<(Vec<f32>, usize), MlError> {
    embedding_rows(evaluator, None).await
}

/// The word map of `evaluator`'s network (its first Embedding) for `vocab`, coloured by mean
/// contributions over `sentences` (the training split's token ids, say). One read-back of the
/// table; the rest on the host.
///
/// # Errors
/// As [`contribution_sums`]; [`MlError::Invalid`] for a model without an Embedding.
pub async fn word_map(
    evaluator: &Evaluator,
    spec: &ModelSpec,
    vocab: &Vocabulary,
    sentences: &Inputs,
    options: &WordMapOptions,
) -> Result<WordMap, MlError> {
    let (table, d) = embedding_table(evaluator).await?;
    let sums = contribution_sums(evaluator, spec, sentences, &table, d, options).await?;
    Ok(word_map_from_table(&table, d, vocab, &sums, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    /// Points (2, 0), (−2, 0), (0, 1), (0, −1): covariance diag(2, 0.5), so the axes are x then y
    /// with 80 % and 20 % of the variance, and each point projects to itself. Rotated by 30° and
    /// shifted, the axes rotate with it and the coordinates stay the same.
    #[test]
    fn pca_of_a_hand_checked_2d_cloud() {
        let pts = [2.0f32, 0.0, -2.0, 0.0, 0.0, 1.0, 0.0, -1.0];
        let p = pca_2d(&pts, 2);
        close(p.explained[0], 0.8);
        close(p.explained[1], 0.2);
        close(p.axes[0][0], 1.0);
        close(p.axes[1][1], 1.0);
        assert_eq!(p.project(&[2.0, 0.0]), [2.0, 0.0]);
        assert_eq!(p.project(&[0.0, -1.0]), [0.0, -1.0]);
        let (c, s) = (30f32.to_radians().cos(), 30f32.to_radians().sin());
        let moved: Vec<f32> =
            pts.chunks(2).flat_map(|q| [c * q[0] - s * q[1] + 5.0, s * q[0] + c * q[1] - 3.0]).collect();
        let r = pca_2d(&moved, 2);
        close(r.explained[0], 0.8);
        assert!((r.axes[0][0] - f64::from(c)).abs() < 1e-6 && (r.axes[0][1] - f64::from(s)).abs() < 1e-6);
        assert!((r.axes[1][0] + f64::from(s)).abs() < 1e-6 && (r.axes[1][1] - f64::from(c)).abs() < 1e-6);
        for (q, orig) in moved.chunks(2).zip(pts.chunks(2)) {
            let [x, y] = r.project(q);
            assert!((x - orig[0]).abs() < 1e-5 && (y - orig[1]).abs() < 1e-5, "{q:?} → ({x}, {y})");
        }
    }

    #[test]
    fn constant_points_do_not_divide_by_zero() {
        let p = pca_2d(&[1.0, 1.0, 1.0, 1.0], 2);
        assert_eq!(p.explained, [0.0, 0.0]);
        assert_eq!(p.project(&[1.0, 1.0]), [0.0, 0.0]);
    }

    #[test]
    fn neighbours_by_cosine_and_means() {
        let docs: Vec<Vec<String>> = vec!["a a a b b c d".split(' ').map(String::from).collect()];
        let vocab = Vocabulary::build(docs.iter().map(Vec::as_slice), 10);
        // ids: 2 a, 3 b, 4 c, 5 d. a ∥ c, b ⟂ a, d opposite a.
        let table = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 2.0, 0.0, -1.0, 0.0];
        let sums = [(0.0, 0), (0.0, 0), (3.0, 2), (0.0, 0)];
        let options = WordMapOptions { words: 3, neighbours: 2, ..WordMapOptions::default() };
        let m = word_map_from_table(&table, 2, &vocab, &sums, &options);
        assert_eq!(m.words.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        let a = &m.words[0];
        assert_eq!(a.neighbours[0], Neighbour { word: "c".into(), similarity: 1.0 });
        assert_eq!(a.neighbours[1], Neighbour { word: "b".into(), similarity: 0.0 });
        assert_eq!((a.mean_contribution, a.occurrences), (Some(1.5), 2));
        assert_eq!(m.words[1].mean_contribution, None);
        assert_eq!(m.searched, 4);
    }
}
