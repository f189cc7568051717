// Bring your own data, in headless Chromium: every hostile file of shared/cases gets the outcome
// its EXPECTED.md line states (a clear message, or a correct parse shown in the preview), nothing
// executes, the session keeps working; then a numeric CSV and a text CSV are uploaded, previewed
// (column types and task changed in the preview) and trained one epoch each; a .zip of PNG class
// folders and the same images as a picked folder load, show thumbnails and train one epoch; bad
// image uploads and a UTF-16 file give their messages; a few-MB CSV shows a real progress bar;
// built-in tables and image sets load with their provenance. With KILN_BIG_CSV=1 a 100 MB CSV is
// loaded too (load time, worst main-thread long task) and a file over the limit offers a sample.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openSite, closeSite } from './harness.mjs';
import { zip, stripeImages } from './tiny-files.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const cases = process.env.KILN_CASES || path.resolve(here, '../../../shared/cases');
// Kiln's own corpus (tables as real tools write them); outcomes in cases.json, shared with the host test.
const ownCases = path.resolve(here, '../cases');
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

// EXPECTED.md, as outcomes: a message matching the pattern, or a parse (preview shown).
const EXPECTED = {
  'bom_crlf.csv': { parse: true },
  'quoted_newlines.csv': { parse: true },
  'ragged_rows.csv': { message: /line 4/ },
  'single_class.csv': { message: /at least 2 classes.*yes|yes.*at least 2 classes/s },
  'missing_values.csv': { parse: true, preview: /missing/ },
  'empty.csv': { message: /empty/ },
  'header_only.csv': { message: /no data rows/ },
  'not_text.csv': { message: /not a text/ },
  'latin1.csv': { either: /UTF-8|Windows-1252|Latin/ },
  'semicolon.csv': { either: /decimal comma/ },
  'numeric_labels.csv': { parse: true },
  'constant_column.csv': { parse: true, preview: /constant/ },
  'reviews_html.csv': { parse: true },
  'cjk_text.csv': { parse: true },
  'xss_labels.csv': { parse: true },
  'nan_inf.csv': { either: /row|finite|inf/i },
  'long_line.csv': { either: /field|long|truncat/i },
  'duplicate_headers.csv': { either: /x_2|duplicate/ },
};

let server;
let browser;
before(async () => ({ server, browser } = await openSite({ webgpu: false })));
after(() => closeSite({ server, browser }));

