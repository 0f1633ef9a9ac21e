// Not part of ./x bench: a one-off CPU profile of the page's main thread while
// a file loads, to find the longest UI-thread task. Usage: node bench/profile-load.mjs FILE...
import { serve } from '../e2e/server.mjs';
import { launch, DIST } from '../e2e/browser.mjs';
const files = process.argv.slice(2);
const server = await serve(DIST);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
await page.addInitScript(() => {
  window.__tasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask' });
});
await page.goto(server.url + '#v=overview');
await page.getByRole('button', { name: 'Try the sample' }).waitFor();
await page.waitForTimeout(500);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await page.evaluate(() => { window.__tasks = []; window.__t0 = performance.now(); });
await cdp.send('Profiler.start');
await page.setInputFiles('#file-input', files);
await page.waitForFunction(() => document.querySelector('.overview [data-section=sign-ins]') && !document.querySelector('.file__progress'), null, { timeout: 600000 });
await page.waitForTimeout(300);
const { profile } = await cdp.send('Profiler.stop');
console.log('long tasks [start since pick, ms]:', JSON.stringify(await page.evaluate(() => window.__tasks.map(([s, d]) => [Math.round(s - window.__t0), d]))));
// Self time per function.
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
});
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(1).padStart(8), 'ms', k);
await browser.close();
await server.close();
