// Teaching mode in headless Chromium on a 1280×720 viewport (a projector): learning checks,
// the NaN explanation, shareable URLs that reproduce the first epoch, and the diagram controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openSite, closeSite } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

let server;
let browser;
before(async () => ({ server, browser } = await openSite({ webgpu: false })));
after(() => closeSite({ server, browser }));

/** Opens teaching mode with `query`, records console errors, and waits for the first frame. */
async function openTeach(query) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(`${server.url}?${query}`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0,
    null, { timeout: 180_000 });
  return { page, errors };
}

const epoch = async page => Number(await page.getByTestId('epoch').textContent());
const frames = async page => Number(await page.getByTestId('boundary').getAttribute('data-frames'));
const percent = async page => Number((await page.getByTestId('test-accuracy').textContent()).replace(/[^\d.]/g, ''));

/** Plays until `epochs` epochs, then pauses; returns the test accuracy in %. */
async function playTo(page, epochs) {
  await page.getByTestId('play-button').click();
  await page.waitForFunction(n => Number(document.querySelector('[data-testid=epoch]').textContent) >= n, epochs,
    { timeout: 300_000, polling: 250 });
  await page.getByTestId('play-button').click();
  await page.waitForTimeout(400); // the frame of the paused network
  return percent(page);
}

test('XOR with the x1·x2 feature reaches 95 % test accuracy; the boundary redraws while playing', async () => {
  const { page, errors } = await openTeach('mode=teach&data=xor&features=x1x2&layers=&opt=sgd&lr=0.03&seed=1&dseed=1');
  assert.match(await page.getByTestId('backend').textContent(), /CPU/);
  const before = await frames(page);
  const acc = await playTo(page, 50);
  console.log(`xor (x1x2, no hidden layer, SGD 0.03): epoch ${await epoch(page)}, test accuracy ${acc} %`);
  assert.ok(acc >= 95, `test accuracy ${acc}`);
  assert.ok(await frames(page) > before + 3, 'the boundary was redrawn during training');
  assert.deepEqual(errors, []);
});

test('spiral with two hidden layers of 8 tanh reaches 90 %; screenshot at 1280×720', async () => {
  const { page, errors } = await openTeach(
    'mode=teach&data=spiral&features=x1,x2&layers=8,8&act=tanh&opt=adam&lr=0.01&batch=10&seed=1&dseed=1');
  await page.screenshot({ path: path.join(out, 'teach-spiral-start.png') });
  const acc = await playTo(page, 400);
  console.log(`spiral (x1 x2, 8-8 tanh, Adam 0.01): epoch ${await epoch(page)}, test accuracy ${acc} %`);
  await page.screenshot({ path: path.join(out, 'teach-spiral-trained.png') });
  assert.ok(acc >= 90, `test accuracy ${acc}`);
  assert.deepEqual(errors, []);
});

test('spiral as regression at learning rate 10 explains the NaN instead of breaking', async () => {
  const { page, errors } = await openTeach('mode=teach&data=spiral&problem=regression&lr=10&opt=sgd&layers=8,8');
  await page.getByTestId('play-button').click();
  await page.getByTestId('nan-explanation').waitFor({ timeout: 120_000 });
  const msg = await page.getByTestId('nan-explanation').textContent();
  console.log(`NaN explanation: ${msg}`);
  assert.match(msg, /loss became (NaN|inf).*learning rate 10 is too high for SGD; try 0\.01/);
  await page.screenshot({ path: path.join(out, 'teach-nan.png') });
  // The page still works: Reset brings a fresh network back.
  await page.getByTestId('teach-reset').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=nan-explanation]'), null, { timeout: 60_000 });
  assert.deepEqual(errors, []);
});

test('a shared URL reproduces the network and the first-epoch loss in a fresh browser', async () => {
  const { page } = await openTeach('mode=teach');
  // Change the set-up by clicking, as a teacher would.
  await page.getByTestId('dataset-gauss').click();
  await page.getByTestId('feature-x1sq').click();
  await page.getByTestId('add-layer').click();
  await page.waitForFunction(() => location.search.includes('layers=4%2C2%2C2'));
  const url = page.url();
  assert.match(url, /data=gauss/);
  assert.match(url, /features=x1%2Cx2%2Cx1sq/);
  const firstLoss = async p => {
    await p.getByTestId('teach-step').click();
    await p.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]').textContent) === 1, null,
      { timeout: 60_000 });
    await p.waitForTimeout(300);
    return p.getByTestId('test-loss').textContent();
  };
  const a = await firstLoss(page);
  const fresh = await launch({ webgpu: false });
  try {
    const p2 = await fresh.context.newPage();
    await p2.goto(url);
    await p2.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0, null,
      { timeout: 180_000 });
    assert.equal(await p2.locator('.diagram .node').count(), await page.locator('.diagram .node').count(),
      'same network diagram');
    const b = await firstLoss(p2);
    console.log(`first-epoch test loss: ${a} (original) vs ${b} (shared link, fresh browser)`);
    assert.equal(b, a);
  } finally {
    await fresh.close();
  }
});

test('hovering a connection shows its weight and editing it changes the network', async () => {
  const { page, errors } = await openTeach('mode=teach&data=circle&layers=4,2');
  // A straight horizontal link has a zero-height box, which Playwright will not hover: send the event.
  await page.locator('.diagram .link').first().dispatchEvent('mouseenter');
  const input = page.getByTestId('weight-input');
  await input.waitFor();
  const framesBefore = await frames(page);
  await input.fill('3');
  await input.dispatchEvent('change');
  await page.waitForFunction(n => Number(document.querySelector('[data-testid=boundary]').dataset.frames) > n,
    framesBefore, { timeout: 30_000 });
  assert.equal(Number(await input.inputValue()), 3);
  await page.getByTestId('remove-layer').click();
  await page.getByTestId('remove-layer').click();
  await page.waitForFunction(() => location.search.includes('layers=&'));
  await page.screenshot({ path: path.join(out, 'teach-circle.png') });
  assert.deepEqual(errors, []);
});
