// End-to-end: the promise that nothing leaves the machine, and that the page
// works with the network off, from disk, and from any folder of any host.
// README.md's "Privacy" section names these tests; keep the two in step.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from './server.mjs';
import { dropFiles, isOwnBlob, screenshot, DIST, ROOT } from './browser.mjs';
import { SAMPLE_TILES, openFiles, recordRequests, selected, settled, suite, tiles, until } from './suite.mjs';
import { shellFiles, writeServiceWorker } from '../scripts/build/service_worker.mjs';

const SAMPLES = join(ROOT, 'samples');
const SIGN_INS = join(SAMPLES, 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
const AUTH_DETAILS = join(SAMPLES, 'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv');

// Each test serves the build its own way (or not at all).
const s = suite({ server: false, temp: true });
/// The files the hosted page may ask for: its shell and its service worker.
let pageFiles;

before(async () => {
  pageFiles = new Set([...(await shellFiles(DIST)), 'sw.js']);
});

/// A fresh context that records every request — the page's, its worker's and
/// its service worker's — every page error, console error, and every
/// Content-Security-Policy violation the page reports. `done()` ends the test:
/// no violation, no error.
async function openContext({ colorScheme } = {}) {
  const context = await s.context({ colorScheme });
  const { requests, loaded } = recordRequests(context);
  const errors = [];
  context.on('weberror', (e) => errors.push(String(e.error())));
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      true,
    );
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const done = async () => {
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(errors, []);
    await context.close();
  };
  return { context, page, requests, loaded, done };
}

/// Requests that were not for one of the hosted page's own files under `base`
/// (data: and same-origin blob: URLs never leave the browser).
function strayRequests(requests, base) {
  const origin = new URL(base).origin;
  return requests.filter((u) => {
    if (u.startsWith('data:') || isOwnBlob(u, origin)) return false;
    if (!u.startsWith(base)) return true;
    const rel = new URL(u).pathname.slice(new URL(base).pathname.length);
    return rel !== '' && !pageFiles.has(rel);
  });
}

/// The server's log, reduced to what was not one of the page's files under `basePath`.
function strayServerRequests(serverRequests, basePath) {
  return serverRequests.filter((u) => {
    const path = u.split('?')[0];
    if (!path.startsWith(basePath)) return true;
    const rel = path.slice(basePath.length);
    return rel !== '' && !pageFiles.has(rel);
  });
}

/// Waits until a service worker controls the page: from then on its files come
/// from the offline copy.
async function untilControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
}

/// The Overview of the sample's sign-ins, which (b) drops with the network
/// gone and (c) loads from the single file: both must count the same.
async function expectSampleOverview(page) {
  await page.locator('.overview').waitFor();
  assert.deepEqual(await tiles(page), SAMPLE_TILES);
}

/// A copy of the build under `<temp>/<name>/<nested>`, to serve or change freely.
async function copyOfDist(name, nested = '') {
  const root = join(s.temp, name);
  await cp(DIST, join(root, nested), { recursive: true });
  return root;
}

