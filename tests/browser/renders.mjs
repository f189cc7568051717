// Measures re-renders per worker event: trains the review set for a few epochs on the CPU engine
// and plays teaching mode for a few seconds, then reads window.kiln.renders() (component renders
// charged to the event that caused them, see crates/kiln-web/src/renders.rs) and prints, per
// event kind, the components re-rendered per event.
// Usage: node renders.mjs [dist dir]
import path from 'node:path';
import { serve, launch } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.argv[2] || process.env.KILN_DIST || path.resolve(here, '../../dist');
const server = await serve(dist);
const browser = await launch({ webgpu: false });

function perEvent(counts, kind) {
  const n = counts[kind] || 0;
  const parts = Object.entries(counts).filter(([k]) => k.startsWith(`${kind}>`))
    .map(([k, v]) => [k.slice(kind.length + 1), v]).sort((a, b) => b[1] - a[1]);
  const total = parts.reduce((s, [, v]) => s + v, 0);
  return { events: n, renders_per_event: n ? +(total / n).toFixed(2) : null,
    components: Object.fromEntries(parts.map(([c, v]) => [c, +(v / n).toFixed(2)])) };
}

try {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]')?.disabled
    && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });
  await page.getByTestId('backend-select').selectOption('cpu');
  const set = async (label, value) => {
    const input = page.locator('label', { hasText: label }).locator('input');
    await input.fill(value); await input.dispatchEvent('change');
  };
  await set('Epochs', '3');
  await page.locator('label', { hasText: 'Sequence length' }).locator('select').selectOption('100');
  await page.getByTestId('train-button').click();
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? ''), null, { timeout: 600_000 });
  await page.waitForTimeout(500);
  const guided = await page.evaluate(() => window.kiln.renders());
  const teach = await browser.context.newPage();
  await teach.goto(`${server.url}?mode=teach&data=circle&layers=4,2&engine=cpu`);
  await teach.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0, null, { timeout: 180_000 });
  await teach.getByTestId('play-button').click();
  await teach.waitForTimeout(5000);
  await teach.getByTestId('play-button').click();
  await teach.waitForTimeout(500);
  const teaching = await teach.evaluate(() => window.kiln.renders());
  console.log(JSON.stringify({ guided: { Batch: perEvent(guided, 'Batch'), Epoch: perEvent(guided, 'Epoch') },
    teach: { Frame: perEvent(teaching, 'Frame') } }, null, 2));
} finally { await browser.close(); server.close(); }
