// The visual model builder (step 2) in headless Chromium: compose a small CNN for MNIST from the
// palette, see an invalid composition marked and Train disabled, undo / redo, train with
// Pause → new learning rate → Resume while watching main-thread long tasks, then download the spec
// and upload it back, and check that hostile files change nothing.
// Run from tests/browser after `trunk build --release`: `node --test builder.test.mjs`.
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
before(async () => ({ server } = await openSite(null)));
after(() => closeSite({ server }));

const kinds = page => page.locator('[data-testid=layer-list] > li').evaluateAll(ls => ls.map(l => l.dataset.kind));
const paramText = async page => (await page.getByTestId('param-count').textContent()).trim();

async function setField(page, index, field, value) {
  const input = page.getByTestId(`layer-${index}`).locator(`[data-field=${field}]`);
  await input.fill(value);
  await input.dispatchEvent('change');
}

async function setNumber(page, label, value) {
  const input = page.locator('label', { hasText: label }).locator('input');
  await input.fill(value);
  await input.dispatchEvent('change');
}

/** Uploads `text` as a spec file. */
async function upload(page, text, name = 'kiln-model.json') {
  await page.getByTestId('spec-upload').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Uploads a hostile file: the error banner names the problem and the model is unchanged. */
async function refused(page, text, pattern, name) {
  const before = await kinds(page);
  const params = await paramText(page);
  await upload(page, text, name);
  await page.getByTestId('error').waitFor({ timeout: 10_000 });
  const message = await page.getByTestId('error').textContent();
  assert.match(message, pattern);
  assert.match(message, /not changed/);
  assert.deepEqual(await kinds(page), before, 'the layers are unchanged');
  assert.equal(await paramText(page), params, 'the parameter count is unchanged');
  await page.getByTestId('error').locator('.dismiss').click();
  await page.getByTestId('error').waitFor({ state: 'detached' });
  return message;
}

test('compose a CNN for MNIST, train with pause/resume, round-trip the spec, refuse hostile files', { timeout: 900_000 }, async () => {
  const browser = await launch({ webgpu: false });
  try {
    // Long tasks on the main thread, recorded from the first script on.
    await recordLongTasks(browser.context);
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(server.url);

    // 1. MNIST: 28×28×1 images, 10 classes.
    const select = page.getByTestId('dataset-select');
    await select.waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]').disabled, null, { timeout: 180_000 });
    const mnist = await select.evaluate(s => [...s.options].map(o => o.value).find(v => /mnist/i.test(v)));
    assert.ok(mnist, 'the data set list offers MNIST');
    await select.selectOption(mnist);
    await page.waitForFunction(() => /28, 28, 1/.test(document.querySelector('.layer-input')?.textContent ?? ''), null, { timeout: 120_000 });

    // 2. Clear the list and compose Conv2D → MaxPool2D → Flatten → Dense(10, softmax) from the palette.
    await page.getByTestId('clear-layers').click();
    assert.deepEqual(await kinds(page), []);
    for (const kind of ['Conv2D', 'MaxPool2D', 'Flatten', 'Dense']) await page.getByTestId(`add-${kind}`).click();
    assert.deepEqual(await kinds(page), ['Conv2D', 'MaxPool2D', 'Flatten', 'Dense']);
    await setField(page, 3, 'units', '10');
    await page.getByTestId('layer-3').locator('[data-field=activation]').selectOption('softmax');
    await page.getByTestId('loss-select').selectOption('categorical_cross_entropy');
    // 3·3·1·8 + 8 = 80 and 13·13·8·10 + 10 = 13,530.
    await page.waitForFunction(() => /13,610/.test(document.querySelector('[data-testid=param-count]').textContent));
    assert.equal(await page.getByTestId('layer-error').count(), 0);
    assert.equal(await page.getByTestId('layer-0').getByTestId('layer-shape').textContent(), '(None, 26, 26, 8)');
    assert.match(await page.getByTestId('memory-estimate').textContent(), /≈ .*MB/);
    await page.waitForFunction(() => !document.querySelector('[data-testid=train-button]').disabled, null, { timeout: 120_000 });
    await page.locator('#model').screenshot({ path: path.join(out, 'builder-valid.png') });

    // 3. Dense before Flatten: the layer is marked, Train is disabled; Undo / Redo / Remove.
    await page.getByTestId('layer-1').locator('.layer-kind').click(); // select MaxPool2D: add after it
    await page.getByTestId('add-Dense').click();
    assert.deepEqual(await kinds(page), ['Conv2D', 'MaxPool2D', 'Dense', 'Flatten', 'Dense']);
    const layerError = page.getByTestId('layer-2').getByTestId('layer-error');
    await layerError.waitFor();
    assert.match(await layerError.textContent(), /Dense.*Flatten/);
    assert.equal(await page.getByTestId('layer-error').count(), 1, 'only the first invalid layer is marked');
    assert.equal(await page.getByTestId('train-button').isDisabled(), true, 'Train is disabled while the model is invalid');
    assert.doesNotMatch(await paramText(page), /13,610/);
    await page.locator('#model').screenshot({ path: path.join(out, 'builder-invalid.png') });
    await page.getByTestId('undo-button').click();
    assert.deepEqual(await kinds(page), ['Conv2D', 'MaxPool2D', 'Flatten', 'Dense']);
    await page.getByTestId('redo-button').click();
    assert.equal(await page.getByTestId('layer-error').count(), 1);
    await page.getByTestId('layer-2').locator('[data-action=remove]').click();
    assert.deepEqual(await kinds(page), ['Conv2D', 'MaxPool2D', 'Flatten', 'Dense']);
    assert.equal(await page.getByTestId('layer-error').count(), 0);
    assert.match(await paramText(page), /13,610/);
    assert.equal(await page.getByTestId('train-button').isDisabled(), false);

    // 4. Train one epoch; Pause, change the learning rate, Resume; no long main-thread task.
    await setNumber(page, 'Epochs', '1');
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('train-button').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]').dataset.points) > 0, null, { timeout: 300_000 });
    await page.getByTestId('pause-button').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=resume-button]').disabled, null, { timeout: 60_000 });
    const lr = page.getByTestId('lr-input');
    await lr.fill('0.002');
    await lr.dispatchEvent('change');
    assert.equal(await page.getByTestId('add-Dense').isDisabled(), true, 'the model is locked while a run is in the worker');
    await page.getByTestId('resume-button').click();
    await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), null, { timeout: 600_000 });
    const t1 = await page.evaluate(() => performance.now());
    const acc = Number((await page.getByTestId('test-accuracy').textContent()).match(/([\d.]+)%/)[1]);
    console.log(`mnist CNN, 1 epoch: test accuracy ${acc}%`);
    assert.ok(acc > 50, `test accuracy ${acc}% is far above chance (10%)`);
    const tasks = await page.evaluate(() => window.__longTasks);
    assert.ok(tasks !== null, 'this Chromium reports long tasks');
    const during = tasks.filter(t => t.start >= t0 && t.start <= t1);
    const worst = during.reduce((m, t) => Math.max(m, t.duration), 0);
    const top = [...during].sort((a, b) => b.duration - a.duration).slice(0, 5).map(t => `${t.duration.toFixed(0)} ms at +${((t.start - t0) / 1000).toFixed(1)} s`);
    console.log(`long tasks (≥ 50 ms) during training: ${during.length}, worst ${worst.toFixed(1)} ms; worst five: ${top.join(', ')}`);
    // The budget: no main-thread task of 100 ms or more while training — RAIL's budget for
    // answering an input — so a click is always answered at once (the page only renders events;
    // burn runs in the worker, where one batch alone takes longer). A 50–100 ms task (a chart
    // redraw or a GC on a loaded 2-core machine) is reported above, not failed.
    const slow = during.filter(t => t.duration >= 100);
    assert.equal(slow.length, 0, `main-thread tasks of 100 ms or more during training: ${top.join(', ')}`);

    // 5. Download the spec and upload it back.
    const href = await page.getByTestId('spec-download').getAttribute('href');
    assert.equal(await page.getByTestId('spec-download').count(), 1);
    const text = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    const file = JSON.parse(text);
    assert.deepEqual(file.model.layers.map(l => l.type), ['Conv2D', 'MaxPool2D', 'Flatten', 'Dense']);
    assert.equal(file.model.loss, 'categorical_cross_entropy');
    assert.deepEqual(file.model.input, { type: 'Images', height: 28, width: 28, channels: 1 });
    assert.equal(file.config.epochs, 1);
    assert.match(JSON.stringify(file.config.optimizer), /0\.002/);
    const composed = await kinds(page);
    const params = await paramText(page);
    await page.getByTestId('clear-layers').click();
    assert.deepEqual(await kinds(page), []);
    await upload(page, text);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=layer-list] > li').length === 4);
    assert.deepEqual(await kinds(page), composed);
    assert.equal(await paramText(page), params);
    assert.equal(await page.getByTestId('layer-3').locator('[data-field=units]').inputValue(), '10');
    assert.equal(await page.getByTestId('error').count(), 0);

    // 6. Hostile files: not JSON, an absurd Dense, too large. The model stays as it is.
    await refused(page, 'this is not JSON {', /not JSON/, 'notes.json');
    const huge = structuredClone(file);
    huge.model.layers[3].units = 1_000_000_000_000;
    await refused(page, JSON.stringify(huge), /units|not a Kiln spec|not valid/, 'huge.json');
    await refused(page, 'x'.repeat(2_000_000), /1 MB/, 'big.json');
    assert.deepEqual(await kinds(page), composed);

    assert.deepEqual(errors, [], 'no uncaught exceptions');
  } finally { await browser.close(); }
});
