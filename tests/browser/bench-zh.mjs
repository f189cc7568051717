// Benchmark on the real Chinese review set (issue 13): samples/s of the reference model
// (Embedding(10000, 16) → GlobalAveragePooling1D → Dense(16, relu) → Dense(1, sigmoid), Adam,
// batch 32) trained by the page itself on `chinese-reviews` (jieba words, 13,883 training reviews),
// per engine and sequence length, in headless Chromium (software WebGPU via SwiftShader).
// The figure is the page's own: the last progress line of epoch 2 (samples seen ÷ seconds since
// the epoch began, validation excluded), so epoch 1 is the warm-up (shader compilation,
// allocation) as in bench.mjs.
// Usage: node bench-zh.mjs <dist dir>   (scripts/bench.sh chinese-reviews runs it)
//   ENGINES=cpu,webgpu  SEQ_LENS=500,200  RUN_TIMEOUT_S=900 (one run)  OUT=<file> writes the results as JSON.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './harness.mjs';

const dist = path.resolve(process.argv[2] || 'dist');
const engines = (process.env.ENGINES || 'cpu,webgpu').split(',').filter(Boolean);
const seqLens = (process.env.SEQ_LENS || '500,200').split(',').filter(Boolean);
const limitMs = Number(process.env.RUN_TIMEOUT_S || 900) * 1000;
const log = o => console.log(JSON.stringify(o));

const server = await serve(dist);
const browser = await launch({ webgpu: true });
const results = [];

async function one(engine, seqLen) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${server.url}?lang=en`);
    await page.getByTestId('dataset-select').selectOption('chinese-reviews');
    await page.waitForFunction(() => /17,355/.test(document.querySelector('[data-testid=dataset-size]')?.textContent ?? ''),
      null, { timeout: 300_000 });
    // A dist older than the set's 200-token default lists only 500, 100, 50, 25 and the set's
    // length: add the missing value as an option (the page reads the chosen option's value).
    await page.getByTestId('seq-len-select').evaluate((el, n) => {
      if (![...el.options].some(o => o.value === n)) el.add(new Option(n, n));
    }, seqLen);
    await page.getByTestId('seq-len-select').selectOption(seqLen);
    await page.getByTestId('backend-select').selectOption(engine);
    const epochs = page.locator('label', { hasText: 'Epochs' }).locator('input');
    await epochs.fill('2');
    await epochs.dispatchEvent('change');
    const t0 = Date.now();
    await page.getByTestId('train-button').click({ timeout: 120_000 });
    // Epoch 2's last batch: "epoch 2/2 · batch N/N · S samples/s · …".
    const line = await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid=progress]')?.textContent ?? '';
      const m = t.match(/epoch 2\/2 · batch (\d+)\/(\d+) · ([\d,]+) samples\/s/);
      return m && m[1] === m[2] ? t : null;
    }, null, { timeout: limitMs, polling: 200 }).then(h => h.jsonValue());
    const samplesPerS = Number(line.match(/([\d,]+) samples\/s/)[1].replace(/,/g, ''));
    await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''),
      null, { timeout: limitMs });
    const test = (await page.getByTestId('test-accuracy').textContent()).match(/([\d.]+)%/)?.[1];
    const r = { impl: 'kiln', backend: engine, workload: 'chinese-reviews', seq_len: Number(seqLen), samples_per_s: samplesPerS,
      test_accuracy_pct: test ? Number(test) : null, wall_s: (Date.now() - t0) / 1000 };
    log(r); results.push(r);
  } catch (e) {
    const r = { impl: 'kiln', backend: engine, workload: 'chinese-reviews', seq_len: Number(seqLen), error: String(e.message || e).split('\n')[0].slice(0, 300) };
    log(r); results.push(r);
  } finally { await page.close().catch(() => {}); }
}

for (const seqLen of seqLens) for (const engine of engines) await one(engine, seqLen);
await browser.close(); server.close();
console.log('\nchinese-reviews, reference model, batch 32: samples/s of epoch 2 (the page\'s own figure)');
for (const r of results) console.log(`  ${r.backend.padEnd(7)} seq ${String(r.seq_len).padStart(3)}  ${r.error ? `failed: ${r.error}` : `${Math.round(r.samples_per_s).toLocaleString('en-US').padStart(7)} samples/s  (2 epochs + load in ${r.wall_s.toFixed(0)} s)`}`);
if (process.env.OUT) fs.writeFileSync(process.env.OUT, JSON.stringify(results, null, 1));
