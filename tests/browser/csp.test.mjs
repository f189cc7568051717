// The privacy promise, enforced (issue 12, item 7): the page's Content-Security-Policy covers the
// training worker too. A second local server on another port answers any request (with CORS, so
// only the policy can stop it); from the page and from inside the worker a fetch to it is blocked,
// reported as a `connect-src` violation where it was made, and the server sees no request — while
// the worker's own same-origin fetches (its wasm, the data set's asset) still work.
//
// Why it holds on a static host that sends no headers: a meta policy governs only its document,
// and a worker loaded from a URL takes its policy from that response's headers; the page spawns
// the worker from a blob: loader (link.rs), and a worker with a local-scheme URL inherits its
// creator's policy (CSP Level 3, "initialize a global object's CSP list"). Against a dist without
// the meta policy this test fails. Run from tests/browser: `node --test csp.test.mjs`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { serve, launch } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = process.env.KILN_DIST || path.resolve(here, '../../dist');

let server;
let other;
let hits = 0;
before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ missing: run `trunk build --release` first');
  server = await serve(dist);
  other = http.createServer((req, res) => {
    hits += 1;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    res.end('answered');
  });
  await new Promise(r => other.listen(0, '127.0.0.1', r));
});
after(() => { server?.close(); other?.close(); });

/** Runs in the page or the worker: fetches `url`, returns how it ended and the violation reported
 * in that global (its `effectiveDirective` and `blockedURI`), or 'no violation' after 5 s. */
function tryFetch(url) {
  const target = typeof document === 'undefined' ? self : document;
  const violation = new Promise(resolve => {
    target.addEventListener('securitypolicyviolation', e => resolve({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      { once: true });
    setTimeout(() => resolve('no violation'), 5000);
  });
  const fetched = fetch(url).then(r => r.text()).then(t => `answered: ${t}`, e => `failed: ${e}`);
  return Promise.all([fetched, violation]).then(([result, reported]) => ({ result, reported }));
}

test('a request to another origin is blocked and reported, from the page and from the worker', { timeout: 300_000 }, async () => {
  const url = `http://127.0.0.1:${other.address().port}/kiln-csp-check`;
  // The other origin really answers: only the policy can stop the requests below.
  assert.equal(await (await fetch(url)).text(), 'answered');
  const before = hits;

  const browser = await launch({ webgpu: false });
  try {
    const page = await browser.context.newPage();
    const errors = [];
    const console = [];
    page.on('pageerror', e => errors.push(String(e)));
    page.on('console', m => console.push(m.text()));
    const spawned = page.waitForEvent('worker', { timeout: 120_000 });
    await page.goto(server.url);
    const worker = await spawned;
    assert.match(worker.url(), /^blob:/, 'the worker is spawned from a blob: loader, so it inherits the page\'s policy');
    // The worker fetched its wasm and the default data set's asset under `connect-src 'self'`.
    await page.waitForFunction(() => !document.querySelector('[data-testid=engine-loading]')
      && document.querySelector('[data-testid=dataset-size]'), null, { timeout: 180_000 });

    const fromPage = await page.evaluate(tryFetch, url);
    assert.match(fromPage.result, /^failed/, 'the page cannot reach another origin');
    assert.equal(fromPage.reported.directive, 'connect-src', 'the page reports the violation');

    const fromWorker = await worker.evaluate(tryFetch, url);
    assert.match(fromWorker.result, /^failed/, 'the worker cannot reach another origin');
    assert.deepEqual(fromWorker.reported, { directive: 'connect-src', blocked: url },
      'the worker reports the violation in its own global');
    assert.equal(hits, before, 'the other origin saw no request from the page or the worker');
    assert.ok(console.some(t => /Content Security Policy/.test(t) && t.includes(url)), `the console says so: ${console.join(' | ')}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
