use super::*;

/// `classes` classes of `per_class` rows each, interleaved (row r has class r % classes).
fn labels(classes: usize, per_class: usize) -> Targets {
    Targets::Classes { labels: (0..classes * per_class).map(|r| (r % classes) as u32).collect(), classes }
}

fn assert_partition(parts: &[Vec<usize>], n: usize) {
    let mut all: Vec<usize> = parts.iter().flatten().copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..n).collect::<Vec<_>>(), "every row at exactly one client");
    assert!(parts.iter().all(|p| p.windows(2).all(|w| w[0] < w[1])), "rows ascending");
}

#[test]
fn iid_deals_near_equal_shards_with_every_class() {
    let t = labels(10, 100);
    let parts = partition_clients(&t, 7, ClientPartition::Iid, 1).expect("splits");
    assert_eq!(parts.len(), 7);
    assert_partition(&parts, 1000);
    let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
    assert!(sizes.iter().all(|&s| s == 142 || s == 143), "{sizes:?}");
    let Targets::Classes { labels: l, .. } = &t else { unreachable!() };
    for mix in class_mix(&parts, l, 10) {
        assert!(mix.iter().all(|&c| (5..=25).contains(&c)), "IID: every class at every client, {mix:?}");
    }
}

#[test]
fn dirichlet_small_alpha_skews_each_client_large_alpha_is_near_iid() {
    let t = labels(10, 100);
    let Targets::Classes { labels: l, .. } = &t else { unreachable!() };

    let skewed = partition_clients(&t, 10, ClientPartition::Dirichlet { alpha: 0.1 }, 3).expect("splits");
    assert_partition(&skewed, 1000);
    let mix = class_mix(&skewed, l, 10);
    let dominant: Vec<f64> =
        mix.iter().map(|m| *m.iter().max().unwrap_or(&0) as f64 / m.iter().sum::<usize>() as f64).collect();
    let mean_dominant = dominant.iter().sum::<f64>() / 10.0;
    println!("α = 0.1 sizes {:?}", skewed.iter().map(Vec::len).collect::<Vec<_>>());
    println!("α = 0.1 dominant-class shares {dominant:.2?}");
    // Under IID the dominant class holds about 10–15 % of a client's rows.
    assert!(mean_dominant > 0.5, "α = 0.1: a client's largest class holds {mean_dominant:.2} on average");
    let sizes: Vec<usize> = skewed.iter().map(Vec::len).collect();
    assert!(sizes.iter().all(|&s| s >= min_client_rows(1000, 10)), "{sizes:?}");
    assert!(sizes.iter().max() > Some(&(3 * sizes.iter().min().copied().unwrap_or(0))), "sizes vary: {sizes:?}");

    let near_iid = partition_clients(&t, 10, ClientPartition::Dirichlet { alpha: 1000.0 }, 3).expect("splits");
    assert_partition(&near_iid, 1000);
    for m in class_mix(&near_iid, l, 10) {
        assert!(m.iter().all(|&c| (8..=12).contains(&c)), "α = 1000: about 10 of each class, {m:?}");
    }
}

#[test]
fn same_seed_same_clients() {
    let t = labels(3, 50);
    for p in [ClientPartition::Iid, ClientPartition::Dirichlet { alpha: 0.5 }] {
        let a = partition_clients(&t, 5, p, 9).expect("splits");
        assert_eq!(a, partition_clients(&t, 5, p, 9).expect("splits"));
        assert_ne!(a, partition_clients(&t, 5, p, 10).expect("splits"));
    }
}

#[test]
fn one_client_gets_everything_and_binary_labels_work() {
    let t = Targets::Binary { labels: vec![0, 1, 1, 0, 1] };
    assert_eq!(partition_clients(&t, 1, ClientPartition::Iid, 0).expect("splits"), vec![vec![0, 1, 2, 3, 4]]);
    let d = partition_clients(&t, 1, ClientPartition::Dirichlet { alpha: 1.0 }, 0).expect("splits");
    assert_eq!(d, vec![vec![0, 1, 2, 3, 4]]);
}

#[test]
fn bad_settings_are_messages() {
    let t = labels(2, 10);
    let err = |clients, p| partition_clients(&t, clients, p, 0).expect_err("refused").to_string();
    assert!(err(0, ClientPartition::Iid).contains("1 to 100"));
    assert!(err(101, ClientPartition::Iid).contains("1 to 100"));
    assert!(err(21, ClientPartition::Iid).contains("at least 21"));
    assert!(err(2, ClientPartition::Dirichlet { alpha: 0.0 }).contains("between 0.01"));
    assert!(err(2, ClientPartition::Dirichlet { alpha: f64::NAN }).contains("between 0.01"));
    // Two classes, twenty clients, α = 0.01: each class lands almost whole on one client.
    assert!(err(20, ClientPartition::Dirichlet { alpha: 0.01 }).contains("too small"));
    let r = Targets::Regression { values: vec![0.5; 10] };
    let e = partition_clients(&r, 2, ClientPartition::Dirichlet { alpha: 1.0 }, 0).expect_err("needs labels");
    assert!(e.to_string().contains("use IID"));
    assert_eq!(partition_clients(&r, 2, ClientPartition::Iid, 0).expect("IID works").len(), 2);
}
