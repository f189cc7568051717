import { serve, launch } from './harness.mjs';
const server = await serve(process.env.KILN_DIST || '/tmp/dist-base');
const b = await launch({ webgpu: false });
const page = await b.context.newPage();
page.on('pageerror', e => console.log('pageerror', String(e)));
await page.goto(server.url);
await page.waitForFunction(() => !document.querySelector('[data-testid=engine-loading]') && !document.querySelector('[data-testid=dataset-select]')?.disabled && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180000 });
await page.getByTestId('dataset-select').selectOption('review-sentences');
await page.getByTestId('backend-select').selectOption('cpu');
const setNumber = async (label, value) => { const i = page.locator('label', { hasText: label }).locator('input'); await i.fill(value); await i.dispatchEvent('change'); };
await setNumber('Epochs', '1');
await page.locator('label', { hasText: 'Sequence length' }).locator('select').selectOption('100');
const t0 = Date.now();
await page.getByTestId('train-button').click({ timeout: 120000 });
await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), null, { timeout: 900000 });
console.log('trained in', (Date.now() - t0) / 1000, 's');
for (const text of ['这个很好 wonderful zzzqqq', 'great food 好吃', 'qwertyuiop is bad']) {
  await page.getByTestId('try-input').fill(text);
  await page.waitForFunction(() => document.querySelector('[data-testid=word-contributions]'), null, { timeout: 60000 });
  await new Promise(r => setTimeout(r, 3000));
  const words = await page.$$eval('[data-testid=word-contributions] .word', els => els.map(e => `${e.dataset.word}:${e.dataset.oov ?? '-'}:${e.className}`));
  const status = await page.getByTestId('progress').textContent();
  console.log(text, '=>', words.join(' '), '| progress:', status);
}
await b.close(); server.close();
