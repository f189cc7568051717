// The lab (step 6) in headless Chromium: train a small built-in model (Iris, with early stopping),
// then run each lab panel with a tiny budget — compress it (int8, then 50 % pruning) and keep the
// compressed model, train it federated over 4 Dirichlet clients, search 4 settings and load the
// best — and stop a federated run mid-way. Each panel's table or chart and its hook attributes are
// checked, the page stays responsive (no main-thread long task ≥ 50 ms while lab jobs run), and
// each panel is photographed at 1280×720 into out/.
// Run from tests/browser after `trunk build --release`: `node --test lab.test.mjs`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, recordLongTasks, openSite, closeSite } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

let server;
let browser;
before(async () => {
  ({ server, browser } = await openSite({ webgpu: false }));
  await recordLongTasks(browser.context);
});
after(() => closeSite({ server, browser }));

async function setNumber(scope, label, value) {
  const input = scope.locator('label', { hasText: label }).locator('input').first();
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

const attr = async (page, id, name) => page.getByTestId(id).getAttribute(name);
const labDone = page => page.waitForFunction(
  () => document.querySelector('[data-testid=lab-status]')?.dataset.running === 'false', null, { timeout: 600_000 });

async function shot(page, name) {
  await page.locator('#lab').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('#lab').scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, name) });
  await page.locator('#lab').screenshot({ path: path.join(out, name.replace('.png', '-full.png')) });
}

