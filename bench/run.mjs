// `./x bench`: MFA Lens in headless Chromium, side by side with Papa Parse in
// the same Chromium and with the native core, on the same generated exports.
//
// Prints markdown tables (median [min–max] of several runs) and each target as
// met or missed. Figures are printed, never asserted: the machine is shared.
// MFA Lens runs once per shard count W (the page's `?workers=W`: the workers
// its coordinator spreads the reading of the files over), W = 1, 2 and 4 by
// default, the counts interleaved run by run and their order rotated from one
// run to the next, so that a change in the machine's load, or going first,
// falls on all of them alike. Each set starts with one load of its smallest
// file, not counted: the first real load of a browser pays for compiling the
// wasm's hot code (0.8 s instead of 0.3 s on the 10 MB file, after a load of
// the page's sample).
// Settings (environment):
//   BENCH_WORKERS=1,2,4 shard counts W (each an integer ≥ 1)
//   BENCH_RUNS=3        runs per figure (per W) on the 10 MB and 100 MB exports
//   BENCH_BIG_RUNS=2    runs on the 1,000,000-row portal download
//   BENCH_QUERY_RUNS=5  runs of each filter and sort on 1,000,000 rows
//   BENCH_SETS=10MB,100MB,1M   which inputs
//   BENCH_KEEP=10MB,100MB      inputs on which the naive Papa Parse viewer (keeps rows) runs
//   BENCH_QUERY_SETS=1M        inputs on which the filters and sorts are timed
//   BENCH_QUERY_WORKERS=N      the W they are timed with, once (default: the page's
//                              own default here, navigator.hardwareConcurrency capped
//                              at 8; a W not in BENCH_WORKERS costs one more load)
//   BENCH_PAPA=0               skip Papa Parse (while working on MFA Lens itself)
//   BENCH_HEAP=0               no JS heap sampling over CDP (to rule out its own cost)
//   BENCH_SEED=20261127
// Results are also written to target/bench-data/last-run.json.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { serve } from '../e2e/server.mjs';
import { launch, foreignRequests, DIST, ROOT } from '../e2e/browser.mjs';
import { HeapSampler } from './heap.mjs';
import { report } from './report.mjs';

const env = process.env;
const RUNS = Math.max(1, Number(env.BENCH_RUNS ?? 3));
const BIG_RUNS = Math.max(1, Number(env.BENCH_BIG_RUNS ?? 2));
const QUERY_RUNS = Math.max(1, Number(env.BENCH_QUERY_RUNS ?? 5));
const SETS = (env.BENCH_SETS ?? '10MB,100MB,1M').split(',').filter(Boolean);
const KEEP = (env.BENCH_KEEP ?? '10MB,100MB').split(',').filter(Boolean);
const QUERY_SETS = (env.BENCH_QUERY_SETS ?? '1M').split(',').filter(Boolean);
const PAPA = env.BENCH_PAPA !== '0';
const WORKERS = (env.BENCH_WORKERS ?? '1,2,4').split(',').filter(Boolean).map(shardCount);
const QUERY_WORKERS = env.BENCH_QUERY_WORKERS ? shardCount(env.BENCH_QUERY_WORKERS) : null;
if (!WORKERS.length) throw new Error('BENCH_WORKERS names no shard count');
const SEED = Number(env.BENCH_SEED ?? 20261127);
const LOAD_TIMEOUT_MS = 600_000;

const log = (...a) => console.error('bench:', ...a);

function shardCount(text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`shard count ${text}: use integers ≥ 1, e.g. BENCH_WORKERS=1,2,4`);
  return n;
}

/// The W the page picks when its URL says nothing: navigator.hardwareConcurrency
/// (as this Chromium reports it) capped at 8.
async function pageDefaultWorkers(browser) {
  const context = await browser.newContext();
  const hc = await (await context.newPage()).evaluate(() => navigator.hardwareConcurrency);
  await context.close();
  return { hardwareConcurrency: hc, workers: Math.min(hc, 8) };
}

