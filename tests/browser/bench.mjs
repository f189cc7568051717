// Benchmark: Kiln (window.kiln.bench) and the TensorFlow.js peer (window.runBench) in the SAME
// headless Chromium (software WebGPU via SwiftShader), one JSON line per run, then a summary.
// Usage: node bench.mjs <dist dir> <peer-tfjs dir> [workload=sentiment-seed] [epochs=2] [repeats=1]
//        KILN_BACKENDS=webgpu,cpu PEER_BACKENDS=webgpu,webgl,wasm,cpu
import { serve, launch } from './harness.mjs';

const [dist, peerDir, workload = 'sentiment-seed', epochsArg = '2', repeatsArg = '1'] = process.argv.slice(2);
const epochs = Number(epochsArg), repeats = Number(repeatsArg);
const kilnBackends = (process.env.KILN_BACKENDS || 'webgpu,cpu').split(',');
const peerBackends = (process.env.PEER_BACKENDS || 'webgpu,webgl,wasm,cpu').split(',');
const limitMs = Number(process.env.RUN_TIMEOUT_S || 600) * 1000;

const kiln = await serve(dist);
const peer = await serve(peerDir);
const browser = await launch({ webgpu: true });
const results = [];
const withTimeout = p => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`no result within ${limitMs / 1000} s`)), limitMs))]);

async function one(label, url, fn, args) {
  const page = await browser.context.newPage();
  try {
    await page.goto(url);
    const r = await withTimeout(page.evaluate(fn, args));
    const line = { impl: label, ...r };
    console.log(JSON.stringify(line));
    results.push(line);
  } catch (e) {
    const line = { impl: label, backend: args.backend ?? args[0], workload, error: String(e.message || e).split('\n')[0].slice(0, 300) };
    console.log(JSON.stringify(line));
    results.push(line);
  } finally { await page.close().catch(() => {}); }
}

for (let i = 0; i < repeats; i++) {
  for (const backend of kilnBackends) {
    await one('kiln', kiln.url, async o => {
      while (!window.kiln) await new Promise(r => setTimeout(r, 50));
      return window.kiln.bench(o);
    }, { workload, backend, epochs });
  }
  for (const backend of peerBackends) {
    await one('tfjs', `${peer.url}bench.html`, ([b, w, e]) => window.runBench(b, w, e), [backend, workload, epochs]);
  }
}
// Teaching mode: frames per second of the decision-boundary / neuron heatmaps while training
// (the playground-mlp network on the circle set, CPU engine), counted from the canvas's data-frames.
let fps = null;
if (workload === 'playground-mlp') {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${kiln.url}?mode=teach&data=circle&layers=4,2&act=tanh&opt=sgd&lr=0.03&batch=10&engine=cpu`);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=boundary]')?.dataset.frames) > 0, null, { timeout: 120_000 });
    await page.getByTestId('play-button').click();
    await page.waitForTimeout(1000);
    const read = async () => ({ f: Number(await page.getByTestId('boundary').getAttribute('data-frames')), e: Number(await page.getByTestId('epoch').textContent()), t: Date.now() });
    const a = await read();
    await page.waitForTimeout(10_000);
    const b = await read();
    fps = { fps: (b.f - a.f) / ((b.t - a.t) / 1000), epochs_per_s: (b.e - a.e) / ((b.t - a.t) / 1000) };
    console.log(JSON.stringify({ impl: 'kiln', teach: 'circle 2-4-2-1 tanh, SGD 0.03, batch 10', ...fps }));
  } catch (e) {
    console.log(JSON.stringify({ impl: 'kiln', teach: 'fps', error: String(e.message || e).split('\n')[0] }));
  } finally { await page.close().catch(() => {}); }
}
await browser.close(); kiln.close(); peer.close();

const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
console.log(`\n${workload}: samples/s, median of ${repeats} run(s), ${epochs} measured epoch(s) after 1 warm-up, same browser`);
const keys = [...new Set(results.map(r => `${r.impl} ${r.backend}`))];
for (const k of keys) {
  const rs = results.filter(r => `${r.impl} ${r.backend}` === k);
  const ok = rs.filter(r => r.samples_per_s);
  const steps = ok.length && ok[0].steps_per_s ? `   ${median(ok.map(r => r.steps_per_s)).toFixed(1).padStart(8)} steps/s` : '';
  console.log(`  ${k.padEnd(14)} ${ok.length ? median(ok.map(r => r.samples_per_s)).toFixed(1).padStart(10) + steps : 'failed: ' + rs[0].error}`);
}
if (fps) console.log(`  teaching-mode heatmaps: ${fps.fps.toFixed(1)} frames/s while training at ${fps.epochs_per_s.toFixed(1)} epochs/s`);
