// Shared helpers for the browser tests and the benchmark: a static server for dist/ and headless
// Chromium launched with (or without) a real WebGPU adapter (SwiftShader).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.tsv': 'text/tab-separated-values; charset=utf-8' };

/** Serves `root` on 127.0.0.1 at a free port. Returns { url, close }. */
export async function serve(root) {
  const server = http.createServer((req, res) => {
    let p = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (p.endsWith('/')) p = path.join(p, 'index.html');
    if (!p.startsWith(root) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) { res.writeHead(404); return res.end(); }
    // Revalidated caching, as a static file server does: a repeat load gets 304s (and Chromium's
    // compiled-wasm cache), so the benchmark can measure a warm page load.
    const st = fs.statSync(p);
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const headers = { 'Content-Type': TYPES[path.extname(p)] || 'application/octet-stream', 'Cache-Control': 'no-cache', ETag: etag,
      'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers); return res.end(); }
    res.writeHead(200, headers);
    fs.createReadStream(p).pipe(res);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** The dist folder the browser tests serve: $KILN_DIST, or the repository's dist/ (`trunk build --release`). */
export const DIST = process.env.KILN_DIST || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist');

/** What every test file's `before` does: serves DIST (an error saying to build it when it is missing) and,
 * unless `browserOptions` is null, launches one headless Chromium with those `launch` options.
 * Returns { server, browser }; `closeSite` takes them down. */
export async function openSite(browserOptions = { webgpu: false }) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html missing: run \`trunk build --release\` first (or set KILN_DIST)`);
  }
  const server = await serve(DIST);
  const browser = browserOptions ? await launch(browserOptions) : undefined;
  return { server, browser };
}

/** Closes what `openSite` opened (either may be missing when `before` failed half-way). */
export async function closeSite({ server, browser }) {
  await browser?.close();
  server?.close();
}

export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--enable-webgpu-developer-features'];

/** Headless Chromium; `webgpu` false leaves WebGPU without an adapter, as on unsupported machines.
 * The page keeps its session in IndexedDB and restores it on load; every page of a test starts fresh
 * (the kept session is deleted before the page's own scripts run) unless `keepSession` is true. */
export async function launch({ webgpu, keepSession = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...(webgpu ? WEBGPU_FLAGS : [])],
  });
  if (!keepSession) await context.addInitScript(() => { try { indexedDB.deleteDatabase('kiln-session'); } catch {} });
  return { context, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Records the main thread's long tasks (≥ 50 ms, the Long Tasks API) in every page of `context`,
 * from its first script on, as `window.__longTasks` = [{ start, duration }] in ms (null where the
 * browser does not report them). */
export async function recordLongTasks(context) {
  await context.addInitScript(() => {
    window.__longTasks = [];
    try {
      new PerformanceObserver(list => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch (e) { window.__longTasks = null; }
  });
}