async function openPage() {
  const page = await browser.context.newPage();
  const errors = [];
  const dialogs = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(server.url);
  await page.waitForFunction(() => !document.querySelector('[data-testid=upload-input]')?.disabled
    && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
  return { page, errors, dialogs };
}

/** Loads asked of the worker so far (the drop zone's counter). */
const loads = page => page.getByTestId('drop-zone').getAttribute('data-loads').then(Number);

/** Waits until the worker has answered the load of `name` after the `before`-th: an error, or
 * the data set selected. */
async function settled(page, name, before, timeout = 60_000) {
  await page.waitForFunction(([n, b]) => {
    const loads = Number(document.querySelector('[data-testid=drop-zone]')?.dataset.loads);
    const err = document.querySelector('[data-testid=upload-error]');
    const sel = document.querySelector('[data-testid=dataset-select]');
    return loads > b && !document.querySelector('[data-testid=upload-progress]') && (err || sel?.value === `upload:${n}`);
  }, [name, before], { timeout });
}

/** Uploads a file; resolves to { error } or { loaded } once the worker has answered. */
async function upload(page, name, buffer, mimeType = 'text/csv') {
  const before = await loads(page);
  await page.getByTestId('upload-input').setInputFiles({ name, mimeType, buffer });
  await settled(page, name, before);
  const err = page.getByTestId('upload-error');
  if (await err.count()) return { error: await err.textContent() };
  const preview = page.getByTestId('preview-table');
  return { loaded: true, preview: (await preview.count()) ? await preview.textContent() : '',
    notices: await page.locator('.notices').textContent().catch(() => '') };
}

test('every hostile file in shared/cases gets its expected outcome, and nothing executes', async t => {
  if (!fs.existsSync(cases)) { t.skip(`no ${cases} here`); return; }
  const { page, errors, dialogs } = await openPage();
  for (const file of fs.readdirSync(cases).filter(f => f.endsWith('.csv')).sort()) {
    const want = EXPECTED[file];
    assert.ok(want, `EXPECTED has ${file}`);
    const r = await upload(page, file, fs.readFileSync(path.join(cases, file)));
    const text = r.error ?? `${r.preview} ${r.notices}`;
    console.log(`${file}: ${r.error ? 'message: ' + r.error.replace(/\s+/g, ' ').slice(0, 160) : 'parsed'}`);
    if (want.message) assert.match(r.error ?? '', want.message, `${file} should give a message`);
    if (want.parse) assert.ok(r.loaded, `${file} should parse, got ${r.error}`);
    if (want.preview) assert.match(text, want.preview, `${file}: preview`);
    if (want.either && r.error) assert.match(r.error, want.either, `${file}: message`);
    if (file === 'xss_labels.csv') {
      assert.equal(await page.evaluate(() => window.__xss ?? null), null);
      assert.match(r.preview, /<script|<img|onerror/i, 'markup is shown as text');
    }
  }
  assert.deepEqual(dialogs, [], 'no alert() ran');
  assert.deepEqual(errors, []);
});

/** How the page states each reading of cases.json (`SepLine`, `Numbers:price`…), as text in the notices. */
function readingText(id) {
  const [kind, column] = id.split(':');
  return {
    SepLine: /delimiter hint/,
    CommentLines: /starting with `#`/,
    SpacesAroundQuotes: /spaces between delimiters and quotes/,
    TrailingDelimiters: /lines end with a delimiter/,
    NoHeader: /first line holds numbers/,
    Numbers: new RegExp(`\`${column}\`: read as numbers`),
    DecimalComma: new RegExp(`\`${column}\`: decimal commas`),
    TrimmedLabels: /spaces around \d+ label/,
    MergedCase: /differ only in letter case/,
  }[kind];
}

test('every table of tests/cases (real tools, bug reports) gets its expected outcome, each guess stated', async () => {
  const expected = JSON.parse(fs.readFileSync(path.join(ownCases, 'cases.json'), 'utf8'));
  const files = fs.readdirSync(ownCases).filter(f => f.endsWith('.csv')).sort();
  assert.deepEqual(expected.map(c => c.file).sort(), files, 'cases.json lists every file');
  const { page, errors, dialogs } = await openPage();
  for (const want of expected) {
    const r = await upload(page, want.file, fs.readFileSync(path.join(ownCases, want.file)));
    console.log(`${want.file}: ${r.error ? 'message: ' + r.error.replace(/\s+/g, ' ').slice(0, 160) : 'parsed; ' + r.notices.replace(/\s+/g, ' ').slice(0, 200)}`);
    if (want.message) {
      assert.ok(r.error?.includes(want.message), `${want.file}: message ${r.error}`);
      continue;
    }
    assert.ok(r.loaded, `${want.file} should parse, got ${r.error}`);
    if (want.rows !== undefined) {
      assert.match(await page.getByTestId('dataset-size').textContent(), new RegExp(`\\b${want.rows.toLocaleString('en-US')} rows`), `${want.file}: rows`);
    }
    if (want.target) {
      assert.equal(await page.getByTestId('target-select').inputValue(), want.target, `${want.file}: target`);
      assert.match(r.notices, new RegExp(`predicting \`${want.target}\``), `${want.file}: the target's reason is shown`);
    }
    for (const id of want.readings ?? []) assert.match(r.notices, readingText(id), `${want.file}: reading ${id} stated`);
    if (want.notice) assert.ok(`${r.preview} ${r.notices}`.includes(want.notice), `${want.file}: notice ${want.notice}`);
    if (want.train_error) {
      // Too small to split: Train is refused with the counts, nothing runs on an empty split.
      const enabled = await page.waitForFunction(() => !document.querySelector('[data-testid=train-button]')?.disabled, null, { timeout: 15_000 })
        .then(() => true, () => false);
      let msg;
      if (enabled) {
        await page.getByTestId('train-button').click();
        await page.getByTestId('error').waitFor({ timeout: 60_000 });
        msg = await page.getByTestId('error').textContent();
      } else {
        msg = await page.locator('#data').textContent(); // Train disabled: the reason is in the Data step
      }
      console.log(`${want.file}: Train → ${msg.replace(/\s+/g, ' ').slice(0, 160)}`);
      assert.ok(msg.includes(want.train_error), `${want.file}: ${msg}`);
      assert.doesNotMatch(await page.locator('body').textContent(), /NaN/, 'no NaN metric shown');
      await page.reload();
      await page.waitForFunction(() => !document.querySelector('[data-testid=upload-input]')?.disabled
        && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
    }
  }
  assert.deepEqual(dialogs, [], 'no alert() ran');
  assert.deepEqual(errors, []);
});

test('each guess has a one-click undo: formatted numbers become text again, merged labels split again', async () => {
  const { page, errors } = await openPage();
  const file = 'currency_percent_dollar.csv';
  const r = await upload(page, file, fs.readFileSync(path.join(ownCases, file)));
  assert.ok(r.loaded, r.error);
  const price = page.locator('[data-testid=reading][data-reading="Numbers:price"]');
  assert.match(await price.textContent(), /read as numbers/);
  const col = await page.locator('[data-testid=preview-table] th').allTextContents();
  const i = col.findIndex(c => c.startsWith('price'));
  assert.equal(await page.getByTestId(`column-type-${i}`).inputValue(), 'numeric', 'price read as numbers');
  await page.locator('#data').screenshot({ path: path.join(out, 'readings-currency.png') });
  let before = await loads(page);
  await price.getByTestId('undo-reading').click();
  await settled(page, file, before);
  assert.match(await price.textContent(), /^undone: /, 'the notice says the guess is undone');
  assert.equal(await price.getByTestId('undo-reading').textContent(), 'apply again');
  assert.notEqual(await page.getByTestId(`column-type-${i}`).inputValue(), 'numeric', 'price is no longer read as numbers');
  before = await loads(page);
  await price.getByTestId('undo-reading').click();
  await settled(page, file, before);
  assert.equal(await page.getByTestId(`column-type-${i}`).inputValue(), 'numeric', 'applied again');

  const labels = 'pandas_labels_case_and_spaces.csv';
  const r2 = await upload(page, labels, fs.readFileSync(path.join(ownCases, labels)));
  assert.ok(r2.loaded, r2.error);
  const size = () => page.getByTestId('dataset-size').textContent();
  const merged = await size();
  const mergedCase = page.locator('[data-testid=reading][data-reading="MergedCase:label"]');
  await page.locator('#data').screenshot({ path: path.join(out, 'readings-labels.png') });
  before = await loads(page);
  await mergedCase.getByTestId('undo-reading').click();
  await settled(page, labels, before);
  assert.match(await mergedCase.textContent(), /^undone: /);
  assert.notEqual(await size(), merged, 'with the case merge undone the classes differ');
  console.log(`labels: merged "${merged.trim()}", undone "${(await size()).trim()}"`);
  assert.deepEqual(errors, []);
});

test('a numeric CSV and a text CSV: preview, train one epoch each, metrics shown', async () => {
  const { page, errors } = await openPage();
  // A table: two numeric columns and a category, label by a rule the model can learn.
  let csv = 'width,height,colour,label\r\n';
  for (let i = 0; i < 3000; i++) {
    const w = (i * 37 % 100) / 10, h = (i * 53 % 100) / 10, c = ['red', 'green', 'blue'][i % 3];
    csv += `${w},${h},${c},${w + h > 10 ? 'big' : 'small'}\r\n`;
  }
  const r = await upload(page, 'shapes.csv', Buffer.from(csv));
  assert.ok(r.loaded, r.error);
  assert.equal(await page.getByTestId('column-type-2').inputValue(), 'categorical');
  assert.equal(await page.getByTestId('target-select').inputValue(), 'label');
  // Preview controls: a column left out and a task that does not fit; the worker re-prepares
  // what it holds (nothing is sent again).
  assert.match(await page.getByTestId('dataset-size').textContent(), /5 input features/);
  await page.getByTestId('column-type-2').selectOption('ignore');
  await page.waitForFunction(() => /2 input features/.test(document.querySelector('[data-testid=dataset-size]')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.getByTestId('column-type-2').selectOption('categorical');
  await page.waitForFunction(() => /5 input features/.test(document.querySelector('[data-testid=dataset-size]')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.getByTestId('task-select').selectOption('regression');
  await page.getByTestId('upload-error').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('upload-error').textContent(), /not numeric.*choose classification/);
  assert.match(await page.getByTestId('dataset-size').textContent(), /two classes/, 'the data set is kept');
  await page.locator('#data').screenshot({ path: path.join(out, 'upload-table-preview.png') });
  await page.waitForFunction(() => !document.querySelector('[data-testid=train-button]').disabled, null, { timeout: 30_000 });
  const epochs = page.locator('label', { hasText: 'Epochs' }).locator('input');
  await epochs.fill('1');
  await epochs.dispatchEvent('change');
  await page.getByTestId('train-button').click();
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), null, { timeout: 120_000 });
  console.log(`uploaded table, 1 epoch: ${await page.getByTestId('test-accuracy').textContent()}`);

  // A text set: sentences and their sentiment (with HTML remnants to clean).
  const good = ['a wonderful film', 'great acting<br />and a great story', 'I loved it', 'superb and moving', 'the best meal ever'];
  const bad = ['a terrible film', 'awful acting<br />and a dull story', 'I hated it', 'boring and slow', 'the worst meal ever'];
  let text = 'review,sentiment\n';
  for (let i = 0; i < 600; i++) text += `"${good[i % 5]} ${i}",positive\n"${bad[i % 5]} ${i}",negative\n`;
  const r2 = await upload(page, 'reviews.csv', Buffer.from(text));
  assert.ok(r2.loaded, r2.error);
  assert.equal(await page.getByTestId('column-type-0').inputValue(), 'text');
  await page.locator('#data').screenshot({ path: path.join(out, 'upload-text-preview.png') });
  await page.waitForFunction(() => !document.querySelector('[data-testid=train-button]').disabled, null, { timeout: 30_000 });
  await page.getByTestId('train-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=progress]')?.textContent.includes('finished')
    || /failed|stopped/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 120_000 });
  const acc = await page.getByTestId('test-accuracy').textContent();
  console.log(`uploaded text set, 1 epoch: ${acc}`);
  assert.match(acc, /%/);
  assert.deepEqual(errors, []);
});

test('built-in tables and image sets load with their size, classes and citation', async () => {
  const { page, errors } = await openPage();
  for (const [id, size] of [['iris', /150 rows/], ['penguins', /rows/], ['mnist-10k', /10,000 images/]]) {
    await page.getByTestId('dataset-select').selectOption(id);
    await page.waitForFunction(s => new RegExp(s).test(document.querySelector('[data-testid=dataset-size]')?.textContent ?? '')
      && !document.querySelector('[data-testid=upload-progress]'), size.source, { timeout: 60_000 });
    assert.match(await page.locator('.provenance').textContent(), /Cite/);
  }
  assert.ok(await page.getByTestId('thumbnails').count(), 'image thumbnails per class');
  await page.locator('#data').screenshot({ path: path.join(out, 'builtin-mnist.png') });
  assert.deepEqual(errors, []);
});

/** Opens the Epochs field, sets 1, trains, and returns the test metrics text. */
async function trainOneEpoch(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=train-button]').disabled, null, { timeout: 30_000 });
  const epochs = page.locator('label', { hasText: 'Epochs' }).locator('input');
  await epochs.fill('1');
  await epochs.dispatchEvent('change');
  await page.getByTestId('train-button').click();
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), null, { timeout: 180_000 });
  return page.getByTestId('test-accuracy').textContent();
}

