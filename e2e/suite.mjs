// The set-up every end-to-end test file shares, and the waits they use.
//
//   const s = suite();              // before the file: serve dist/, launch Chromium
//   const p = await s.open();       // a page on it, recording requests and errors
//   ...                             // p.page, p.requests, p.errors, p.context
//   await p.done();                 // nothing left the origin, no error; closed
//
// The tests run on shared 2-core machines, often beside another build, where
// one step can take many seconds. So a test never waits for a time, and never
// reads the page once right after an action: it waits for what the page shows
// (a selector, a text, an attribute), up to WAIT. WAIT is a ceiling for a
// broken page, not a measure of speed: raising it never hides a slow page.
// MFA_LENS_E2E_SLOWDOWN=6 runs every page on a CPU 6 times slower (Chromium's
// throttling), which shows a test that reads the page too early: run the suite
// so, beside a busy machine, before trusting a new test.
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch, foreignRequests, DIST } from './browser.mjs';

export const WAIT = 60_000;
const SLOWDOWN = Number(process.env.MFA_LENS_E2E_SLOWDOWN ?? 1);

/// Registers the file's hooks. `server: false` when the file serves the build
/// its own way; `temp: true` for a scratch folder (`s.temp`), removed after.
export function suite({ server = true, temp = false } = {}) {
  const contexts = new Set();
  const s = {
    server: null,
    browser: null,
    temp: null,

    /// A fresh context (a private window) of the usual size, waiting up to WAIT.
    async context({ colorScheme = 'light', viewport = { width: 1280, height: 800 }, timezoneId } = {}) {
      const context = await s.browser.newContext({ viewport, colorScheme, timezoneId });
      context.setDefaultTimeout(WAIT);
      if (SLOWDOWN > 1) context.on('page', (page) => slowDown(context, page));
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return context;
    },

    /// The served page at `path` (a hash, a query), once it is ready for input
    /// unless `ready: false`. Records every request and every page error.
    async open(path = '', { colorScheme, viewport, timezoneId, ready = true } = {}) {
      const context = await s.context({ colorScheme, viewport, timezoneId });
      const page = await context.newPage();
      const { requests, loaded } = recordRequests(page);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(s.server.url + path);
      if (ready) await page.getByRole('button', { name: 'Try the sample' }).waitFor();
      return {
        page,
        context,
        requests,
        errors,
        loaded,
        /// Ends the test: no request left the origin and, unless the test
        /// provoked some, no error reached the page.
        async done({ expectErrors = false } = {}) {
          assert.deepEqual(foreignRequests(requests, s.server.origin), []);
          if (!expectErrors) assert.deepEqual(errors, []);
          await context.close();
        },
      };
    },
  };

  before(async () => {
    if (server) s.server = await serve(DIST);
    s.browser = await launch();
    if (temp) s.temp = await mkdtemp(join(tmpdir(), 'mfa-lens-e2e-'));
  });
  // A test that failed half-way leaves its page open, maybe still loading a
  // large file: close it so it does not slow the next test down.
  afterEach(async () => {
    await Promise.all([...contexts].map((c) => c.close().catch(() => {})));
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
    if (s.temp) await rm(s.temp, { recursive: true, force: true });
  });
  return s;
}

async function slowDown(context, page) {
  const cdp = await context.newCDPSession(page).catch(() => null);
  await cdp?.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN }).catch(() => {});
}

/// The URLs `source` (a page, or a context with its service worker) requests,
/// and `loaded()`, which waits until the page has finished starting: its
/// worker's wasm fetched and nothing in flight. The page is usable before its
/// worker has loaded, so counting requests any earlier counts the start-up.
export function recordRequests(source) {
  const requests = [];
  const inFlight = new Set();
  let workerWasm = null;
  source.on('request', (r) => {
    requests.push(r.url());
    inFlight.add(r);
    // The service worker caches the same file: that fetch is not the worker's.
    if (r.url().endsWith('-worker_bg.wasm') && !r.serviceWorker()) workerWasm = r;
  });
  source.on('requestfinished', (r) => inFlight.delete(r));
  source.on('requestfailed', (r) => inFlight.delete(r));
  const loaded = () => until(() => workerWasm && inFlight.size === 0, "the page's start-up requests");
  return { requests, loaded };
}

/// Waits until `condition()` (about what Node recorded: requests, errors) holds.
export async function until(condition, what = 'the condition') {
  const end = Date.now() + WAIT;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`waited ${WAIT / 1000} s for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/// The tab labelled `name` (exactly): its label, whatever count a badge beside
/// it says (the Findings tab's name carries its count).
export function tab(page, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exact = new RegExp('^' + escaped + '$');
  return page.getByRole('tab').filter({ has: page.locator('.tab__label', { hasText: exact }) });
}

/// The tabs' labels, in their order.
export function tabNames(page) {
  return page.locator('[role=tab] .tab__label').allTextContents();
}

/// Waits until the tab labelled `name` is the selected one. What a click
/// changes can be drawn after the click returns: Yew renders in slices of about
/// 16 ms and lets the browser run between them, so on a busy machine it does.
export function selected(page, name) {
  return tab(page, name).and(page.locator('[aria-selected=true]')).waitFor();
}

/// Presses `key` in the tab list, then waits until `name` is selected and has
/// the focus. A key pressed before the previous key's render lands is handled
/// by the tab list of the render before (a tab is skipped, or moved to twice).
export async function pressTab(page, key, name) {
  await page.keyboard.press(key);
  await tab(page, name).and(page.locator('[aria-selected=true]:focus')).waitFor();
}

/// Waits until the Rows view's count reads `text` (e.g. "1 of 6 rows"): a new
/// query keeps the previous count on screen until its result arrives.
export function rowCount(page, text) {
  return page.waitForFunction((t) => document.querySelector('.table-view__count')?.textContent.startsWith(t), text);
}

/// Waits until the view on screen shows its answer: no "Reading…" or empty
/// placeholder, and every grid row on screen holding its cells (the grid lays
/// out empty rows for the count first, and fills them when the rows arrive).
export function settled(page) {
  return page.waitForFunction(
    () =>
      !document.querySelector('[role=tabpanel] > .empty') &&
      // A part drawn a task later (the Overview's lower half), a grid line
      // waiting for its cells.
      !document.querySelector('[aria-busy=true]') &&
      [...document.querySelectorAll('.grid__row')].every((row) => [...row.children].some((cell) => cell.textContent !== '')),
  );
}

/// Opens the files panel (the header's files line) unless it is open, and
/// waits for its file list: per-file lines live there, out of the view's way.
export async function openFiles(page) {
  const button = page.locator('button.files-line');
  await button.waitFor();
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator('#files-panel .files__list').waitFor();
}

/// The sign-in tiles of the embedded sample (and of its sign-in file alone):
/// the figures several tests expect, written once.
export const SAMPLE_TILES = Object.freeze({
  'sign-ins': '6',
  'MFA required': '4',
  satisfied: '2',
  denied: '1',
  interrupted: '1',
  'users challenged': '3',
  'users who never completed': '1',
});

/// The tiles of an Overview section (or of a report's `scope`): label → value.
export async function tiles(page, scope = '.overview [data-section=sign-ins]') {
  const labels = await page.locator(`${scope} .tile__label`).allTextContents();
  const values = await page.locator(`${scope} .tile__value`).allTextContents();
  return Object.fromEntries(labels.map((l, i) => [l, values[i]]));
}
