// Deploy and keep (issue 12): train the review set for 2 epochs, download the .kiln file (and the
// ONNX / Keras / PyTorch exports), reload — the session comes back (charts, spec, settings, and a
// model Try it answers with at once) — "Start fresh", open the downloaded file in a fresh browser
// and get the same Try-it probability to 4 decimals, then open a damaged file: a message, and the
// model stays; "Evaluate on <data set>" makes the opened model's whole test report on the review
// set (the file's own test accuracy, to 1e-6) and says why not on Iris; and the Content-Security-Policy blocks a request to another origin. Run from tests/browser after `trunk build --release`: `node --test deploy.test.mjs`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openSite, closeSite } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

const POSITIVE = 'this was an absolutely wonderful experience';
const NEGATIVE = 'terrible, a complete waste of money';

let server;
before(async () => ({ server } = await openSite(null)));
after(() => closeSite({ server }));

/** Opens the page; waits for the engine and the data set. */
async function open(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  await ready(page);
  return { page, errors };
}

async function ready(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=engine-loading]')
    && !document.querySelector('[data-testid=dataset-select]')?.disabled
    && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
}

async function setNumber(page, label, value) {
  const input = page.locator('label', { hasText: label }).locator('input');
  await input.fill(value);
  await input.dispatchEvent('change');
}

const points = async (page, id) => Number(await page.getByTestId(id).getAttribute('data-points'));

/** Try it: the model's probability of "positive" for `text`, as the page received it. */
async function probability(page, text) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=try-input]')?.disabled, null, { timeout: 120_000 });
  await page.getByTestId('try-input').fill(text);
  await page.waitForFunction(t => document.querySelector('[data-testid=try-output]')?.dataset.text === t, text,
    { timeout: 60_000 });
  return Number(await page.getByTestId('try-output').getAttribute('data-probability'));
}

/** Clicks `testid` and saves the `count` downloads it starts into `out/`; returns their paths. */
async function downloads(page, testid, count) {
  const files = [];
  const saved = new Promise(resolve => {
    page.on('download', async function onDownload(d) {
      const file = path.join(out, `deploy-${d.suggestedFilename()}`);
      await d.saveAs(file);
      files.push(file);
      if (files.length === count) { page.off('download', onDownload); resolve(); }
    });
  });
  await page.getByTestId(testid).click();
  await Promise.race([saved, new Promise((_, no) => setTimeout(() => no(new Error(`${testid}: ${files.length} of ${count} downloads`)), 120_000))]);
  await page.waitForFunction(() => /downloaded/.test(document.querySelector('[data-testid=deploy-status]')?.textContent ?? ''));
  return files.sort();
}

/** The kept weights' size in IndexedDB (0 when none), without creating the database. */
const keptWeights = page => page.evaluate(async () => {
  if (!(await indexedDB.databases()).some(d => d.name === 'kiln-session')) return 0;
  return new Promise(resolve => {
    const r = indexedDB.open('kiln-session');
    r.onsuccess = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('session')) { db.close(); return resolve(0); }
      const get = db.transaction('session').objectStore('session').get('weights');
      get.onsuccess = () => { db.close(); resolve(get.result ? get.result.length : 0); };
      get.onerror = () => { db.close(); resolve(0); };
    };
    r.onerror = () => resolve(0);
  });
});

/** The JSON header of a safetensors (.kiln) file. */
function header(file) {
  const bytes = fs.readFileSync(file);
  const n = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
}