test('images: a .zip of PNG class folders and a picked folder load, preview and train one epoch', async () => {
  const { page, errors } = await openPage();
  const images = stripeImages(300);
  const archive = zip(images.map(([cls, name, bytes]) => [`stripes/${cls}/${name}`, bytes]));
  const r = await upload(page, 'stripes.zip', archive, 'application/zip');
  assert.ok(r.loaded, r.error);
  const size = await page.getByTestId('dataset-size').textContent();
  assert.match(size, /900 images · 28×28×1 pixels · 3 classes/);
  assert.match(await page.getByTestId('class-balance').textContent(), /dots.*horizontal.*vertical/);
  assert.equal(await page.locator('[data-testid=thumbnails] canvas').count(), 12, '4 thumbnails per class');
  // Try it takes an image file for an uploaded image set (drawing is for the digit sets).
  assert.equal(await page.getByTestId('try-image').count(), 1);
  assert.equal(await page.getByTestId('draw-canvas').count(), 0);
  await page.locator('#data').screenshot({ path: path.join(out, 'upload-images-preview.png') });
  const acc = await trainOneEpoch(page);
  console.log(`uploaded image zip (${size}), 1 epoch: ${acc.replace(/\s+/g, ' ')}`);

  // 32×32 colour: the worker reads the files it holds again, at the new size.
  await page.getByTestId('image-size').selectOption('32');
  await page.waitForFunction(() => /32×32×3/.test(document.querySelector('[data-testid=dataset-size]')?.textContent ?? ''), null, { timeout: 60_000 });

  // The same images as a folder, through the folder picker (webkitRelativePath = pets/class/file).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-folder-'));
  for (const [cls, name, bytes] of images.slice(0, 30).concat(images.slice(300, 330))) {
    fs.mkdirSync(path.join(dir, 'pets', cls), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pets', cls, name), bytes);
  }
  fs.writeFileSync(path.join(dir, 'pets', 'notes.txt'), 'not in a class folder');
  fs.writeFileSync(path.join(dir, 'pets', 'vertical', 'broken.png'), 'not a png');
  await page.getByTestId('image-size').selectOption('28');
  const before = await loads(page);
  await page.getByTestId('upload-folder').setInputFiles(path.join(dir, 'pets'));
  await settled(page, 'pets', before);
  assert.equal(await page.getByTestId('upload-error').count(), 0, await page.getByTestId('upload-error').textContent().catch(() => ''));
  assert.match(await page.getByTestId('dataset-size').textContent(), /60 images · 28×28×1 pixels · two classes/);
  const notices = await page.locator('.notices').textContent();
  assert.match(notices, /did not decode: vertical\/broken.png is not a readable/);
  assert.match(notices, /1 file\(s\) outside the class folders/);
  const acc2 = await trainOneEpoch(page);
  console.log(`uploaded image folder (60 images), 1 epoch: ${acc2.replace(/\s+/g, ' ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});

test('bad image uploads, a text folder and a UTF-16 table give clear outcomes', async () => {
  const { page, errors } = await openPage();
  const [a, b] = stripeImages(1);
  const flat = await upload(page, 'flat.zip', zip([['1.png', a[2]], ['2.png', b[2]]]), 'application/zip');
  assert.match(flat.error ?? '', /no files inside folders/);
  const empty = await upload(page, 'empty-class.zip', zip([['x/cats/1.png', a[2]], ['x/dogs/1.png', Buffer.from('junk')]]), 'application/zip');
  assert.match(empty.error ?? '', /class folder `dogs` has no images that could be read/);
  const one = await upload(page, 'cat.png', a[2], 'image/png');
  assert.match(one.error ?? '', /one folder per class/);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n1,x\r\n2,y\r\n', 'utf16le')]);
  const u = await upload(page, 'excel.csv', utf16);
  assert.match(u.error ?? '', /UTF-16.*save it as UTF-8/);
  // Text: one .txt per example, a folder per class, in a .zip.
  const good = ['a wonderful film', 'great acting and a great story', 'I loved it', 'superb and moving'];
  const bad = ['a terrible film', 'awful acting and a dull story', 'I hated it', 'boring and slow'];
  const entries = [];
  for (let i = 0; i < 300; i++) {
    entries.push([`reviews/pos/${i}.txt`, Buffer.from(`${good[i % 4]} ${i}`)]);
    entries.push([`reviews/neg/${i}.txt`, Buffer.from(`${bad[i % 4]} ${i}`)]);
  }
  const t = await upload(page, 'reviews.zip', zip(entries), 'application/zip');
  assert.ok(t.loaded, t.error);
  assert.match(await page.getByTestId('dataset-size').textContent(), /600 texts · two classes/);
  assert.match(await page.getByTestId('text-examples').textContent(), /neg.*awful acting.*pos.*wonderful film/s);
  await page.locator('#data').screenshot({ path: path.join(out, 'upload-text-folders-preview.png') });
  const acc = await trainOneEpoch(page);
  console.log(`uploaded text folders, 1 epoch: ${acc.replace(/\s+/g, ' ')}`);
  await page.getByTestId('try-input').fill('I loved this wonderful film');
  await page.waitForFunction(() => /% pos/.test(document.querySelector('[data-testid=try-output]')?.textContent ?? ''), null, { timeout: 30_000 });
  console.log(`Try it on text folders: ${await page.getByTestId('try-output').textContent()}`);
  assert.deepEqual(errors, []);
});

/** Records the main thread's long tasks and every state of the upload progress bar. */
async function watch(page) {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    window.__bars = [];
    new MutationObserver(() => {
      const p = document.querySelector('progress[data-testid=upload-progress]');
      if (p) window.__bars.push({ value: p.getAttribute('value'), max: p.getAttribute('max'), label: p.nextElementSibling?.textContent });
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** A CSV of about `mb` megabytes (numbers, a category and a label), written to `file`. */
function writeCsv(file, mb) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'x1,x2,count,colour,label\n');
  const colours = ['red', 'green', 'blue', 'black'];
  let written = 0, i = 0;
  while (written < mb * 1048576) {
    let block = '';
    for (let k = 0; k < 20000; k++, i++) {
      const x1 = (i * 7919 % 10007) / 100, x2 = (i * 104729 % 1009) / 10;
      block += `${x1},${x2},${i % 50},${colours[i % 4]},${x1 + x2 > 80 ? 'yes' : 'no'}\n`;
    }
    fs.writeSync(fd, block);
    written += block.length;
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

test('a few-MB CSV shows a real progress bar while it loads', async () => {
  const { page, errors } = await openPage();
  await watch(page);
  const file = path.join(os.tmpdir(), 'kiln-6mb.csv');
  const bytes = writeCsv(file, 6);
  const t0 = Date.now();
  const before = await loads(page);
  await page.getByTestId('upload-input').setInputFiles(file);
  await settled(page, 'kiln-6mb.csv', before);
  const ms = Date.now() - t0;
  assert.equal(await page.getByTestId('upload-error').count(), 0);
  const bars = await page.evaluate(() => window.__bars);
  const determinate = bars.filter(b => Number(b.max) > 0);
  const moving = new Set(determinate.map(b => b.value)).size;
  console.log(`${(bytes / 1048576).toFixed(1)} MB CSV loaded in ${ms} ms; progress bar states: ${bars.length}, with a length: ${determinate.length}, distinct values: ${moving}; labels: ${[...new Set(bars.map(b => b.label?.replace(/[\d.]+/g, '#')))].join(' | ')}`);
  // Reading and parsing a few MB take well under a second, so the page may paint only the first
  // state: a determinate bar (with a length) must have been shown.
  assert.ok(determinate.length >= 1, 'a progress bar with a length was shown');
  console.log(`worst main-thread long task: ${Math.max(0, ...await page.evaluate(() => window.__long)).toFixed(0)} ms`);
  fs.rmSync(file);
  assert.deepEqual(errors, []);
});

test('a 100 MB CSV loads with a progress bar, the page stays responsive; over the limit a sample is offered', { skip: !process.env.KILN_BIG_CSV && 'set KILN_BIG_CSV=1' }, async () => {
  const { page, errors } = await openPage();
  await watch(page);
  const file = path.join(os.tmpdir(), 'kiln-100mb.csv');
  const bytes = writeCsv(file, 100);
  const t0 = Date.now();
  const before = await loads(page);
  await page.getByTestId('upload-input').setInputFiles(file);
  await settled(page, 'kiln-100mb.csv', before, 600_000);
  const ms = Date.now() - t0;
  const err = await page.getByTestId('upload-error').count() ? await page.getByTestId('upload-error').textContent() : null;
  assert.equal(err, null);
  const long = await page.evaluate(() => window.__long);
  const bars = await page.evaluate(() => window.__bars.filter(b => b.max).length);
  console.log(`100 MB CSV (${bytes} bytes): loaded in ${(ms / 1000).toFixed(1)} s, ${await page.getByTestId('dataset-size').textContent()}; progress updates: ${bars}; long tasks: ${long.length}, worst ${Math.max(0, ...long).toFixed(0)} ms`);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize);
  if (heap) console.log(`page JS heap after load: ${(heap / 1048576).toFixed(0)} MB`);
  fs.rmSync(file);

  const big = path.join(os.tmpdir(), 'kiln-210mb.csv');
  writeCsv(big, 210);
  await page.getByTestId('upload-input').setInputFiles(big);
  await page.getByTestId('upload-sample').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('upload-error').textContent(), /more than the 200 MB/);
  const beforeSample = await loads(page);
  await page.getByTestId('upload-sample').click();
  await settled(page, 'kiln-210mb.csv', beforeSample, 600_000);
  assert.match(await page.locator('.notices').textContent(), /only the first 50 MB of the 2\d\d MB file were read/);
  console.log(`sample of the 210 MB file: ${await page.getByTestId('dataset-size').textContent()}`);
  fs.rmSync(big);
  assert.deepEqual(errors, []);
});