/// `promise`, or an error after `ms` (the timer does not outlive the promise).
async function within(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// --- inputs ---------------------------------------------------------------------

/// The generator's source, hashed: the cached files are reused only if the
/// generator that made them is the one in this tree.
function generatorVersion() {
  const dir = join(ROOT, 'crates', 'mfa-lens-core', 'src', 'generate');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

function cargo(args, { capture = false } = {}) {
  const r = spawnSync('cargo', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`cargo ${args.join(' ')} failed`);
  return r.stdout;
}

/// Data rows in a CSV file: line ends minus the header (the generated exports
/// have no line break inside a field).
function countRows(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 22);
  let lines = 0;
  let n;
  while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) {
    for (let i = buf.indexOf(10, 0); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines += 1;
  }
  closeSync(fd);
  return lines - 1;
}

const SET_SPECS = {
  '10MB': { label: '10 MB', args: (out) => ['--kind', 'sign-ins', '--size', '10MB', '--days', '7', '--out', join(out, 'InteractiveSignIns_2024-05-01_2024-05-08.csv')] },
  '100MB': { label: '100 MB', args: (out) => ['--kind', 'sign-ins', '--size', '100MB', '--days', '28', '--out', join(out, 'InteractiveSignIns_2024-05-01_2024-05-29.csv')] },
  // The portal caps a download at 100,000 rows: 500,000 interactive sign-ins over
  // five days are five interactive files, five auth-details files and five
  // non-interactive files — 1,000,000 sign-ins in 15 files.
  '1M': { label: '1M rows', args: (out) => ['--kind', 'portal', '--rows', '500000', '--out', out] },
};

function ensureInputs() {
  const base = join(ROOT, 'target', 'bench-data', `gen-${generatorVersion()}-seed-${SEED}`);
  const sets = [];
  for (const name of SETS) {
    const spec = SET_SPECS[name];
    if (!spec) throw new Error(`unknown set ${name}; use ${Object.keys(SET_SPECS).join(', ')}`);
    const dir = join(base, name);
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      log(`generating ${spec.label} into ${dir}`);
      mkdirSync(dir, { recursive: true });
      cargo(['run', '--release', '--quiet', '-p', 'mfa-lens-cli', '--', 'generate', '--seed', String(SEED), ...spec.args(dir)], { capture: true });
      const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort(portalOrder).map((f) => join(dir, f));
      const manifest = {
        files: files.map((f) => ({ path: f, bytes: statSync(f).size, rows: countRows(f) })),
      };
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const files = manifest.files.map((f) => f.path);
    const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
    const rows = manifest.files.reduce((s, f) => s + f.rows, 0);
    sets.push({ name, label: spec.label, files, bytes, rows, big: name === '1M' });
  }
  return sets;
}

/// Day by day, as an administrator downloads them (interactive, its auth
/// details, non-interactive), so the files' order is the same everywhere.
function portalOrder(a, b) {
  const day = (f) => /_(\d{4}-\d\d-\d\d)_/.exec(f)?.[1] ?? '';
  const kind = (f) => (f.startsWith('InteractiveSignIns_AuthDetails') ? 1 : f.startsWith('NonInteractive') ? 2 : 0);
  return day(a).localeCompare(day(b)) || kind(a) - kind(b) || a.localeCompare(b);
}

// --- native ---------------------------------------------------------------------

function native(set, runs) {
  log(`native core on ${set.label} (${runs} runs)`);
  const out = cargo(['run', '--release', '--quiet', '-p', 'mfa-lens-core', '--example', 'bench_native', '--', String(runs), ...set.files], { capture: true });
  return JSON.parse(out.trim().split('\n').pop());
}

// --- MFA Lens in Chromium -------------------------------------------------------------

async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  // Every worker the page starts, its workers' workers included, and whether it has ended.
  const started = [];
  page.on('worker', (worker) => {
    const entry = { worker, closed: false };
    worker.on('close', () => { entry.closed = true; });
    started.push(entry);
  });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('crash', () => errors.push('the page crashed'));
  // The long-task observer is in place before anything runs; the counters are
  // reset right before the files are picked, so the page's own start is not counted.
  await page.addInitScript(() => {
    window.__bench = { longest: 0, tasks: 0, picked: null };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__bench.tasks += 1;
        window.__bench.longest = Math.max(window.__bench.longest, e.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
    document.addEventListener('change', (e) => {
      if (e.target && e.target.id === 'file-input') window.__bench.picked = performance.now();
    }, true);
  });
  return { context, page, errors, requests, started };
}

async function workerReady(page) {
  for (let i = 0; i < 400; i++) {
    const w = page.workers()[0];
    if (w) {
      const bytes = await w.evaluate(() => { try { return wasm_bindgen.wasmMemoryBytes(); } catch { return 0; } }).catch(() => 0);
      if (bytes > 0) return w;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the worker did not start');
}

/// The wasm memory of each shard (every worker of the page but the coordinator)
/// still running once the load is done: exact, as linear memory never shrinks;
/// null where the worker has no `wasmMemoryBytes` to ask. Read only now, with
/// the shards idle: asking a busy worker would run between two of its wasm
/// calls, and the export calls into the same module. A shard that has ended
/// cannot be read from the page any more: it is counted, not measured.
async function shardMemory(started, coordinator) {
  const shards = started.filter((e) => e.worker !== coordinator);
  const wasm = [];
  let ended = 0;
  for (const e of shards) {
    // A worker that does not answer within 5 s (blocked, say) is not read.
    // The page ends its shards once every file is read: most have ended by now.
    const bytes = e.closed
      ? undefined
      : await within(
        e.worker.evaluate(() => { try { return wasm_bindgen.wasmMemoryBytes(); } catch { return null; } }),
        5_000,
        'no answer',
      ).catch((err) => (e.closed || /closed/.test(String(err)) ? undefined : null));
    if (bytes === undefined) ended += 1;
    else wasm.push(bytes);
  }
  return { shardCount: shards.length, shardsEnded: ended, shardWasm: wasm };
}

/// The page once through the set's smallest file, not timed: the wasm's hot
/// code compiled and in Chromium's code cache before the first timed load.
async function warmUp(browser, server, set) {
  const { context, page } = await newContext(browser);
  await page.goto(`${server.url}?workers=${WORKERS[0]}#v=overview`);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  const smallest = set.files.reduce((a, f) => (statSync(f).size < statSync(a).size ? f : a));
  await page.setInputFiles('#file-input', smallest);
  // The smallest file may hold no sign-ins (the 1M set's is an auth-details
  // file), so the wait is for the file read, not for a sign-in tile.
  await page.waitForFunction(
    () =>
      document.querySelector('.files-line__count')?.textContent === '1 file' &&
      !document.querySelector('.files-line__reading') &&
      !document.querySelector('.file__progress'),
    null,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
  await context.close();
}

async function mfaLensLoad(browser, server, set, sampler, workers, withQueries) {
  const { context, page, errors, requests, started } = await newContext(browser);
  // `#v=overview`: the view named in the URL, as a person who picked it. Without
  // it the page opens on the Findings view when the files have findings, and
  // the overview the load is timed to would never show.
  await page.goto(`${server.url}?workers=${workers}#v=overview`);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  const worker = await workerReady(page);
  // How the heap sampler tells the coordinator from its shards.
  await worker.evaluate(() => { self.__benchCoordinator = true; });
  await sampler.start(page);
  // Done when the overview counts every sign-in of every file and no file is still loading.
  await page.evaluate((expected) => {
    window.__bench.longest = 0;
    window.__bench.tasks = 0;
    window.__bench.done = new Promise((resolve) => {
      const check = () => {
        const tile = document.querySelector('.overview [data-section=sign-ins] .tile__value');
        const n = tile ? Number(tile.textContent.replace(/,/g, '')) : -1;
        if (n === expected && !document.querySelector('.file__progress')) {
          observer.disconnect();
          resolve(performance.now());
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, set.signIns);
  await page.setInputFiles('#file-input', set.files);
  const done = await within(page.evaluate(() => window.__bench.done), LOAD_TIMEOUT_MS, `${set.label}: no overview`);
  const { picked, longest, tasks } = await page.evaluate(() => window.__bench);
  const heaps = await sampler.stop();
  const workerWasm = await worker.evaluate(() => wasm_bindgen.wasmMemoryBytes());
  const pageWasm = await page.evaluate(() => window.wasmBindings.wasmMemoryBytes());
  const shards = await shardMemory(started, worker);
  const result = { workers, ms: done - picked, longest, tasks, workerWasm, pageWasm, ...shards, ...heaps };
  if (withQueries) result.queries = await queries(page);
  result.errors = errors;
  result.foreign = foreignRequests(requests, server.origin);
  await context.close();
  return result;
}

// --- filters and sorts through the page ----------------------------------------------

/// Does one thing a person does in the Rows view and times it, in the page, from
/// the event to the table showing the new result's rows (a frame after the DOM
/// has them). Also reads the worker's own time from the row count line.
async function act(page, action) {
  return page.evaluate(async ({ kind, arg }) => {
    const view = document.querySelector('.table-view');
    const firstRow = () => document.querySelector('.grid__row')?.textContent ?? null;
    const before = firstRow();
    let cleared = false;
    let observer;
    const shown = new Promise((resolve) => {
      observer = new MutationObserver(() => {
        const now = firstRow();
        // A new query first empties the window (rows without text), then fills it.
        if (now === '') cleared = true;
        else if (now !== null && (cleared || now !== before)) resolve(performance.now());
      });
      observer.observe(view, { subtree: true, childList: true, characterData: true });
    });
    const started = performance.now();
    if (kind === 'search') {
      const input = view.querySelector('.toolbar__search input');
      input.value = arg;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (kind === 'sort') {
      const button = [...view.querySelectorAll('.grid__sort')].find((b) => b.title === `Sort by ${arg}`);
      if (!button) throw new Error(`no column ${arg} to sort by`);
      button.click();
    } else if (kind === 'value' || kind === 'chip') {
      const selector = kind === 'value' ? '.value-list .value' : '.chip__remove';
      const button = [...view.querySelectorAll(selector)].find((b) => (kind === 'value' ? b.firstChild.textContent === arg : b.getAttribute('aria-label') === arg));
      if (!button) throw new Error(`no ${kind} ${arg}`);
      button.click();
    }
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${kind} ${arg}: the table did not change`)), 60_000);
    });
    try {
      await Promise.race([shown, timeout]);
    } finally {
      observer.disconnect();
      clearTimeout(timer);
    }
    await new Promise((r) => requestAnimationFrame(() => r()));
    const ms = performance.now() - started;
    const count = view.querySelector('.table-view__count').textContent;
    const worker = Number(/in (\d+) ms/.exec(count)?.[1]);
    return { ms, worker, count: count.replace(/ ·.*/, '') };
  }, action);
}

/// Picks a column in "Filter by column…" and waits for its value list.
async function pickFilterColumn(page, caption, value) {
  await page.evaluate((caption) => {
    const select = [...document.querySelectorAll('.table-view select')].find((s) => s.options[0]?.textContent === 'Filter by column…');
    select.selectedIndex = 0;
    select.selectedIndex = [...select.options].findIndex((o) => o.textContent === caption);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, caption);
  await page.locator('.value-list .value', { hasText: value }).first().waitFor({ timeout: 60_000 });
}

async function queries(page) {
  log('  filters and sorts in the Rows view');
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('.grid__row')?.textContent);
  const out = { search: [], value: [], 'date-sort': [], 'user-sort': [] };
  for (let i = 0; i < QUERY_RUNS; i++) {
    out.search.push(await act(page, { kind: 'search', arg: 'declined' }));
    await act(page, { kind: 'search', arg: '' });
  }
  for (let i = 0; i < QUERY_RUNS; i++) {
    await pickFilterColumn(page, 'Status', 'Failure');
    out.value.push(await act(page, { kind: 'value', arg: 'Failure' }));
    await act(page, { kind: 'chip', arg: 'Remove filter Status is Failure' });
  }
  // Each click sorts again, alternately ascending and descending.
  for (let i = 0; i < QUERY_RUNS; i++) out['date-sort'].push(await act(page, { kind: 'sort', arg: 'Date (UTC)' }));
  for (let i = 0; i < QUERY_RUNS; i++) out['user-sort'].push(await act(page, { kind: 'sort', arg: 'Username' }));
  return out;
}

// --- Papa Parse in the same Chromium ------------------------------------------------------

async function papa(browser, server, set, mode, sampler) {
  const { context, page, errors } = await newContext(browser);
  await page.goto(`${server.origin}/bench/papa/index.html`);
  await page.waitForFunction(() => typeof window.papaRun === 'function' && typeof window.Papa === 'object');
  await page.setInputFiles('#file-input', set.files);
  await sampler.start(page);
  await page.evaluate(() => { window.__bench.longest = 0; window.__bench.tasks = 0; });
  let result;
  try {
    const run = mode === 'read' ? page.evaluate(() => window.readOnly()) : page.evaluate((mode) => window.papaRun(mode), mode);
    result = await within(run, LOAD_TIMEOUT_MS, 'timeout');
  } catch (e) {
    await sampler.stop().catch(() => {});
    await context.close().catch(() => {});
    return { failed: errors.includes('the page crashed') ? 'the page crashed' : String(e.message ?? e).split('\n')[0] };
  }
  const { longest } = await page.evaluate(() => window.__bench);
  const heaps = await sampler.stop();
  await context.close();
  return { ...result, longest, ...heaps };
}

// --- the run -------------------------------------------------------------------------------

function machine() {
  const chromium = spawnSync(env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ram_gb: Math.round(totalmem() / 2 ** 30),
    chromium,
    node: process.version,
    load_before: loadavg().map((l) => l.toFixed(2)).join(' '),
    runs: RUNS,
    big_runs: BIG_RUNS,
    query_runs: QUERY_RUNS,
  };
}

async function main() {
  if (process.argv.includes('--report')) {
    // Print the tables of the last run again (after a change to the report).
    const { info, sets } = JSON.parse(readFileSync(join(ROOT, 'target', 'bench-data', 'last-run.json'), 'utf8'));
    console.log(report(info, sets));
    return;
  }
  const info = machine();
  const sets = ensureInputs();
  for (const set of sets) {
    set.native = native(set, set.big ? BIG_RUNS : RUNS);
    set.signIns = set.native.sign_ins;
  }
  const server = await serve(DIST, { mounts: { '/bench/': join(ROOT, 'bench'), '/papaparse/': join(ROOT, 'node_modules', 'papaparse') } });
  const browser = await launch();
  const sampler = new HeapSampler(browser);
  await sampler.init();
  try {
    const byDefault = await pageDefaultWorkers(browser);
    info.hardware_concurrency = byDefault.hardwareConcurrency;
    info.page_default_workers = byDefault.workers;
    info.workers = WORKERS;
    info.query_workers = QUERY_WORKERS ?? byDefault.workers;
    for (const set of sets) {
      const runs = set.big ? BIG_RUNS : RUNS;
      const timed = QUERY_SETS.includes(set.name);
      set.lens = [];
      log(`warming up on ${set.label}'s smallest file`);
      await warmUp(browser, server, set);
      for (let i = 0; i < runs; i++) {
        for (const w of WORKERS.map((_, k) => WORKERS[(k + i) % WORKERS.length])) {
          log(`MFA Lens, ${set.label}, W = ${w}, run ${i + 1}/${runs}`);
          set.lens.push(await mfaLensLoad(browser, server, set, sampler, w, timed && i === 0 && w === info.query_workers));
        }
      }
      if (timed && !WORKERS.includes(info.query_workers)) {
        // One more load for the filters and sorts, not counted among the W's runs.
        log(`MFA Lens, ${set.label}, W = ${info.query_workers}, for the filters and sorts`);
        set.lens.push({ ...(await mfaLensLoad(browser, server, set, sampler, info.query_workers, true)), extra: true });
      }
      set.papa = {};
      for (const mode of PAPA ? ['read', 'main', 'worker', 'keep'] : ['read']) {
        if (mode === 'keep' && !KEEP.includes(set.name)) continue;
        const n = mode === 'keep' ? 1 : runs;
        set.papa[mode] = [];
        for (let i = 0; i < n; i++) {
          log(`${mode === 'read' ? 'reading alone' : `Papa Parse (${mode})`}, ${set.label}, run ${i + 1}/${n}`);
          set.papa[mode].push(await papa(browser, server, set, mode, sampler));
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  info.load_after = loadavg().map((l) => l.toFixed(2)).join(' ');
  const dir = join(ROOT, 'target', 'bench-data');
  writeFileSync(join(dir, 'last-run.json'), JSON.stringify({ info, sets }, null, 1));
  console.log(report(info, sets));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
