// Runs the probes of src/lib.rs: `node run.mjs <membw.wasm>`; one JSON line per probe and size (best of 5).
import fs from 'node:fs';
const file = process.argv[2];
const { instance } = await WebAssembly.instantiate(fs.readFileSync(file), {});
const e = instance.exports;
for (const floats of [160000, 1_000_000, 4_000_000]) {
  e.setup(floats);
  const bytes = floats * 4;
  for (const [name, f, moved] of [['copy', e.copy, 2 * bytes], ['read', e.read, bytes], ['adam', e.adam, 7 * bytes]]) {
    const reps = Math.max(3, Math.round(2e9 / moved));
    f(floats, 2);
    let best = Infinity;
    for (let k = 0; k < 5; k++) { const t = performance.now(); f(floats, reps); best = Math.min(best, (performance.now() - t) / reps); }
    console.log(JSON.stringify({ file: file.split('/').pop(), name, kib_per_array: bytes / 1024, ms_per_pass: +best.toFixed(4), gb_per_s: +(moved / best / 1e6).toFixed(2) }));
  }
}
