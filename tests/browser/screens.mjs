// Screenshots at 1280×720 for comparing two builds: the guided page once the data set and the
// engine are ready (viewport and full page), and teaching mode's first (untrained) frame.
// Usage: node screens.mjs <dist dir> <out dir>
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './harness.mjs';

const [dist, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const server = await serve(path.resolve(dist));
const browser = await launch({ webgpu: false });
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(server.url);
  await page.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]')?.disabled
    && document.querySelector('[data-testid=dataset-size]') && !document.querySelector('[data-testid=engine-loading]'),
    null, { timeout: 180_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(out, 'guided.png') });
  await page.screenshot({ path: path.join(out, 'guided-full.png'), fullPage: true });
  const teach = await browser.context.newPage();
  await teach.setViewportSize({ width: 1280, height: 720 });
  await teach.goto(`${server.url}?mode=teach`);
  await teach.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0,
    null, { timeout: 180_000 });
  await teach.waitForTimeout(500);
  await teach.screenshot({ path: path.join(out, 'teach.png') });
  await teach.screenshot({ path: path.join(out, 'teach-full.png'), fullPage: true });
  console.log(`screenshots in ${out}`);
} finally { await browser.close(); server.close(); }
