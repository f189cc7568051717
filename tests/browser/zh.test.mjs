// 中文: the page in Simplified Chinese and the reference model on the Chinese review set (SnowNLP),
// segmented with jieba, in headless Chromium on the CPU engine.
// Run from tests/browser: `node --test zh.test.mjs` (after `trunk build --release`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openSite, closeSite } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });

const POSITIVE = '这家餐厅很好吃';
const NEGATIVE = '太难吃了';
const EPOCHS = '2';
// The page's headings in Chinese (crates/kiln-i18n/i18n/zh/*.ftl): the five steps, the test set in
// depth (step 4), "Open a model file" beside Deploy, and the lab (step 6).
const STEPS = ['数据', '模型', '训练', '评估', '深入分析测试集', '部署', '打开模型文件', '实验室'];

// Names that stay as they are in Chinese pages: engines, layers (Keras names), optimizers, tools,
// units and the data's class names.
const PROPER = ['Kiln', 'WebGPU', 'CPU', 'GPU', 'WebAssembly', 'burn', 'wgpu', 'SGD', 'Adam', 'AdamW', 'RMSprop',
  'ReLU', 'relu', 'sigmoid', 'softmax', 'tanh', 'gelu', 'linear', 'Dense', 'Embedding', 'GlobalAveragePooling1D',
  'Conv1D', 'Conv2D', 'MaxPool2D', 'AveragePool2D', 'Flatten', 'Dropout', 'BatchNormalization',
  'LayerNormalization', 'MultiHeadSelfAttention', 'Activation', 'None', 'jieba', 'SnowNLP', 'Keras', 'PyTorch',
  'ONNX', 'JSON', 'CSV', 'TSV', 'kiln', 'logits', 'ROC', 'AUC', 'MAE', 'RMSE', 'FedAvg', 'FedProx', 'IID',
  'int8', 'float16', 'float32', 'positive', 'negative', 'MIT', 'PyPI', 'snownlp', 'zip', 'txt', 'png', 'jpg',
  'GlobalMaxPooling1D', 'input_dim', 'output_dim', 'units', 'activation', 'epoch', 'scikit-learn', 'zero_division',
  'NaN', 'PCA'];

let server;
before(async () => ({ server } = await openSite(null)));
after(() => closeSite({ server }));

/** Opens `query` on the page, recording console errors and uncaught exceptions. */
async function open(context, query = '') {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url + query);
  return { page, errors };
}

const headings = page => page.locator('main h2').allTextContents();

/** The number field inside the label whose text has `label`. */
async function setNumber(page, label, value) {
  const input = page.locator('label', { hasText: label }).locator('input');
  await input.fill(value);
  await input.dispatchEvent('change');
}

/** The probability of the positive class the page shows for `text`, in %. */
async function percentOf(page, text) {
  await page.getByTestId('try-input').fill(text);
  await page.waitForFunction(t => document.querySelector('[data-testid=try-output]')?.dataset.text === t, text,
    { timeout: 60_000 });
  const shown = await page.getByTestId('try-output').textContent();
  return { percent: Number(shown.match(/([\d.]+)%/)[1]), shown };
}

test('the language menu switches the page to 简体中文 and back', { timeout: 300_000 }, async () => {
  const browser = await launch({ webgpu: false });
  try {
    const { page, errors } = await open(browser.context, '?lang=en');
    await page.getByTestId('lang-select').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match((await headings(page)).join(' '), /Data.*Model.*Train.*Evaluate.*Deploy/);
    await page.getByTestId('lang-select').selectOption('zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const h = (await headings(page)).map(t => t.replace(/^\d[ab]?/, ''));
    assert.deepEqual(h, STEPS);
    assert.equal((await page.getByTestId('train-button').textContent()).trim().length > 0, true);
    assert.match(await page.locator('header p').first().textContent(), /浏览器/);
    assert.match(new URL(page.url()).search, /lang=zh/, 'the address names the language');
    // Teaching mode follows the choice.
    await page.getByTestId('mode-teach').click();
    await page.getByTestId('teach').waitFor();
    const teach = await page.getByTestId('teach').textContent();
    assert.match(teach, /学习率/);
    assert.match(teach, /激活函数/);
    assert.doesNotMatch(teach, /Learning rate|Regularization|Training data/);
    await page.screenshot({ path: path.join(out, 'zh-teach.png') });
    await page.getByTestId('mode-guided').click();
    // Back to English: the same ids, English words.
    await page.getByTestId('lang-select').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match((await headings(page)).join(' '), /Data.*Model.*Train.*Evaluate.*Deploy/);
    assert.deepEqual(errors, [], 'no console errors');
  } finally { await browser.close(); }
});

test('a ?lang=zh link opens in Chinese in a fresh browser; the choice is remembered', { timeout: 300_000 }, async () => {
  const browser = await launch({ webgpu: false });
  try {
    const { page } = await open(browser.context, '?lang=zh');
    await page.getByTestId('lang-select').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.getByTestId('lang-select').inputValue(), 'zh');
    assert.deepEqual((await headings(page)).map(t => t.replace(/^\d[ab]?/, '')), STEPS);
    // A later visit without ?lang= keeps Chinese (localStorage).
    const again = await browser.context.newPage();
    await again.goto(server.url);
    await again.getByTestId('lang-select').waitFor();
    assert.equal(await again.getAttribute('html', 'lang'), 'zh-CN');
  } finally { await browser.close(); }
});

