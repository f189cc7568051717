// Evaluate in depth (issue 11), in the page after real training: the confusion matrix sums to the
// test size, the threshold slider changes the matrix and lowers the positive class's recall, ROC
// AUC and average precision are shown, the most confidently wrong examples are listed and a click
// on a matrix cell lists that cell's examples, word contributions colour "terrible" negative and
// "wonderful" positive, the word map draws at least 200 words and lists a picked word's neighbours,
// two runs with different learning rates fill the runs table and chart, and "restore" puts the
// first run's learning rate, epochs, text settings and model (its parameter count) back;
// Iris (three classes, table rows) and MNIST (images) get their report too, and "Try it" for them:
// the Iris row form, filled from a test row, predicts and answers an edit; on MNIST a stroke drawn
// on the canvas and a dropped image file get ten class probabilities, a bad file a message. The
// worker's compute times of the report and the word map are printed, and no main-thread long task
// (≥ 50 ms) may happen while MNIST's report arrives.
// Run from tests/browser after `trunk build --release`: `node --test evaluate.test.mjs`.
// KILN_SCREENSHOTS=<dir> also writes the report's screenshots at 1280×720 there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, recordLongTasks, openSite, closeSite } from './harness.mjs';
import { png } from './tiny-files.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const shots = process.env.KILN_SCREENSHOTS;

let server;
let browser;
before(async () => {
  ({ server, browser } = await openSite({ webgpu: false }));
  if (shots) fs.mkdirSync(shots, { recursive: true });
  await recordLongTasks(browser.context);
});
after(() => closeSite({ server, browser }));

async function setNumber(page, label, value) {
  const input = page.locator('label', { hasText: label }).locator('input');
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

/** A fresh page with data set `id` loaded, the CPU engine and `epochs`. */
async function open(id, epochs) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  const ready = () => page.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]')?.disabled
    && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
  await ready();
  if (id !== 'review-sentences') {
    await page.getByTestId('dataset-select').selectOption(id);
    // The data panel names the loaded set and the one loading: wait until `id` has replaced the
    // default (the select's own value changes before the load even starts).
    await page.waitForFunction(id => {
      const data = document.querySelector('#data');
      return data?.dataset.dataset === id && !data.dataset.loading;
    }, id, { timeout: 180_000 });
    await ready();
  }
  await page.getByTestId('backend-select').selectOption('cpu');
  await setNumber(page, 'Epochs', epochs);
  return { page, errors };
}

/** Presses Train and waits for this run's test report. */
async function trainForReport(page) {
  const run = await page.locator('#train').getAttribute('data-run');
  await page.getByTestId('train-button').click({ timeout: 120_000 });
  await page.waitForFunction(r => document.querySelector('#train').dataset.run !== r
    && /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? '')
    && document.querySelector('[data-testid=confusion-matrix], [data-testid=regression-metrics]'), run,
  { timeout: 900_000 });
}

/** The test split's size as the data panel states it ("… · 300 test · …"). */
async function testSize(page) {
  const text = await page.getByTestId('data-ready').textContent();
  return Number(text.match(/([\d,]+) test/)[1].replace(/,/g, ''));
}

const counts = page => page.$$eval('[data-testid=confusion-matrix] button.cell', cells => cells.map(c => Number(c.dataset.count)));
const recallOf = (page, cls) => page.$eval(`[data-testid=class-metrics] tr[data-class="${cls}"]`, r => Number(r.dataset.recall));

/** The contribution of `word` in the word-contributions block inside `scope`. */
async function contribution(page, scope, word) {
  const sel = `${scope} [data-testid=word-contributions] .word[data-word="${word}"]`;
  await page.waitForSelector(sel, { timeout: 60_000 });
  return Number(await page.$eval(sel, w => w.dataset.contribution));
}

/** The prediction "Try it" shows in #evaluate once it differs from `before` (a JSON string). */
async function tryPrediction(page, before = null) {
  await page.waitForFunction(b => {
    const p = document.querySelector('#evaluate [data-testid=try-prediction]')?.dataset.probabilities;
    return p && p !== b;
  }, before, { timeout: 60_000 });
  const el = page.locator('#evaluate [data-testid=try-prediction]');
  const raw = await el.getAttribute('data-probabilities');
  return { cls: await el.getAttribute('data-class'), raw, probs: JSON.parse(raw) };
}

/** Checks a prediction's shape: `k` named classes, probabilities summing to 1, the top one named. */
function assertProbabilities({ cls, probs }, k) {
  assert.equal(probs.length, k, `${k} class probabilities`);
  const sum = probs.reduce((a, [, p]) => a + p, 0);
  assert.ok(Math.abs(sum - 1) < 1e-3, `they sum to 1 (${sum})`);
  const top = probs.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.equal(cls, top[0], 'the predicted class is the most probable');
}

