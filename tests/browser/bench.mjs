// Benchmark: Kiln (window.kiln.bench) and the TensorFlow.js peer (window.runBench) in the SAME
// headless Chromium (software WebGPU via SwiftShader), every workload, repeated, then one table
// with medians and the ratio Kiln-best / TF.js-best; plus page load (first panel, worker ready),
// each .wasm's raw and gzipped size, and the worker's memory over a long CPU run.
// Usage: node bench.mjs <dist dir> <peer-tfjs dir> [workloads=all] [epochs=auto] [repeats=3]
//   epochs auto: 1 measured epoch, 40 for playground-mlp (25 tiny steps an epoch).
//   KILN_BACKENDS=webgpu,cpu (webgpu:N sets cubecl-wgpu's tasks_max to N for that column)
//   PEER_BACKENDS=webgpu,webgl,wasm,cpu  SOAK_STEPS=10000 (0: none)
//   BASELINE=<another dist dir> adds columns for that build's Kiln (same backends; e.g. main's
//   dist, for before/after in one run). NATIVE=<file of `kiln bench` + keras JSON lines> adds the native columns; OUT=<file> writes
//   every result as JSON. RUN_TIMEOUT_S (default 300) bounds one run; a backend that failed or
//   timed out on a workload is not retried in later repeats.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch } from './harness.mjs';

const ALL = ['sentiment-seed', 'mlp-784', 'cnn-28', 'playground-mlp'];
const [dist, peerDir, workloadsArg = 'all', epochsArg = 'auto', repeatsArg = '3'] = process.argv.slice(2);
const workloads = workloadsArg === 'all' ? ALL : workloadsArg.split(',');
const epochsOf = w => epochsArg !== 'auto' ? Number(epochsArg) : w === 'playground-mlp' ? 40 : 1;
const repeats = Number(repeatsArg);
// BROWSER=0: no browser at all, only the table of the NATIVE results.
const inBrowser = process.env.BROWSER !== '0';
const kilnBackends = inBrowser ? (process.env.KILN_BACKENDS || 'webgpu,cpu').split(',').filter(Boolean) : [];
const peerBackends = inBrowser ? (process.env.PEER_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',').filter(Boolean) : [];
const soakSteps = inBrowser ? Number(process.env.SOAK_STEPS ?? 10000) : 0;
const limitMs = Number(process.env.RUN_TIMEOUT_S || 300) * 1000;

const kiln = inBrowser ? await serve(dist) : null;
const base = inBrowser && process.env.BASELINE ? await serve(path.resolve(process.env.BASELINE)) : null;
const peer = inBrowser ? await serve(peerDir) : null;
const browser = inBrowser ? await launch({ webgpu: true }) : null;
const results = [];
const failed = new Set();
const withTimeout = p => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`no result within ${limitMs / 1000} s`)), limitMs))]);
const median = xs => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const log = o => console.log(JSON.stringify(o));

