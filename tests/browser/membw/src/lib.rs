//! Memory-bandwidth probes for wasm32, run from node (`run.mjs`): a copy between two arrays, a
//! read (sum) of one, and Adam's pass (4 reads, 3 writes per value), each over `floats` f32 values
//! and repeated `reps` times. Build with `-C target-feature=+simd128`, as Kiln's worker is.

use std::cell::RefCell;

thread_local! {
    /// Eight blocks of `floats` values (set by [`setup`]).
    static BUF: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Allocates the blocks: `8 × floats` f32 values.
#[unsafe(no_mangle)]
pub extern "C" fn setup(floats: usize) {
    BUF.with_borrow_mut(|b| *b = vec![1.0; floats * 8]);
}

/// Copies block 0 into block 1, `reps` times; 2 × 4 × `floats` bytes moved per pass.
#[unsafe(no_mangle)]
pub extern "C" fn copy(floats: usize, reps: usize) -> f32 {
    BUF.with_borrow_mut(|b| {
        let (a, rest) = b.split_at_mut(floats);
        for _ in 0..reps {
            rest[..floats].copy_from_slice(a);
            a[0] += 1.0;
        }
        rest[0]
    })
}

/// Sums block 0, `reps` times; 4 × `floats` bytes read per pass.
#[unsafe(no_mangle)]
pub extern "C" fn read(floats: usize, reps: usize) -> f32 {
    BUF.with_borrow(|b| {
        let mut acc = [0f32; 8];
        for _ in 0..reps {
            for c in b[..floats].chunks_exact(8) {
                for (a, &v) in acc.iter_mut().zip(c) {
                    *a += v;
                }
            }
        }
        acc.iter().sum()
    })
}

/// Adam's update of p, m, v from g (Kiln's fused Adam's loop), `reps` times; 7 × 4 × `floats`
/// bytes moved per pass.
#[unsafe(no_mangle)]
pub extern "C" fn adam(floats: usize, reps: usize) -> f32 {
    BUF.with_borrow_mut(|b| {
        let (p, rest) = b.split_at_mut(floats);
        let (g, rest) = rest.split_at_mut(floats);
        let (m, rest) = rest.split_at_mut(floats);
        let v = &mut rest[..floats];
        for _ in 0..reps {
            for (((p, &g), m), v) in p.iter_mut().zip(g.iter()).zip(m.iter_mut()).zip(v.iter_mut()) {
                *m = *m * 0.9 + g * 0.1;
                *v = *v * 0.999 + (g * g) * 0.001;
                *p -= (*m * 0.5) / (v.sqrt() + 1e-7) * 1e-3;
            }
        }
        p[0]
    })
}