test('download, reload, start fresh, open the file elsewhere, refuse a damaged one', { timeout: 1_500_000 }, async () => {
  const browser = await launch({ webgpu: false, keepSession: true });
  let other;
  try {
    const { page, errors } = await open(browser.context);
    // The Content-Security-Policy: a request to another origin is blocked and reported.
    const violation = await page.evaluate(() => new Promise(resolve => {
      document.addEventListener('securitypolicyviolation', e => resolve(e.effectiveDirective), { once: true });
      fetch('http://127.0.0.2:9/kiln-csp-check').catch(() => {});
      setTimeout(() => resolve('no violation'), 5000);
    }));
    assert.equal(violation, 'connect-src', 'the policy keeps the page on its own origin');
    await page.getByTestId('dataset-select').selectOption('review-sentences');
    await page.getByTestId('backend-select').selectOption('cpu');
    await setNumber(page, 'Epochs', '2');
    await setNumber(page, 'Learning rate', '0.005');
    await page.locator('label', { hasText: 'Sequence length' }).locator('select').selectOption('100');
    assert.equal(await page.getByTestId('model-download').isDisabled(), true, 'nothing to download before training');
    await page.getByTestId('train-button').click({ timeout: 120_000 });
    await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''),
      null, { timeout: 900_000 });
    const pos = await probability(page, POSITIVE);
    const neg = await probability(page, NEGATIVE);
    assert.ok(pos > 0.5 && neg < 0.5, `trained: ${pos} / ${neg}`);
    const lossPoints = await points(page, 'loss-chart');
    const accPoints = await points(page, 'accuracy-chart');
    const layers = await page.getByTestId('layer-list').locator(':scope > li').count();
    const accuracy = await page.getByTestId('test-accuracy').textContent();
    const testSize = Number((await page.getByTestId('data-ready').textContent()).match(/([\d,]+) test/)[1].replace(/,/g, ''));

    // Download model: one .kiln file, a safetensors file whose metadata is Kiln's description.
    const [kiln] = await downloads(page, 'model-download', 1);
    assert.match(kiln, /\.kiln$/);
    const meta = JSON.parse(header(kiln).__metadata__.kiln);
    assert.equal(meta.format, 'kiln-model');
    assert.equal(meta.dataset, 'review-sentences');
    assert.equal(meta.train.epochs, 2);
    assert.equal(meta.preprocess.input.seq_len, 100);
    // The exports: ONNX, and a script with its weights for Keras and PyTorch.
    const [onnx] = await downloads(page, 'export-onnx', 1);
    assert.match(onnx, /\.onnx$/);
    assert.ok(fs.statSync(onnx).size > 1000);
    const keras = await downloads(page, 'export-keras', 2);
    assert.deepEqual(keras.map(f => path.basename(f)), ['deploy-model_keras.py', 'deploy-model_keras.safetensors']);
    assert.match(fs.readFileSync(keras[0], 'utf8'), /import keras/);
    const torch = await downloads(page, 'export-pytorch', 2);
    assert.match(fs.readFileSync(torch[0], 'utf8'), /import torch/);

    // The session is kept: the weights reach IndexedDB, then a reload puts everything back.
    for (let i = 0; i < 100 && (await keptWeights(page)) === 0; i++) await page.waitForTimeout(200);
    const kept = await keptWeights(page);
    assert.ok(kept > 0.9 * fs.statSync(kiln).size, `the .kiln bytes are kept in IndexedDB (${kept} bytes)`);
    await page.reload();
    await ready(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=model-opened]'), null, { timeout: 120_000 });
    assert.match(await page.getByTestId('session-note').textContent(), /Restored your last session/);
    // The model is said to be restored (not "not started", not "opened"), with its data set's name.
    assert.equal(await page.getByTestId('progress').textContent(), 'model restored from your last session (trained on Review sentences)');
    assert.match(await page.getByTestId('model-opened').textContent(), /^Restored the model from your last visit/);
    assert.equal(await points(page, 'loss-chart'), lossPoints, 'the loss chart is back');
    assert.equal(await points(page, 'accuracy-chart'), accPoints, 'the accuracy chart is back');
    assert.equal(await page.getByTestId('layer-list').locator(':scope > li').count(), layers, 'the spec is back');
    assert.equal(await page.locator('label', { hasText: 'Epochs' }).locator('input').inputValue(), '2', 'the settings are back');
    assert.equal(await page.getByTestId('test-accuracy').textContent(), accuracy);
    assert.equal((await probability(page, POSITIVE)).toFixed(4), pos.toFixed(4), 'Try it answers at once, the same');
    await page.screenshot({ path: path.join(out, 'deploy-restored.png'), fullPage: true });

    // Start fresh: the kept session is gone and the page is the default one again.
    await Promise.all([page.waitForEvent('load'), page.getByTestId('start-fresh').click()]);
    await ready(page);
    assert.equal(await points(page, 'loss-chart'), 0, 'no charts after Start fresh');
    assert.equal(await page.getByTestId('try-input').isDisabled(), true, 'no model after Start fresh');
    assert.equal(await page.locator('[data-testid=session-note]').count(), 0);
    assert.deepEqual(errors, []);

    // A fresh browser opens the downloaded file: Try it gives the same probability.
    other = await launch({ webgpu: false });
    const fresh = await open(other.context);
    await fresh.page.getByTestId('model-open').setInputFiles(kiln);
    await fresh.page.waitForFunction(() => document.querySelector('[data-testid=model-opened]'), null, { timeout: 120_000 });
    // The data set by its display name (the id only for uploads).
    assert.match(await fresh.page.getByTestId('model-opened').textContent(), /trained on Review sentences/);
    assert.doesNotMatch(await fresh.page.getByTestId('model-opened').textContent(), /review-sentences/);
    assert.equal((await probability(fresh.page, POSITIVE)).toFixed(4), pos.toFixed(4), 'same probability from the file');
    assert.equal((await probability(fresh.page, NEGATIVE)).toFixed(4), neg.toFixed(4));
    // Evaluate the opened model on the review set (its own data set, loaded): the same split,
    // encoded with the file's vocabulary, and the same weights give the file's test accuracy.
    await fresh.page.waitForFunction(() => document.querySelector('#data')?.dataset.dataset === 'review-sentences'
      && !document.querySelector('#data').dataset.loading, null, { timeout: 120_000 });
    await fresh.page.getByTestId('evaluate-opened').click();
    await fresh.page.waitForSelector('[data-testid=confusion-matrix]', { timeout: 120_000 });
    const total = Number(await fresh.page.getByTestId('confusion-matrix').getAttribute('data-total'));
    const evaluated = Number(await fresh.page.locator('#report').getAttribute('data-accuracy'));
    console.log(`opened model evaluated on demand: ${total} test sentences (file: ${meta.metrics.examples}), accuracy ${evaluated} (file: ${meta.metrics.accuracy}), ${await fresh.page.locator('#report').getAttribute('data-compute-ms')} ms in the worker`);
    assert.equal(total, testSize, 'the matrix sums to the test size');
    assert.equal(total, meta.metrics.examples);
    assert.ok(Math.abs(evaluated - meta.metrics.accuracy) <= 1e-6, `the file's test accuracy: ${evaluated} vs ${meta.metrics.accuracy}`);
    for (const id of ['class-metrics', 'threshold', 'roc-curve', 'pr-curve', 'errors-list']) {
      assert.equal(await fresh.page.getByTestId(id).count(), 1, `the report shows ${id}`);
    }
    // An embedding model: its word map follows the report, as after training.
    await fresh.page.waitForFunction(() => Number(document.querySelector('[data-testid=word-map]')?.dataset.words) >= 200,
      null, { timeout: 120_000 });
    console.log(`opened model's word map: ${await fresh.page.getByTestId('word-map').getAttribute('data-words')} words, ${await fresh.page.getByTestId('word-map').getAttribute('data-compute-ms')} ms in the worker`);
    await fresh.page.setViewportSize({ width: 1280, height: 720 });
    await fresh.page.evaluate(() => document.querySelector('#report').scrollIntoView({ block: 'start' }));
    await fresh.page.waitForTimeout(300);
    await fresh.page.screenshot({ path: path.join(out, 'deploy-evaluated.png') });
    // A damaged file: a clear message, and the opened model is kept.
    const cut = path.join(out, 'deploy-cut.kiln');
    fs.writeFileSync(cut, fs.readFileSync(kiln).subarray(0, Math.floor(fs.statSync(kiln).size / 2)));
    await fresh.page.getByTestId('model-open').setInputFiles(cut);
    await fresh.page.waitForFunction(() => document.querySelector('[data-testid=model-message]'), null, { timeout: 60_000 });
    const message = await fresh.page.getByTestId('model-message').textContent();
    assert.match(message, /deploy-cut\.kiln could not be opened: .*cut short.*current model is kept/);
    assert.equal((await probability(fresh.page, POSITIVE)).toFixed(4), pos.toFixed(4), 'the model was kept');
    await fresh.page.screenshot({ path: path.join(out, 'deploy-damaged.png'), fullPage: true });
    // On Iris (a table) the opened text model cannot be evaluated: the page says why.
    await fresh.page.getByTestId('dataset-select').selectOption('iris');
    await fresh.page.waitForFunction(() => document.querySelector('#data')?.dataset.dataset === 'iris'
      && !document.querySelector('#data').dataset.loading, null, { timeout: 120_000 });
    await fresh.page.getByTestId('evaluate-opened-why').waitFor({ timeout: 60_000 });
    assert.match(await fresh.page.getByTestId('evaluate-opened-why').textContent(), /takes texts, but .* holds table rows/);
    assert.equal(await fresh.page.getByTestId('evaluate-opened').count(), 0);
    // The refusal is a message, so the Chinese page words it in Chinese (kiln-ml's reasons included).
    await fresh.page.getByTestId('lang-select').selectOption('zh');
    await fresh.page.waitForFunction(() => /无法打开/.test(document.querySelector('[data-testid=model-message]')?.textContent ?? ''));
    const zh = await fresh.page.getByTestId('model-message').textContent();
    assert.match(zh, /^无法打开 deploy-cut\.kiln：模型文件已损坏或过大：文件不完整/, zh);
    assert.doesNotMatch(zh, /cut short|damaged/, zh);
    await fresh.page.getByTestId('lang-select').selectOption('en');
    await fresh.page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.deepEqual(fresh.errors, []);

    // The same file scored natively by `kiln predict`, when the CLI is built.
    const target = process.env.CARGO_TARGET_DIR || path.join(process.env.HOME, '.cache/kiln/target');
    const cli = ['release', 'debug'].map(p => path.join(target, p, 'kiln')).find(f => fs.existsSync(f));
    if (cli) {
      const line = execFileSync(cli, ['predict', kiln], { input: `${POSITIVE}\n` }).toString().trim().split('\n')[0];
      assert.equal(JSON.parse(line).probability.toFixed(4), pos.toFixed(4), `kiln predict: ${line}`);
    }
  } finally {
    await other?.close();
    await browser.close();
  }
});