/** A screenshot of the evaluate card at 1280×720. */
async function shotEvaluate(page, name) {
  if (!shots) return;
  await page.evaluate(() => document.querySelector('#evaluate').scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function shot(page, name) {
  if (!shots) return;
  await page.locator('#report').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('#report').scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

test('review sentences: matrix, threshold, curves, errors, cells, word contributions, runs', { timeout: 1_800_000 }, async () => {
  const { page, errors } = await open('review-sentences', 3);
  await setNumber(page, 'Learning rate', '0.005');
  await page.locator('label', { hasText: 'Sequence length' }).locator('select').selectOption('100');
  const params1 = await page.getByTestId('param-count').textContent();
  await trainForReport(page);

  const n = await testSize(page);
  console.log(`review: test report of ${n} sentences computed in the worker in ${await page.locator('#report').getAttribute('data-compute-ms')} ms`);
  const matrix = page.getByTestId('confusion-matrix');
  assert.equal(Number(await matrix.getAttribute('data-total')), n, 'the matrix sums to the test size');
  const at05 = await counts(page);
  assert.equal(at05.length, 4, 'two classes: a 2×2 matrix');
  assert.equal(at05.reduce((a, b) => a + b, 0), n, 'its cells sum to the test size');
  const auc = Number(await page.getByTestId('roc-curve').getAttribute('data-auc'));
  assert.ok(auc > 0.6 && auc <= 1, `ROC AUC ${auc} shown and better than chance`);
  assert.match(await page.getByTestId('roc-curve').textContent(), /AUC 0\.\d{3}/);
  assert.ok(Number(await page.getByTestId('pr-curve').getAttribute('data-ap')) > 0.5, 'average precision shown');
  assert.ok(Number(await page.getByTestId('roc-curve').getAttribute('data-points')) > 2, 'the ROC curve is drawn');
  const recall05 = await recallOf(page, 1);
  const marker05 = await page.getByTestId('roc-curve').getAttribute('data-marker');

  // The word map of the Embedding, computed in the worker after the report.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=word-map]')?.dataset.words) >= 200,
    null, { timeout: 300_000 });
  const mapped = Number(await page.getByTestId('word-map').getAttribute('data-words'));
  const labels = await page.locator('[data-testid=word-map] text.map-word').count();
  const dots = await page.locator('[data-testid=word-map] circle.map-dot').count();
  assert.equal(labels + dots, mapped, `every word placed: ${labels} labels and ${dots} dots`);
  assert.ok(labels >= 20, `the most frequent words are labelled (${labels})`);
  // Picking a word lists its nearest neighbours; a dot (a word whose label would cover a more
  // frequent one) too.
  await page.locator('[data-testid=word-map] text.map-word').first().click();
  await page.waitForSelector('[data-testid=word-map-neighbours] li', { timeout: 10_000 });
  if (dots > 0) {
    const dot = page.locator('[data-testid=word-map] circle.map-dot').first();
    const word = await dot.getAttribute('data-word');
    await dot.hover({ force: true });
    await page.waitForFunction(w => document.querySelector('[data-testid=word-map-neighbours] h4')?.textContent.includes(w), word, { timeout: 10_000 });
  }
  // Zooming in around the picked word gives more words a label.
  await page.getByTestId('map-zoom-in').click();
  await page.getByTestId('map-zoom-in').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=word-map]')?.dataset.zoom === '4');
  const zoomedLabels = Number(await page.getByTestId('word-map').getAttribute('data-labels'));
  console.log(`word map: ${labels} labels + ${dots} dots at ×1; ${zoomedLabels} labels in view at ×4`);
  if (shots) {
    await page.getByTestId('word-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'word-map-zoom4.png') });
  }
  await page.getByTestId('map-zoom-out').click();
  await page.getByTestId('map-zoom-out').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=word-map]')?.dataset.zoom === '1');
  if (shots) {
    await page.getByTestId('word-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'word-map.png') });
  }
  console.log(`word map: ${mapped} words, computed in the worker in ${await page.getByTestId('word-map').getAttribute('data-compute-ms')} ms`);

  // The threshold slider: at 0.9 fewer examples are called positive.
  await page.getByTestId('threshold').fill('0.9');
  await page.waitForFunction(() => document.querySelector('[data-testid=threshold-value]')?.textContent === '0.90');
  const at09 = await counts(page);
  const recall09 = await recallOf(page, 1);
  console.log(`review: ${n} test sentences, AUC ${auc}; matrix at 0.5 ${at05} → at 0.9 ${at09}; recall ${recall05} → ${recall09}`);
  assert.notDeepEqual(at09, at05, 'the matrix changes with the threshold');
  assert.equal(at09.reduce((a, b) => a + b, 0), n, 'and still sums to the test size');
  assert.ok(recall09 < recall05, `recall of the positive class falls (${recall05} → ${recall09})`);
  assert.notEqual(await page.getByTestId('roc-curve').getAttribute('data-marker'), marker05, 'the marker moves');

  // The most confidently wrong, listed with truth and prediction.
  const wrong = page.locator('[data-testid=errors-list] li');
  assert.ok(await wrong.count() > 0, 'errors are listed');
  const first = wrong.first();
  assert.notEqual(await first.getAttribute('data-true'), await first.getAttribute('data-predicted'), 'a listed error is wrong');
  assert.match(await first.textContent(), /true: .* predicted: .*sure/);

  // A click on the (positive, predicted negative) cell lists exactly those examples.
  const fnCell = page.locator('[data-testid=confusion-matrix] button.cell[data-true="1"][data-predicted="0"]');
  const fn = Number(await fnCell.getAttribute('data-count'));
  await fnCell.click();
  await page.getByTestId('cell-examples').waitFor();
  const listed = await page.$$eval('[data-testid=cell-examples] li', ls => ls.map(l => [l.dataset.true, l.dataset.predicted]));
  assert.equal(listed.length, Math.min(fn, 40), `the cell's ${fn} examples are listed (at most 40)`);
  assert.ok(listed.every(([t, p]) => t === '1' && p === '0'), 'each is positive and predicted negative');

  // Why? for a listed example.
  await page.locator('[data-testid=errors-list] [data-testid=why]').first().click();
  await page.waitForSelector('[data-testid=errors-list] [data-testid=word-contributions]', { timeout: 60_000 });
  await page.getByTestId('threshold').fill('0.5');
  await shot(page, 'report-review');

  // Word contributions of a typed sentence.
  await page.getByTestId('try-input').fill('the food was terrible');
  const terrible = await contribution(page, '#evaluate', 'terrible');
  await page.getByTestId('try-input').fill('a wonderful place');
  const wonderful = await contribution(page, '#evaluate', 'wonderful');
  console.log(`contributions: terrible ${terrible}, wonderful ${wonderful}`);
  assert.ok(terrible < 0, `"terrible" pushes towards negative (${terrible})`);
  assert.ok(wonderful > 0, `"wonderful" pushes towards positive (${wonderful})`);
  assert.match(await page.locator('#evaluate [data-testid=word-contributions]').getAttribute('title'), /gradient|occlusion/);
  await page.getByTestId('try-input').fill('a wonderful zzqxv place');
  await page.waitForSelector('#evaluate .word[data-word="zzqxv"][data-oov=true]', { timeout: 60_000 });
  assert.match(await page.locator('#evaluate .word[data-word="zzqxv"]').getAttribute('title'), /not in the vocabulary/);

  // A second run with another learning rate: both in the runs table, both curves overlaid.
  assert.equal(Number(await page.getByTestId('runs-table').getAttribute('data-runs')), 1);
  await setNumber(page, 'Learning rate', '0.01');
  await setNumber(page, 'Epochs', 2);
  await trainForReport(page);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=runs-table]')?.dataset.runs) === 2);
  const rates = await page.$$eval('[data-testid=runs-table] tbody tr', rs => rs.map(r => r.children[3].textContent));
  assert.deepEqual(rates.sort(), ['0.005', '0.01'], 'each run with its learning rate');
  assert.equal(Number(await page.getByTestId('runs-chart').getAttribute('data-runs')), 2, 'two runs overlaid');
  assert.equal(await page.locator('[data-testid=runs-chart] g[data-run="2"] polyline').count(), 2, 'loss and accuracy of run 2');
  // Sorting by test accuracy puts the better run first.
  await page.locator('[data-testid=runs-table] button.sort[data-column=TestAccuracy]').click();
  const accs = await page.$$eval('[data-testid=runs-table] tbody tr', rs => rs.map(r => parseFloat(r.children[9].textContent)));
  assert.ok(accs[0] >= accs[1], `sorted best first: ${accs}`);

  // Restore run 1's settings after removing a layer (another parameter count): its learning
  // rate, epochs and model come back.
  await page.locator('[data-testid=layer-2] button[data-action=remove]').click();
  await page.waitForFunction(p => document.querySelector('[data-testid=param-count]')?.textContent !== p, params1);
  assert.notEqual(await page.getByTestId('param-count').textContent(), params1, 'the edit changed the model');
  assert.equal(await page.getByTestId('lr-input').inputValue(), '0.01');
  await page.locator('[data-testid=restore-run][data-run="1"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=lr-input]')?.value === '0.005');
  assert.equal(await page.getByTestId('param-count').textContent(), params1, "the builder shows run 1's model");
  assert.equal(await page.locator('label', { hasText: 'Epochs' }).locator('input').inputValue(), '3');
  assert.match(await page.getByTestId('restore-note').textContent(), /Run #1.s model spec and training settings are back in the builder. Its trained weights are not kept/);
  await page.locator('[data-testid=restore-run][data-run="1"]').scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  if (shots) await page.screenshot({ path: path.join(shots, 'runs-restore.png') });
  assert.equal(await page.getByTestId('error').count(), 0, 'no error banner');
  assert.deepEqual(errors, []);
});

test('iris: a 3-class report with table rows', { timeout: 900_000 }, async () => {
  const { page, errors } = await open('iris', 40);
  await trainForReport(page);
  const n = await testSize(page);
  assert.equal(Number(await page.getByTestId('confusion-matrix').getAttribute('data-classes')), 3);
  assert.equal((await counts(page)).reduce((a, b) => a + b, 0), n, 'the matrix sums to the test size');
  assert.equal(await page.locator('[data-testid=class-metrics] tbody tr[data-class]').count(), 3);
  assert.equal(await page.getByTestId('threshold').count(), 0, 'no threshold for three classes');
  assert.match(await page.locator('[data-testid=confusion-matrix] thead').textContent(), /setosa/);
  // The diagonal cell of the first class lists table rows.
  await page.locator('[data-testid=confusion-matrix] button.cell[data-true="0"][data-predicted="0"]').click();
  await page.locator('[data-testid=cell-examples] dl.row-cells').first().waitFor();
  await shot(page, 'report-iris');

  // Try it: the row form, filled from a random test row, predicts one of three classes.
  const form = page.getByTestId('row-form');
  await page.waitForSelector('#evaluate [data-testid=row-form] input[data-column]', { timeout: 60_000 });
  const columns = await form.locator('[data-column]').count();
  assert.equal(columns, 4, 'one field per input column');
  const first = await tryPrediction(page);
  assertProbabilities(first, 3);
  const filled = await form.locator('input[data-column]').evaluateAll(es => es.map(e => [e.dataset.column, e.value]));
  assert.ok(filled.every(([, v]) => v !== '' && Number.isFinite(Number(v))), `filled from a test row: ${JSON.stringify(filled)}`);
  // Changing a field changes the probabilities.
  const field = form.locator('input[data-column]').first();
  await field.fill(String(Number(await field.inputValue()) + 3));
  const edited = await tryPrediction(page, first.raw);
  assertProbabilities(edited, 3);
  console.log(`iris row form ${JSON.stringify(filled)}: ${first.cls} ${first.raw} → after +3 on ${filled[0][0]}: ${edited.cls} ${edited.raw}`);
  // A field emptied: the prediction goes, the field is named; a number far outside the
  // training range: predicted, with a warning naming the column and its training range.
  const escaped = filled[0][0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await field.fill('');
  await page.waitForSelector('#evaluate [data-testid=try-error]', { timeout: 30_000 });
  assert.match(await page.getByTestId('try-error').textContent(), new RegExp(`${escaped} is empty or not a number`));
  assert.equal(await page.locator('#evaluate [data-testid=try-prediction]').count(), 0, 'no prediction for an empty field');
  await field.fill('1e30');
  await tryPrediction(page, null);
  assert.equal(await page.locator('#evaluate [data-testid=try-error]').count(), 0, 'the message goes');
  const warning = await page.getByTestId('row-range-warning').textContent();
  console.log(`iris 1e30: ${warning}`);
  assert.match(warning, new RegExp(`${escaped} = 1e30 is outside the training range \\(\\d[\\d.]* to \\d[\\d.]*\\)`));
  // Another random test row refills the form.
  await page.getByTestId('random-row').click();
  await tryPrediction(page, edited.raw).catch(() => {}); // the same row may come again
  await shotEvaluate(page, 'try-iris');
  assert.equal(await page.getByTestId('error').count(), 0, 'no error banner');
  assert.deepEqual(errors, []);
});

test('mnist: a 10-class report with image thumbnails', { timeout: 1_500_000 }, async () => {
  const { page, errors } = await open('mnist-10k', 1);
  // Trained, then the report: the main thread's long tasks from Finished until the matrix shows.
  const run = await page.locator('#train').getAttribute('data-run');
  await page.getByTestId('train-button').click({ timeout: 120_000 });
  await page.waitForFunction(r => document.querySelector('#train').dataset.run !== r
    && /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), run, { timeout: 900_000, polling: 10 });
  const finishedAt = await page.evaluate(() => performance.now());
  await page.waitForSelector('[data-testid=confusion-matrix]', { timeout: 300_000 });
  const shownAt = await page.evaluate(() => performance.now());
  const n = await testSize(page);
  const long = await page.evaluate(([from, to]) => window.__longTasks
    && window.__longTasks.filter(t => t.start + t.duration >= from - 1000 && t.start <= to), [finishedAt, shownAt]);
  const ms = Number(await page.locator('#report').getAttribute('data-compute-ms'));
  console.log(`mnist-10k: test report of ${n} images computed in the worker in ${ms} ms; shown ${(shownAt - finishedAt).toFixed(0)} ms after the test accuracy; main-thread long tasks meanwhile: ${JSON.stringify(long)}`);
  assert.ok(ms > 0, 'the worker timed the report');
  assert.notEqual(long, null, 'the browser reports long tasks');
  // The goal: no long task (≥ 50 ms) while the report arrives. The report carries only
  // the errors and a sample of thumbnails; a cell's examples are asked of the worker.
  assert.deepEqual(long.filter(t => t.duration >= 50), [], 'no main-thread task of 50 ms or more while the report arrives');
  assert.equal(Number(await page.getByTestId('confusion-matrix').getAttribute('data-total')), n);
  assert.equal(Number(await page.getByTestId('confusion-matrix').getAttribute('data-classes')), 10);
  assert.ok(await page.locator('[data-testid=errors-list] canvas.thumb-px').count() > 0, 'errors shown as images');
  // A diagonal cell's examples come from the worker: images of that digit, predicted as it.
  const seven = page.locator('[data-testid=confusion-matrix] button.cell[data-true="7"][data-predicted="7"]');
  const sevens = Number(await seven.getAttribute('data-count'));
  await seven.click();
  await page.getByTestId('cell-examples').waitFor({ timeout: 30_000 });
  const listed = await page.$$eval('[data-testid=cell-examples] li', ls => ls.map(l => [l.dataset.true, l.dataset.predicted]));
  assert.equal(listed.length, Math.min(sevens, 40), `the cell's ${sevens} examples (at most 40)`);
  assert.ok(listed.every(([t, p]) => t === '7' && p === '7'));
  assert.equal(await page.locator('[data-testid=cell-examples] canvas.thumb-px').count(), listed.length, 'as images');
  await shot(page, 'report-mnist');

  // Try it: a "1"-like vertical stroke drawn with the mouse on the canvas.
  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const x = box.x + box.width * 0.55;
  await page.mouse.move(x, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(x - i * 0.4, box.y + box.height * (0.15 + i * 0.035));
  await page.mouse.up();
  const drawn = await tryPrediction(page);
  assertProbabilities(drawn, 10);
  assert.equal(await page.locator('#evaluate [data-testid=try-seen]').getAttribute('data-size'), '28×28', 'the 28×28 input shown');
  console.log(`mnist drawn "1": predicted ${drawn.cls} (${drawn.raw})`);
  await shotEvaluate(page, 'try-mnist-drawn');

  // A dropped (here: picked) PNG file: a dark vertical bar on white paper.
  const [w, h] = [60, 80];
  const pixels = Buffer.alloc(w * h, 255);
  for (let y = 10; y < 70; y++) for (let xx = 27; xx < 34; xx++) pixels[y * w + xx] = 0;
  await page.getByTestId('draw-clear').click();
  await page.getByTestId('try-image-file').setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: png(w, h, pixels) });
  const fromFile = await tryPrediction(page);
  assertProbabilities(fromFile, 10);
  console.log(`mnist one.png: predicted ${fromFile.cls}`);
  // A file that is not an image: a message in the panel, the last prediction kept, no banner.
  await page.getByTestId('try-image-file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
  await page.waitForSelector('#evaluate [data-testid=try-error]', { timeout: 30_000 });
  assert.match(await page.getByTestId('try-error').textContent(), /notes\.png/);
  assert.equal(await page.locator('#evaluate [data-testid=try-prediction]').getAttribute('data-probabilities'), fromFile.raw);
  assert.equal(await page.getByTestId('error').count(), 0, 'no error banner');
  await shotEvaluate(page, 'try-mnist-file');
  assert.deepEqual(errors, []);
});