test('the lab: compress, federated, search on a trained Iris model; a run stopped mid-way; no long tasks', { timeout: 1_500_000 }, async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  const select = page.getByTestId('dataset-select');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]')?.disabled
    && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
  await select.selectOption('iris');
  // The data panel names the loaded set: iris has replaced the default (the select's own value
  // changes before the load even starts).
  await page.waitForFunction(() => document.querySelector('#data')?.dataset.dataset === 'iris'
    && !document.querySelector('#data').dataset.loading
    && !document.querySelector('[data-testid=train-button]').disabled, null, { timeout: 120_000 });

  // 1. A normal run with early stopping (patience 3, best weights restored).
  const train = page.locator('#train');
  await page.getByTestId('backend-select').selectOption('cpu');
  await setNumber(train, 'Epochs', 60);
  await page.getByTestId('early-stopping-on').check();
  await page.getByTestId('early-stopping-on').dispatchEvent('change');
  const patience = page.getByTestId('early-stopping-patience');
  await patience.fill('3');
  await patience.dispatchEvent('change');
  assert.equal(await attr(page, 'early-stopping', 'data-on'), 'true');
  assert.equal(await attr(page, 'early-stopping', 'data-patience'), '3');
  await page.getByTestId('train-button').click();
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''),
    null, { timeout: 600_000 });
  const epochs = Number(await attr(page, 'accuracy-chart', 'data-points')) / 2;
  console.log(`iris with early stopping (patience 3): ${epochs} of 60 epochs, status "${await page.getByTestId('progress').textContent()}"`);
  assert.ok(epochs >= 1 && epochs <= 60);

  const t0 = await page.evaluate(() => performance.now());
  // 2. Compress: int8, then 50 % pruning in float32.
  const lab = page.locator('#lab');
  await lab.scrollIntoViewIfNeeded();
  await page.getByTestId('lab-compress').waitFor();
  assert.match(await page.getByTestId('lab-compress').locator('.lab-intro').textContent(), /8-bit/);
  await page.getByTestId('compress-format').selectOption('int8');
  await page.getByTestId('compress-button').click();
  await page.getByTestId('compress-table').waitFor({ timeout: 300_000 });
  await labDone(page);
  const ratio = Number(await attr(page, 'compress-table', 'data-ratio'));
  const delta = Number(await attr(page, 'compress-table', 'data-accuracy-delta'));
  const agreement = Number(await attr(page, 'compress-table', 'data-agreement'));
  console.log(`int8: ${ratio}× smaller, accuracy Δ ${delta} pp, agreement ${agreement}`);
  // The ratio is of whole safetensors files: on Iris' 131-parameter MLP the JSON header and the
  // f32 biases weigh as much as the int8 kernels (kiln-ml's lab tests check the bytes exactly).
  assert.ok(ratio > 1.3, `int8 makes the weights smaller (${ratio}×)`);
  assert.ok(Math.abs(delta) <= 10, `int8 keeps the test accuracy (Δ ${delta} pp)`);
  assert.ok(agreement >= 0.9, `int8 answers like the original (${agreement})`);
  assert.ok(await page.getByTestId('weight-histogram').count() >= 2, 'a histogram per kernel');
  assert.match(await page.getByTestId('compress-note').textContent(), /dequantised/);
  await shot(page, 'lab-compress.png');
  await page.getByTestId('keep-compressed').click();
  await page.getByTestId('kept').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('kept').textContent(), /%/);

  await page.getByTestId('compress-format').selectOption('float32');
  await page.getByTestId('compress-sparsity').evaluate(e => { e.value = '50'; e.dispatchEvent(new Event('change', { bubbles: true })); });
  await page.getByTestId('compress-button').click();
  // The float32 table (ratio about 1) replaces the int8 one.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=compress-table]')?.dataset.ratio) < 1.3,
    null, { timeout: 300_000 });
  await labDone(page);
  const kept = await page.getByTestId('compress-table').locator('tr', { hasText: 'parameters kept' }).locator('td').nth(1).textContent();
  console.log(`pruning 50 %: parameters kept ${kept}`);
  const [nonzero, total] = kept.replaceAll(',', '').match(/\d+/g).map(Number);
  assert.ok(nonzero < total * 0.7, `half the kernel weights are pruned (${kept})`);

  // 3. Federated: 4 non-IID clients, 3 rounds.
  await page.getByTestId('lab-tab-federated').click();
  await page.getByTestId('lab-federated').waitFor();
  await setNumber(page.getByTestId('lab-federated'), 'Clients N', 4);
  await page.getByTestId('fed-split').selectOption('dirichlet');
  await setNumber(page.getByTestId('lab-federated'), 'Rounds R', 3);
  await page.getByTestId('fed-button').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=fed-chart]')?.dataset.rounds) === 3,
    null, { timeout: 600_000 });
  await labDone(page);
  assert.equal(await attr(page, 'fed-clients-mix', 'data-clients'), '4');
  assert.ok(Number(await attr(page, 'fed-accuracy', 'data-points')) >= 6, 'global and baseline points per round');
  await shot(page, 'lab-federated.png');

  // Cancel one mid-run: 200 rounds, Stop after the first.
  await setNumber(page.getByTestId('lab-federated'), 'Rounds R', 200);
  await page.getByTestId('fed-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=lab-status]')?.dataset.running === 'true'
    && Number(document.querySelector('[data-testid=fed-chart]')?.dataset.rounds) >= 1, null, { timeout: 300_000 });
  await page.getByTestId('lab-stop').click();
  await labDone(page);
  const stoppedAt = Number(await attr(page, 'fed-chart', 'data-rounds'));
  console.log(`federated run stopped after ${stoppedAt} of 200 rounds`);
  assert.ok(stoppedAt < 200, 'Stop ended the federated run');
  assert.match(await page.getByTestId('lab-status').textContent(), /stopped/);
  await page.waitForTimeout(1500);
  assert.equal(Number(await attr(page, 'fed-chart', 'data-rounds')), stoppedAt, 'no round after Stop');

  // 4. Search: 4 random trials of at most 10 epochs over the learning rate and batch size.
  await page.getByTestId('lab-tab-search').click();
  const search = page.getByTestId('lab-search');
  await search.waitFor();
  await setNumber(search, 'Trials', 4);
  await setNumber(search, 'Epochs per trial', 10);
  await page.getByTestId('search-button').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=trials-table]')?.dataset.trials) === 4,
    null, { timeout: 600_000 });
  await labDone(page);
  const rows = page.getByTestId('trials-table').locator('tbody tr');
  assert.equal(await rows.count(), 4);
  assert.equal(await page.getByTestId('trials-chart').getAttribute('data-points') !== '0', true);
  // Sorted by validation loss, ascending.
  await page.getByTestId('trials-table').locator('button', { hasText: 'val loss' }).click();
  const losses = (await rows.evaluateAll(rs => rs.map(r => r.children[7].textContent))).map(Number).filter(Number.isFinite);
  assert.deepEqual(losses, [...losses].sort((a, b) => a - b), 'sorted by validation loss');
  const bestLr = Number(await page.getByTestId('trials-table').locator('tr.best td').nth(1).textContent());
  await shot(page, 'lab-search.png');
  await page.getByTestId('use-best').click();
  const lr = Number(await page.getByTestId('lr-input').inputValue());
  console.log(`search best learning rate ${bestLr}, loaded ${lr}; validation losses ${losses.join(', ')}`);
  assert.ok(Math.abs(lr - bestLr) / bestLr < 0.01, `use-best loads the best learning rate (${lr} vs ${bestLr})`);
  const lrText = await page.getByTestId('lr-input').inputValue();
  assert.equal(lrText, String(Number(lr.toPrecision(3))), `use-best writes 3 significant digits (${lrText})`);
  // Each tab says which model and data set it uses: search and federated train the builder's model
  // afresh on the data set chosen now.
  assert.match(await search.getByTestId('lab-uses').textContent(), /new weights on Iris flowers/);

  // The page stayed responsive throughout.
  const t1 = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(() => window.__longTasks);
  assert.ok(tasks !== null, 'this Chromium reports long tasks');
  const during = tasks.filter(t => t.start >= t0 && t.start <= t1);
  const top = [...during].sort((a, b) => b.duration - a.duration).slice(0, 5).map(t => `${t.duration.toFixed(0)} ms at +${((t.start - t0) / 1000).toFixed(1)} s`);
  console.log(`long tasks (≥ 50 ms) during the lab: ${during.length}; worst: ${top.join(', ')}`);
  // The budget: no main-thread long task (≥ 50 ms) at all while lab jobs run.
  assert.equal(during.length, 0, `main-thread long tasks during lab jobs: ${top.join(', ')}`);

  // Compress names the trained model's data set, and refuses (saying why) once another one is chosen.
  await page.getByTestId('lab-tab-compress').click();
  const uses = page.getByTestId('lab-compress').getByTestId('lab-uses');
  assert.equal(await uses.getAttribute('data-dataset'), 'iris');
  await select.selectOption('wine');
  await page.waitForFunction(() => document.querySelector('#data')?.dataset.dataset === 'wine'
    && !document.querySelector('#data').dataset.loading, null, { timeout: 120_000 });
  assert.match(await uses.textContent(), /trained on Iris flowers, but the data set chosen now is Wine cultivars/);
  assert.equal(await page.getByTestId('compress-button').isDisabled(), true, 'no compression of another data set\'s model');
  await page.getByTestId('lab-tab-federated').click();
  assert.match(await page.getByTestId('lab-federated').getByTestId('lab-uses').textContent(), /new weights on Wine cultivars/);
  assert.deepEqual(errors, []);
});