test('(a) after load, dropping files and using every view makes no request beyond the page\'s own files', async (t) => {
  const server = await serve(DIST);
  // Closed even when the test fails, or the test file never ends.
  t.after(() => server.close());
  const { page, requests, loaded, done } = await openContext();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  await untilControlled(page);
  await loaded();
  const loadedRequests = requests.length;
  const loadedServerRequests = server.requests.length;
  const shardUrls = [];
  page.on('worker', (w) => shardUrls.push(w.url()));

  await dropFiles(page, 'main', [SIGN_INS, AUTH_DETAILS]);
  await openFiles(page);
  await page.locator('.overview').waitFor();
  assert.equal((await tiles(page))['sign-ins'], '6');

  // Every view there is, including views added after this test was written.
  const tabs = page.locator('[role=tab]');
  const count = await tabs.count();
  assert.ok(count >= 4, `the page has its views (${count} tabs)`);
  for (let i = 0; i < count; i++) {
    const tab = tabs.nth(i);
    const name = (await tab.locator('.tab__label').textContent()).trim();
    await tab.click();
    await selected(page, name);
    assert.equal(await tab.getAttribute('aria-selected'), 'true', `${name} is selected`);
    const panel = page.locator('[role=tabpanel]');
    await page.waitForFunction(() => document.querySelector('[role=tabpanel]')?.textContent.trim().length > 0);
    assert.equal(await panel.getAttribute('aria-labelledby'), await tab.getAttribute('id'));
    await settled(page);
    await screenshot(page, `offline-a-view-${i}-${name.toLowerCase().replace(/\W+/g, '-')}`);
  }

  // And what each view does: a chart click, a row's detail, both downloads, a
  // user's timeline, a search of the reference.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download summary (JSON)' }).click()]);
  await page.locator('.chart').first().getByRole('button', { name: 'Denied' }).click();
  await page.locator('.grid__row').first().click();
  await page.locator('.detail .detail__verdict').waitFor();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.locator('.users-view .grid__row:not([aria-busy])').first().click();
  await page.locator('.user-detail').waitFor();
  await page.getByRole('tab', { name: 'Reference' }).click();
  await page.getByPlaceholder('Search codes and results…').fill('500121');
  await page.locator('.entry').first().waitFor();
  // Copy as KQL and Share…: the query, the redacted ZIP and the report are
  // made here, and nothing is asked of anyone.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.locator('.actions').getByRole('button', { name: 'Copy as KQL' }).click();
  await page.locator('.kql textarea').waitFor();
  await page.getByRole('button', { name: 'Share…' }).click();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a redacted copy (ZIP)' }).click()]);
  await page.locator('.share__made').waitFor();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save report (HTML)' }).click()]);
  await page.locator('.share__made', { hasText: 'redacted report' }).waitFor();

  // The shards start from a Blob URL, not a file of the page: when a worker
  // started from a file ends, Chromium asks the server for sw.js (a version
  // check, after load, on every drop), seconds later.
  assert.ok(shardUrls.length > 0, 'the files were read by shards');
  assert.deepEqual(shardUrls.filter((u) => !isOwnBlob(u, new URL(server.url).origin)), []);

  const afterLoad = requests.slice(loadedRequests);
  assert.deepEqual(strayRequests(requests, server.url), [], 'every request was for one of the page\'s own files');
  // After loading, the browser only re-reads the page's icon (on each change of
  // the URL hash), from the offline copy: the server hears nothing at all.
  assert.deepEqual(strayRequests(afterLoad, server.url), []);
  assert.deepEqual(server.requests.slice(loadedServerRequests), [], 'the server heard nothing after the page loaded');
  assert.deepEqual(strayServerRequests(server.requests, '/'), []);

  // What the browser keeps: the offline copy of the page's own files, and
  // nothing of the files read — no cookie, no web storage, no database.
  const stored = await page.evaluate(async () => {
    const cached = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) cached.push(request.url);
    }
    return {
      cached,
      cookie: document.cookie,
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      databases: (await indexedDB.databases()).map((d) => d.name),
    };
  });
  assert.deepEqual(
    stored.cached.map((u) => u.slice(server.url.length)).sort(),
    [...pageFiles].filter((f) => f !== 'sw.js').sort(),
    'the cache holds exactly the page\'s own files',
  );
  assert.deepEqual({ ...stored, cached: undefined }, { cached: undefined, cookie: '', localStorage: 0, sessionStorage: 0, databases: [] });

  await done();
});

test('(b) loaded once, the page reloads and reads files with every request failing', async (t) => {
  const server = await serve(DIST);
  // Closed even when the test fails, or the test file never ends.
  t.after(() => server.close());
  const { context, page, requests, done } = await openContext();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  await untilControlled(page);

  // The network goes away three ways: the browser is offline, every request is
  // aborted, and the server itself is gone.
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
  await server.close();
  const before = requests.length;

  await page.reload();
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  await dropFiles(page, 'main', [SIGN_INS]);
  await openFiles(page);
  await expectSampleOverview(page);
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').nth(5).waitFor();
  await screenshot(page, 'offline-b-network-off');

  // The reload asked only for the page's own files, and the offline copy answered.
  const reload = requests.slice(before);
  assert.ok(reload.some((u) => u.endsWith('.wasm')), 'the wasm was requested and served from the offline copy');
  assert.deepEqual(strayRequests(reload, server.url), []);
  await done();
});

