// Profiles the training worker with Chrome's sampling profiler (DevTools protocol) while it runs a
// benchmark workload, and prints where the time goes: self time per function and the inclusive
// time of the functions that matter (burn ops, the optimizer, autodiff). Needs a build whose
// worker .wasm keeps its function names (scripts/profile.sh makes one).
// Usage: node profile.mjs <dist dir> [workload=sentiment-seed] [epochs=3] [backend=cpu]
//   TOP=40 rows; OUT=<file> also writes the raw .cpuprofile (opens in DevTools' Performance panel).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './harness.mjs';

const [dist, workload = 'sentiment-seed', epochsArg = '3', backend = 'cpu'] = process.argv.slice(2);
const top = Number(process.env.TOP || 40);
const site = await serve(dist);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const cdp = await browser.newBrowserCDPSession();
const page = await (await browser.newContext()).newPage();
await page.goto(site.url);
await page.waitForFunction(() => window.kiln && performance.getEntriesByName('kiln-worker-ready').length, null, { timeout: 120_000 });

// The worker is its own target: attach to it and speak the protocol through sendMessageToTarget.
const { targetInfos } = await cdp.send('Target.getTargets');
const worker = targetInfos.find(t => t.type === 'worker' || t.type === 'dedicated_worker');
if (!worker) throw new Error(`no worker target among ${targetInfos.map(t => t.type).join(', ')}`);
const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
let nextId = 1;
const waiting = new Map();
cdp.on('Target.receivedMessageFromTarget', ({ sessionId: s, message }) => {
  if (s !== sessionId) return;
  const m = JSON.parse(message);
  if (m.id && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); }
});
const send = (method, params = {}) => new Promise((resolve, reject) => {
  const id = nextId++;
  waiting.set(id, m => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
  cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
});
await send('Profiler.enable');
await send('Profiler.setSamplingInterval', { interval: 200 }); // µs
await send('Profiler.start');
const result = await page.evaluate(o => window.kiln.bench(o), { workload, backend, epochs: Number(epochsArg) });
const { profile } = await send('Profiler.stop');
await browser.close(); site.close();
if (process.env.OUT) fs.writeFileSync(process.env.OUT, JSON.stringify(profile));

// Self time per node from the samples; inclusive time by walking up the parents.
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
}
const clean = n => {
  const f = n.callFrame.functionName || `(anonymous ${path.basename(n.callFrame.url || '')})`;
  // Shorten Rust's demangled paths: keep the last two segments and drop hashes and generics.
  return f.replace(/::h[0-9a-f]{16}$/, '').replace(/<[^<>]*>/g, '').replace(/<[^<>]*>/g, '').split('::').slice(-3).join('::');
};
const self = new Map(), incl = new Map();
let total = 0, idle = 0;
for (const [id, t] of dt) {
  const n = byId.get(id);
  const name = clean(n);
  if (name === '(idle)' || name === '(program)') idle += t;
  total += t;
  self.set(name, (self.get(name) || 0) + t);
  const seen = new Set();
  for (let cur = id; cur != null; cur = parent.get(cur)) {
    const nm = clean(byId.get(cur));
    if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) || 0) + t); }
  }
}
const busy = total - idle;
const pct = t => `${(100 * t / busy).toFixed(1).padStart(5)} %`;
console.log(JSON.stringify(result));
console.log(`\nworker profile: ${(busy / 1e3).toFixed(0)} ms busy of ${(total / 1e3).toFixed(0)} ms sampled (${workload}, ${backend})`);
console.log('\nself time (share of busy time):');
for (const [k, t] of [...self].filter(([k]) => k !== '(idle)' && k !== '(program)').sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${k}`);
const pick = process.env.INCLUDE ? new RegExp(process.env.INCLUDE) :
  /step$|forward$|backward$|from_grads|optim|embedding|masked_mean|matmul|select|binary_op|sum_dim|Adam|update|gather|linear|relu|sigmoid|cross_entropy|into_data|from_data|malloc|free|memcpy|memset/i;
console.log('\ninclusive time of selected functions:');
for (const [k, t] of [...incl].filter(([k]) => pick.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${k}`);
