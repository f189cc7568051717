// Bring your own data, in headless Chromium: every hostile file of shared/cases gets the outcome
// its EXPECTED.md line states (a clear message, or a correct parse shown in the preview), nothing
// executes, the session keeps working; then a numeric CSV and a text CSV are uploaded, previewed
// and trained one epoch each; built-in tables and image sets load with their provenance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const cases = process.env.KILN_CASES || path.resolve(here, '../../../shared/cases');
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
before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ missing: run `trunk build --release` first');
  server = await serve(dist);
  browser = await launch({ webgpu: false });
});
after(async () => { await browser?.close(); server?.close(); });

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

/** Uploads a file; resolves to { error } or { loaded } once the worker has answered. */
async function upload(page, name, buffer) {
  await page.getByTestId('upload-input').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.waitForFunction(n => {
    const err = document.querySelector('[data-testid=upload-error]');
    const sel = document.querySelector('[data-testid=dataset-select]');
    return !document.querySelector('[data-testid=upload-progress]') && (err || sel?.value === `upload:${n}`);
  }, name, { timeout: 60_000 });
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

test('a numeric CSV and a text CSV: preview, train one epoch each, metrics shown', async () => {
  const { page, errors } = await openPage();
  // A table: two numeric columns and a category, label by a rule the model can learn.
  let csv = 'width,height,colour,label\r\n';
  for (let i = 0; i < 300; i++) {
    const w = (i * 37 % 100) / 10, h = (i * 53 % 100) / 10, c = ['red', 'green', 'blue'][i % 3];
    csv += `${w},${h},${c},${w + h > 10 ? 'big' : 'small'}\r\n`;
  }
  const r = await upload(page, 'shapes.csv', Buffer.from(csv));
  assert.ok(r.loaded, r.error);
  assert.equal(await page.getByTestId('column-type-2').textContent(), 'categorical');
  assert.equal(await page.getByTestId('target-select').inputValue(), 'label');
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
  for (let i = 0; i < 120; i++) text += `"${good[i % 5]} ${i}",positive\n"${bad[i % 5]} ${i}",negative\n`;
  const r2 = await upload(page, 'reviews.csv', Buffer.from(text));
  assert.ok(r2.loaded, r2.error);
  assert.equal(await page.getByTestId('column-type-0').textContent(), 'text');
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