// ---- .wasm sizes ----
const sizes = !inBrowser ? [] : fs.readdirSync(dist).filter(f => f.endsWith('.wasm')).sort().map(f => {
  const bytes = fs.readFileSync(path.join(dist, f));
  return { file: f, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
});
for (const s of sizes) log({ wasm: s.file, raw_bytes: s.raw, gzip_bytes: s.gzip });

// ---- page load: first rendered panel and the worker's first answer, ms from navigation ----
// The first load in this browser profile is cold (no HTTP or compiled-wasm cache); the next ones are warm.
async function pageLoad() {
  const page = await browser.context.newPage();
  try {
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector('section.card, section.teach-data')) {
          obs.disconnect();
          // The panel is in the DOM; it is on screen after the next frame.
          requestAnimationFrame(() => { window.__kilnPanelMs = performance.now(); });
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(kiln.url);
    await page.waitForFunction(() => window.__kilnPanelMs && performance.getEntriesByName('kiln-worker-ready').length, null, { timeout: 120_000 });
    return await page.evaluate(() => ({
      first_panel_ms: window.__kilnPanelMs,
      worker_ready_ms: performance.getEntriesByName('kiln-worker-ready')[0].startTime,
      first_contentful_paint_ms: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
  } finally { await page.close().catch(() => {}); }
}
const loads = [];
for (let i = 0; inBrowser && i < 4; i++) {
  try { const l = { load: i === 0 ? 'cold' : 'warm', ...(await pageLoad()) }; log(l); loads.push(l); }
  catch (e) { log({ load: i, error: String(e.message || e).split('\n')[0] }); }
}

// ---- throughput ----
async function one(impl, backend, workload, url, fn, args) {
  const key = `${impl} ${backend} ${workload}`;
  if (failed.has(key)) return;
  const page = await browser.context.newPage();
  try {
    await page.goto(url);
    const r = await withTimeout(page.evaluate(fn, args));
    const line = { impl, ...r, backend, workload };
    log(line); results.push(line);
  } catch (e) {
    failed.add(key);
    const line = { impl, backend, workload, error: String(e.message || e).split('\n')[0].slice(0, 300) };
    log(line); results.push(line);
  } finally { await page.close().catch(() => {}); }
}
const kilnBench = async o => {
  while (!window.kiln) await new Promise(r => setTimeout(r, 20));
  const [backend, tasks] = o.backend.split(':');
  const { memory, ...r } = await window.kiln.bench({ ...o, backend, ...(tasks ? { tasks_max: Number(tasks) } : {}) });
  return o.steps ? { ...r, memory } : r;
};
for (let i = 0; i < repeats; i++) {
  for (const workload of workloads) {
    const epochs = epochsOf(workload);
    for (const backend of kilnBackends) await one('kiln', backend, workload, kiln.url, kilnBench, { workload, backend, epochs });
    if (base) for (const backend of kilnBackends) await one('base', backend, workload, base.url, kilnBench, { workload, backend, epochs });
    for (const backend of peerBackends) {
      await one('tfjs', backend, workload, `${peer.url}bench.html`, ([b, w, e]) => window.runBench(b, w, e), [backend, workload, epochs]);
    }
  }
}

// ---- the worker's memory over a long run (CPU engine, sentiment-seed) ----
let soak = null;
if (soakSteps > 0) {
  const before = results.length;
  await one('kiln', 'cpu', 'sentiment-seed', kiln.url, kilnBench, { workload: 'sentiment-seed', backend: 'cpu', steps: soakSteps });
  const r = results.splice(before)[0];
  if (r?.memory?.length) {
    const wasm = r.memory.map(m => m[1]), heap = r.memory.map(m => m[2]).filter(x => x != null);
    // Growth after the first tenth (allocator pools and caches fill during the first steps).
    const growth = xs => xs.length > 1 ? (xs[xs.length - 1] - xs[1]) / xs[1] : null;
    soak = { steps: soakSteps, samples_per_s: r.samples_per_s, wasm_mb: wasm.map(b => +(b / 1e6).toFixed(2)),
      js_heap_mb: heap.map(b => +(b / 1e6).toFixed(2)), wasm_growth: growth(wasm), js_heap_growth: growth(heap) };
    log({ soak });
  }
}

// Teaching mode: frames per second of the decision-boundary / neuron heatmaps while training
// (the playground-mlp network on the circle set, CPU engine), counted from the canvas's data-frames.
let fps = null;
if (inBrowser && workloads.includes('playground-mlp') && process.env.TEACH_FPS !== '0') {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${kiln.url}?mode=teach&data=circle&layers=4,2&act=tanh&opt=sgd&lr=0.03&batch=10&engine=cpu`);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0, null, { timeout: 120_000 });
    await page.getByTestId('play-button').click();
    await page.waitForTimeout(1000);
    const read = async () => ({ f: Number(await page.getByTestId('boundary').getAttribute('data-frames')), e: Number(await page.getByTestId('epoch').textContent()), t: Date.now() });
    const a = await read();
    await page.waitForTimeout(10_000);
    const b = await read();
    fps = { fps: (b.f - a.f) / ((b.t - a.t) / 1000), epochs_per_s: (b.e - a.e) / ((b.t - a.t) / 1000) };
    log({ impl: 'kiln', teach: 'circle 2-4-2-1 tanh, SGD 0.03, batch 10', ...fps });
  } catch (e) {
    log({ impl: 'kiln', teach: 'fps', error: String(e.message || e).split('\n')[0] });
  } finally { await page.close().catch(() => {}); }
}
if (inBrowser) { await browser.close(); kiln.close(); peer.close(); base?.close(); }

// ---- the table ----
const native = process.env.NATIVE && fs.existsSync(process.env.NATIVE)
  ? fs.readFileSync(process.env.NATIVE, 'utf8').split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l)).filter(r => r.samples_per_s)
  : [];
const runsOf = (rs, impl, backend, w) => rs.filter(r => r.impl === impl && r.backend === backend && r.workload === w && r.samples_per_s).map(r => r.samples_per_s);
const med = (rs, impl, backend, w) => median(runsOf(rs, impl, backend, w));
const fmt = x => x == null ? '–' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
// Spread of the runs behind a median: (max − min) / median, in per cent ('' for fewer than 2 runs).
const spreadOf = xs => xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / median(xs) : null;
const cell = xs => { const m = median(xs), sp = spreadOf(xs); return m == null ? '–' : sp == null ? fmt(m) : `${fmt(m)} ±${Math.round(sp * 50)}%`; };
const hasBase = native.some(r => r.impl === 'base');
const cols = [...kilnBackends.map(b => ['kiln', b]), ...peerBackends.map(b => ['tfjs', b]), ...(base ? kilnBackends.map(b => ['base', b]) : [])];
const summary = { epochs: Object.fromEntries(workloads.map(w => [w, epochsOf(w)])), repeats, sizes, loads, soak, fps, workloads: {} };
console.log(`\nsamples/s, median of ${repeats} run(s) ±half the spread (max − min) as % of the median, after 1 warm-up epoch; ` +
  `browser columns from one headless Chromium (software WebGPU), native columns from this machine in the same invocation`);
const head = ['workload', ...cols.map(([i, b]) => `${i} ${b}`), ...(inBrowser ? ['kiln/tfjs'] : []), ...(native.length ? ['kiln native', 'keras tf-cpu', 'native/keras', 'kiln cpu/keras'] : []),
  ...(hasBase ? ['base native', 'native/base'] : [])];
const rows = [head];
for (const w of workloads) {
  const vals = cols.map(([i, b]) => med(results, i, b, w));
  const kilnBest = Math.max(...vals.slice(0, kilnBackends.length).filter(v => v != null), -Infinity);
  const peerBest = Math.max(...vals.slice(kilnBackends.length, kilnBackends.length + peerBackends.length).filter(v => v != null), -Infinity);
  const ratio = kilnBest > 0 && peerBest > 0 ? kilnBest / peerBest : null;
  const row = [w, ...cols.map(([i, b]) => cell(runsOf(results, i, b, w))), ...(inBrowser ? [ratio == null ? '–' : `${ratio.toFixed(1)}×`] : [])];
  const entry = Object.fromEntries(cols.map(([i, b], k) => [`${i} ${b}`, { median: vals[k], spread: spreadOf(runsOf(results, i, b, w)) }]));
  entry.kiln_over_tfjs = ratio;
  if (native.length) {
    const kn = med(native, 'kiln', 'cpu-native', w), kr = med(native, 'keras', 'tf-cpu', w);
    const kc = med(results, 'kiln', 'cpu', w);
    row.push(cell(runsOf(native, 'kiln', 'cpu-native', w)), cell(runsOf(native, 'keras', 'tf-cpu', w)), kn && kr ? `${(kn / kr).toFixed(1)}×` : '–', kc && kr ? `${(kc / kr).toFixed(1)}×` : '–');
    if (hasBase) {
      const kb = med(native, 'base', 'cpu-native', w);
      row.push(cell(runsOf(native, 'base', 'cpu-native', w)), kn && kb ? `${(kn / kb).toFixed(2)}×` : '–');
      Object.assign(entry, { base_native: kb, base_native_spread: spreadOf(runsOf(native, 'base', 'cpu-native', w)) });
    }
    Object.assign(entry, { kiln_native: kn, kiln_native_spread: spreadOf(runsOf(native, 'kiln', 'cpu-native', w)),
      keras: kr, keras_spread: spreadOf(runsOf(native, 'keras', 'tf-cpu', w)), native_over_keras: kn && kr ? kn / kr : null, browser_cpu_over_keras: kc && kr ? kc / kr : null });
  }
  summary.workloads[w] = entry;
  rows.push(row);
}
const widths = head.map((_, c) => Math.max(...rows.map(r => String(r[c]).length)));
for (const r of rows) console.log('  ' + r.map((v, c) => c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c])).join('  '));
for (const k of failed) console.log(`  failed: ${k}: ${results.find(r => `${r.impl} ${r.backend} ${r.workload}` === k)?.error}`);
if (inBrowser) {
const ms = xs => xs.length ? `${Math.round(median(xs))} ms` : '–';
const warm = loads.filter(l => l.load === 'warm');
console.log(`\npage load (ms from navigation): first panel cold ${ms(loads.filter(l => l.load === 'cold').map(l => l.first_panel_ms))}, warm ${ms(warm.map(l => l.first_panel_ms))} (median of ${warm.length}); ` +
  `worker ready cold ${ms(loads.filter(l => l.load === 'cold').map(l => l.worker_ready_ms))}, warm ${ms(warm.map(l => l.worker_ready_ms))}`);
for (const s of sizes) console.log(`  ${s.file.padEnd(28)} ${(s.raw / 1e6).toFixed(2).padStart(7)} MB raw  ${(s.gzip / 1e6).toFixed(2).padStart(6)} MB gzip -9`);
if (soak) {
  const pct = g => g == null ? '–' : `${g >= 0 ? '+' : ''}${(g * 100).toFixed(1)} %`;
  console.log(`worker memory over ${soak.steps.toLocaleString('en-US')} sentiment-seed steps (CPU, ${fmt(soak.samples_per_s)} samples/s): wasm ${soak.wasm_mb[0]} → ${soak.wasm_mb.at(-1)} MB ` +
    `(${pct(soak.wasm_growth)} after the first tenth), JS heap ${soak.js_heap_mb[0] ?? '–'} → ${soak.js_heap_mb.at(-1) ?? '–'} MB (${pct(soak.js_heap_growth)})`);
}
}
if (fps) console.log(`teaching-mode heatmaps: ${fps.fps.toFixed(1)} frames/s while training at ${fps.epochs_per_s.toFixed(1)} epochs/s`);
if (process.env.OUT) fs.writeFileSync(process.env.OUT, JSON.stringify({ summary, results, native }, null, 1));