test('(c) the single-file edition, alone in a folder and opened from file://, loads the sample and shows the overview', async (t) => {
  // Alone: nothing beside it to load, as when it is mailed or copied on a stick.
  const folder = join(s.temp, 'single');
  await cp(join(DIST, 'mfa-lens.html'), join(folder, 'mfa-lens.html'));
  // Two shards, whatever this machine's cores: they start from the same Blob URL.
  const url = pathToFileURL(join(folder, 'mfa-lens.html')).href + '?workers=2';
  const { page, requests, done } = await openContext();
  await page.goto(url);

  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  await expectSampleOverview(page);
  assert.equal(await page.locator('.file').count(), 2);
  // The grid (style attributes) and a dropped file work too.
  let shards = 0;
  page.on('worker', () => { shards += 1; });
  await dropFiles(page, 'main', [SIGN_INS]);
  await openFiles(page);
  await page.locator('.file').nth(2).waitFor();
  await until(() => shards === 2, 'two shards to start');
  await until(() => page.workers().length === 1, 'the shards to end once the file is read');
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').first().waitFor();
  await screenshot(page, 'offline-c-single-file');

  assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null, 'no service worker from disk');
  const others = requests.filter((u) => u !== url && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(others, [], 'the single file asked for nothing but itself');
  await done();
});

test('(d) the build served under a nested path works, and its service worker stays in that folder', async (t) => {
  // A parent folder served as is (python3 -m http.server, a bucket prefix, a
  // GitHub Pages project page): the page lives three folders down.
  const nested = 'some/nested/path/';
  const root = await copyOfDist('nested', nested);
  const server = await serve(root);
  // Closed even when the test fails, or the test file never ends.
  t.after(() => server.close());
  const base = `${server.origin}/${nested}`;
  const { context, page, requests, done } = await openContext();
  await page.goto(base);
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  await page.locator('.overview').waitFor();
  assert.equal((await tiles(page))['sign-ins'], '6');
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').nth(5).waitFor();

  await untilControlled(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, base);
  // Installable from there: Chromium reads the manifest without error and finds
  // nothing missing (a test browser context is always private, which alone
  // prevents installing).
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.equal(manifest.url, `${base}manifest.webmanifest`);
  assert.deepEqual(manifest.errors, []);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);

  // Offline under the nested path too.
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  // The reload kept the view (Rows) in the URL hash.
  await page.locator('.grid__row').nth(5).waitFor();
  await screenshot(page, 'offline-d-nested-path');

  assert.deepEqual(strayRequests(requests, base), []);
  assert.deepEqual(strayServerRequests(server.requests, `/${nested}`), [], 'every request stayed in the folder');
  await done();
});

test('a new deploy is offered with "A new version is available — Reload", and Reload switches to it', async (t) => {
  const root = await copyOfDist('update');
  const server = await serve(root);
  // Closed even when the test fails, or the test file never ends.
  t.after(() => server.close());
  // In the dark theme (the other tests see the light one).
  const { page, done } = await openContext({ colorScheme: 'dark' });
  // A reload by the page starts within its `controllerchange` handler, which
  // fires `beforeunload` at once; `__controlTaken` is set a task after that
  // handler has run (this listener comes first: it is added before the page's).
  await page.addInitScript(() => {
    addEventListener('beforeunload', () => { window.__sameDocument = false; });
    navigator.serviceWorker?.addEventListener('controllerchange', () => setTimeout(() => { window.__controlTaken = true; }));
  });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  await page.evaluate(() => { window.__sameDocument = true; });
  await untilControlled(page);
  // The first version taking control must not reload the page (it would drop
  // whatever was loaded).
  await page.waitForFunction(() => window.__controlTaken);
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  const banner = page.getByRole('status').filter({ hasText: 'A new version is available' });
  assert.equal(await banner.count(), 0, 'no banner on a first visit');

  // Deploy build B: a changed page, and the service worker the build writes for it.
  const index = join(root, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('<head>', '<head><meta name="mfa-lens-build" content="B" />'));
  await writeServiceWorker(root);

  await page.reload();
  await banner.waitFor();
  assert.equal(await page.locator('meta[name=mfa-lens-build]').count(), 0, 'the page still runs version A');
  await screenshot(page, 'offline-update-banner');
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => document.querySelector('meta[name=mfa-lens-build]')?.content === 'B');
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  assert.equal(await banner.count(), 0, 'the banner is gone once the new version runs');
  await done();
});
