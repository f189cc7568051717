// Runs in the page: every event belongs to the run that caused it. Switching between the guided
// page and teaching mode mid-run, and a second Train sent while a first is still in the worker,
// must not let one run's events land in another's panels.
// Run from tests/browser after `trunk build --release`: `node --test runs.test.mjs`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openSite, closeSite } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');

let server;
let browser;
before(async () => ({ server, browser } = await openSite({ webgpu: false })));
after(() => closeSite({ server, browser }));

/** Opens the guided page on the review set with short sentences, CPU engine and `epochs`. */
async function openGuided(epochs) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]')?.disabled
    && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
  await page.getByTestId('backend-select').selectOption('cpu');
  const input = page.locator('label', { hasText: 'Epochs' }).locator('input');
  await input.fill(String(epochs));
  await input.dispatchEvent('change');
  await page.locator('label', { hasText: 'Sequence length' }).locator('select').selectOption('100');
  return { page, errors };
}

const points = async (page, id) => Number(await page.getByTestId(id).getAttribute('data-points'));
const runs = async page => Number(await page.locator('#train').getAttribute('data-run'));
const hasAccuracy = page => page.evaluate(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''));

/** Waits until run number `n` has drawn loss points. */
async function trainingRun(page, n) {
  await page.waitForFunction(n => Number(document.querySelector('#train').dataset.run) === n
    && Number(document.querySelector('[data-testid=loss-chart]').dataset.points) > 0, n, { timeout: 300_000 });
}

test('switching to teaching mode and back mid-run: each page keeps its own run\'s events', { timeout: 900_000 }, async () => {
  const { page, errors } = await openGuided(30);
  const before = await runs(page);
  await page.getByTestId('train-button').click();
  await trainingRun(page, before + 1);
  // Teaching mode while the guided run trains: the worker stops it and starts the teaching run.
  await page.getByTestId('mode-teach').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0,
    null, { timeout: 180_000 });
  await page.getByTestId('play-button').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) >= 5, null,
    { timeout: 120_000 });
  assert.match(await page.getByTestId('backend').textContent(), /tiny|CPU/, 'the teaching run names its own engine');
  await page.getByTestId('mode-guided').click();
  // The guided run is stopped, with its charts and its test metrics (its last events came while
  // teaching mode was shown); the teaching run did not count as a guided run nor wipe its charts.
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''),
    null, { timeout: 60_000 });
  assert.equal(await runs(page), before + 1, 'the teaching run is not a guided run');
  assert.ok(await points(page, 'loss-chart') > 0, 'the guided run\'s loss curve is still there');
  assert.equal(await page.getByTestId('stop-button').isDisabled(), true, 'the guided run is stopped');
  assert.equal(await page.getByTestId('train-button').isDisabled(), false);
  assert.match(await page.getByTestId('backend').textContent(), /CPU: selected/, 'the guided run\'s engine');
  // And back to teaching mode: a fresh teaching run, not the stopped one's frames.
  await page.getByTestId('mode-teach').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0
    && Number(document.querySelector('[data-testid=epoch]')?.textContent) === 0, null, { timeout: 120_000 });
  await page.waitForTimeout(500);
  assert.equal(Number(await page.getByTestId('epoch').textContent()), 0, 'the new teaching run starts at epoch 0');
  assert.deepEqual(errors, []);
});

test('a second Train while the first is still running: no event of the first lands in the second', { timeout: 900_000 }, async () => {
  const EPOCHS = 2;
  const { page, errors } = await openGuided(EPOCHS);
  const before = await runs(page);
  await page.getByTestId('train-button').click();
  await trainingRun(page, before + 1);
  assert.equal(await hasAccuracy(page), false);
  // Record whether a test accuracy ever shows while the second run trains.
  await page.evaluate(() => {
    window.__sawAccuracy = false;
    new MutationObserver(() => {
      if (/%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? '')) window.__sawAccuracy = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // Train again at once, as a double click would: the button is disabled while a run is active, so
  // the click goes to its handler directly. The worker stops run 1 and then starts run 2.
  await page.getByTestId('train-button').evaluate(b => { b.disabled = false; b.click(); });
  await trainingRun(page, before + 2);
  // Run 1's Finished (stopped) came after run 2 began: it must not have stopped run 2 or shown
  // run 1's test metrics.
  assert.equal(await page.getByTestId('stop-button').isDisabled(), false, 'run 2 is running');
  assert.equal(await page.evaluate(() => window.__sawAccuracy), false, 'no test accuracy from run 1');
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''),
    null, { timeout: 600_000 });
  assert.equal(await points(page, 'accuracy-chart'), 2 * EPOCHS, 'the accuracy chart has run 2\'s epochs only');
  assert.equal(await runs(page), before + 2);
  assert.deepEqual(errors, []);
});
