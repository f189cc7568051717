// End-to-end: the built page (dist/) in headless Chromium, as a user drives it.
// Run from tests/browser: `npm test` (scripts/test.sh builds dist/ first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openSite, closeSite } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

const POSITIVE = 'this was an absolutely wonderful experience';
const NEGATIVE = 'terrible, a complete waste of money';
const EPOCHS = '3';

let server;
before(async () => ({ server } = await openSite(null)));
after(() => closeSite({ server }));

/** Opens the page and records console errors and uncaught exceptions. */
async function open(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  return { page, errors };
}

async function setNumber(page, label, value) {
  const input = page.locator('label', { hasText: label }).locator('input');
  await input.fill(value);
  await input.dispatchEvent('change');
}

const points = async (page, id) => Number(await page.getByTestId(id).getAttribute('data-points'));

async function percentOf(page, text) {
  await page.getByTestId('try-input').fill(text);
  // Wait for the prediction of this text (data-text), not the previous one still on screen.
  await page.waitForFunction(t => document.querySelector('[data-testid=try-output]')?.dataset.text === t, text);
  const out = await page.getByTestId('try-output').textContent();
  return Number(out.match(/([\d.]+)%/)[1]);
}

/** Picks the review set and `engine`, trains, and checks charts, metrics and "Try it". */
async function trainAndCheck(page, engine, shot) {
  await page.getByTestId('dataset-select').selectOption('review-sentences');
  await page.getByTestId('backend-select').selectOption(engine);
  await setNumber(page, 'Epochs', EPOCHS);
  // Faster than the default 0.001 for a 3-epoch test (see the tooltip: it over-fits later).
  await setNumber(page, 'Learning rate', '0.005');
  await page.locator('label', { hasText: 'Sequence length' }).locator('select').selectOption('100');
  const run = await page.locator('#train').getAttribute('data-run');
  await page.getByTestId('train-button').click({ timeout: 120_000 });
  // Loss points of THIS run (data-run counts runs begun) appear while training and keep growing.
  await page.waitForFunction(r => document.querySelector('#train').dataset.run !== r
    && Number(document.querySelector('[data-testid=loss-chart]').dataset.points) > 0, run, { timeout: 300_000, polling: 'raf' });
  const early = await points(page, 'loss-chart');
  if (shot) await page.screenshot({ path: path.join(out, `${shot}-training.png`), fullPage: true });
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), null, { timeout: 600_000 });
  const late = await points(page, 'loss-chart');
  assert.ok(late > early, `loss chart grew (${early} → ${late})`);
  assert.ok(await points(page, 'accuracy-chart') >= 2 * Number(EPOCHS) - 1, 'accuracy chart has a point per epoch');
  const acc = Number((await page.getByTestId('test-accuracy').textContent()).match(/([\d.]+)%/)[1]);
  assert.ok(acc > 60, `test accuracy ${acc}% is better than chance`);
  const pos = await percentOf(page, POSITIVE);
  const neg = await percentOf(page, NEGATIVE);
  assert.ok(pos > 50 && neg < 50, `"${POSITIVE}" → ${pos}%, "${NEGATIVE}" → ${neg}%`);
  if (shot) await page.screenshot({ path: path.join(out, `${shot}-trained.png`), fullPage: true });
  return { acc, pos, neg };
}

test('WebGPU available: train on WebGPU, then on CPU', { timeout: 1_200_000 }, async () => {
  const browser = await launch({ webgpu: true });
  try {
    const { page, errors } = await open(browser.context);
    // The UI paints before the engine's wasm has loaded.
    await page.getByTestId('train-button').waitFor();
    const r = await trainAndCheck(page, 'webgpu', 'webgpu');
    const backend = await page.getByTestId('backend').textContent();
    assert.match(backend, /WebGPU/);
    console.log(`webgpu: test accuracy ${r.acc}%, positive ${r.pos}%, negative ${r.neg}% — ${backend}`);
    const c = await trainAndCheck(page, 'cpu', 'cpu');
    assert.match(await page.getByTestId('backend').textContent(), /CPU/);
    console.log(`cpu: test accuracy ${c.acc}%, positive ${c.pos}%, negative ${c.neg}%`);
    assert.equal(await page.getByTestId('error').count(), 0, 'no error banner');
    assert.deepEqual(errors, [], 'no console errors');
  } finally { await browser.close(); }
});

test('WebGPU unavailable: Auto falls back to CPU; WebGPU gives a clear message', { timeout: 900_000 }, async () => {
  const browser = await launch({ webgpu: false });
  try {
    const { page, errors } = await open(browser.context);
    await trainAndCheck(page, 'auto', 'nogpu');
    const backend = await page.getByTestId('backend').textContent();
    assert.match(backend, /CPU: WebGPU unavailable/);
    await page.getByTestId('backend-select').selectOption('webgpu');
    await page.getByTestId('train-button').click();
    await page.getByTestId('error').waitFor();
    assert.match(await page.getByTestId('error').textContent(), /WebGPU is not available here.*CPU/);
    // The page still works: the trained model still answers.
    assert.ok((await percentOf(page, POSITIVE)) > 50);
    assert.deepEqual(errors, [], 'no console errors');
  } finally { await browser.close(); }
});

test('Stop takes effect within a batch and keeps the model usable', { timeout: 600_000 }, async () => {
  const browser = await launch({ webgpu: false });
  try {
    const { page } = await open(browser.context);
    // A bad setting gets a clear message and changes nothing.
    await setNumber(page, 'Learning rate', '-3');
    assert.match(await page.getByTestId('error').textContent(), /learning rate must be a number above 0/);
    assert.equal(await page.locator('label', { hasText: 'Learning rate' }).locator('input').inputValue(), '0.001');
    await page.getByTestId('backend-select').selectOption('cpu');
    await page.getByTestId('train-button').click({ timeout: 120_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]').dataset.points) > 0, null, { timeout: 300_000 });
    const t0 = Date.now();
    await page.getByTestId('stop-button').click();
    await page.getByTestId('test-accuracy').waitFor({ timeout: 60_000 });
    console.log(`stop → finished in ${Date.now() - t0} ms`);
    assert.equal(await page.getByTestId('stop-button').isDisabled(), true);
    assert.equal(await page.getByTestId('train-button').isDisabled(), false);
  } finally { await browser.close(); }
});