test('中文评论: jieba words, the reference model trained in the browser, Try it in Chinese', { timeout: 1_200_000 }, async () => {
  const browser = await launch({ webgpu: false });
  try {
    const { page, errors } = await open(browser.context, '?lang=zh');
    await page.getByTestId('dataset-select').selectOption('chinese-reviews');
    // The worker fetches jieba's dictionary and the reviews; the summary then counts jieba words.
    await page.waitForFunction(() => /17,355/.test(document.querySelector('[data-testid=dataset-size]')?.textContent ?? ''),
      null, { timeout: 300_000 });
    assert.match(await page.getByTestId('dataset-size').textContent(), /个句子/);
    assert.equal(await page.getByTestId('tokenizer-select').inputValue(), 'jieba');
    assert.equal(await page.getByTestId('seq-len-select').inputValue(), '200');
    const lengths = await page.getByTestId('token-lengths').textContent();
    assert.match(lengths, /jieba/, 'token lengths are counted with jieba words');
    console.log(`token lengths: ${lengths}`);
    assert.match(await page.locator('#data').textContent(), /中文网络评论/, 'the description is in Chinese');
    await page.screenshot({ path: path.join(out, 'zh-data.png'), fullPage: true });

    await page.getByTestId('backend-select').selectOption('cpu');
    await setNumber(page, '轮次', EPOCHS);
    await setNumber(page, '学习率', '0.005');
    await page.getByTestId('train-button').click({ timeout: 120_000 });
    await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''),
      null, { timeout: 900_000 });
    const metrics = await page.getByTestId('test-accuracy').textContent();
    assert.match(metrics, /测试集准确率/);
    const acc = Number(metrics.match(/([\d.]+)%/)[1]);
    assert.ok(acc > 75, `test accuracy ${acc}% on the Chinese reviews`);
    const prepared = await page.getByTestId('data-ready').textContent();
    assert.match(prepared, /已准备/);
    // The word map of the reference model's 10,000-word vocabulary, computed in the worker.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=word-map]')?.dataset.words) > 0,
      null, { timeout: 300_000 });
    console.log(`chinese-reviews word map (vocabulary ${await page.locator('label', { hasText: '词表' }).locator('input').inputValue().catch(() => '?')}): ${await page.getByTestId('word-map').getAttribute('data-words')} words, computed in the worker in ${await page.getByTestId('word-map').getAttribute('data-compute-ms')} ms`);

    const pos = await percentOf(page, POSITIVE);
    const neg = await percentOf(page, NEGATIVE);
    console.log(`chinese-reviews, ${EPOCHS} epochs: test accuracy ${acc}%; "${POSITIVE}" → ${pos.shown}; "${NEGATIVE}" → ${neg.shown}; ${prepared}`);
    assert.match(pos.shown, /正面|负面/, 'the verdict is in Chinese');
    assert.ok(pos.percent > neg.percent, `"${POSITIVE}" (${pos.percent}%) reads more positive than "${NEGATIVE}" (${neg.percent}%)`);
    assert.ok(neg.percent < 50, `"${NEGATIVE}" is negative (${neg.percent}%)`);
    await page.screenshot({ path: path.join(out, 'zh-trained.png'), fullPage: true });
    // No visible text node of the whole trained page is English, outside data content (the data
    // set's own source and citation, texts and words from the data — the word map's labels too —,
    // class and column names) and
    // proper names of the field and its tools.
    const english = await page.evaluate(names => {
      const proper = new Set(names);
      const data = '.provenance, .words, .shown-text, ol.examples, .cell-list, pre, code, table.preview, option, '
        + '[data-testid=word-map] text, [data-testid=word-map-neighbours]';
      const found = [];
      const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(data) || !el.checkVisibility?.() || el.closest('[hidden]')) continue;
        const words = (n.textContent.match(/[A-Za-z][A-Za-z0-9_-]*/g) || [])
          .filter(w => /[A-Za-z]{3,}/.test(w) && !proper.has(w) && !proper.has(w.toLowerCase()));
        if (words.length) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${n.textContent.trim().slice(0, 80)}`);
      }
      return found;
    }, PROPER);
    assert.deepEqual(english, [], 'every visible text is Chinese (outside data content and proper names)');
    assert.equal(await page.getByTestId('error').count(), 0, 'no error banner');
    assert.deepEqual(errors, [], 'no console errors');
  } finally { await browser.close(); }
});
