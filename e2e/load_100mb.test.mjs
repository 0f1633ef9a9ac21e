// A generated 100 MB sign-in export through the release build: the page must stay
// responsive. Prints the time from picking the file to the first answer and the
// longest UI-thread block (long-task observer). Figures are printed, not
// asserted: the machines are shared and noisy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { screenshot } from './browser.mjs';
import { cli } from './cli.mjs';
import { columnOf } from './csv.mjs';
import { openFiles, suite } from './suite.mjs';

const SIZE = process.env.MFA_LENS_LOAD_SIZE ?? '100MB';
const s = suite({ temp: true });

let file;

test(`a ${SIZE} export loads in the worker without blocking the page`, async () => {
  file = join(s.temp, 'InteractiveSignIns_2024-05-01_2024-05-29.csv');
  const generated = spawnSync(cli(), ['generate', '--kind', 'sign-ins', '--size', SIZE, '--days', '28', '--out', file], {
    encoding: 'utf8',
  });
  assert.equal(generated.status, 0, generated.stderr);
  const rows = Number(/generated (\d+) rows/.exec(generated.stderr)?.[1]);
  assert.ok(rows > 0, generated.stderr);
  const bytes = (await stat(file)).size;

  const { page, done } = await s.open();
  await page.evaluate(() => {
    window.__longest = 0;
    window.__tasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__tasks += 1;
        window.__longest = Math.max(window.__longest, e.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
    // Cumulative layout shift while loading (shifts right after input excluded).
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: false });
  });
  const started = Date.now();
  await page.setInputFiles('#file-input', file);
  await openFiles(page);
  // Progress shows while the worker reads.
  await page.locator('.file__progress').waitFor();
  // The first answer: the Overview, or the Findings the page opens on when the
  // generated sign-ins hold one.
  await page.locator('.overview [data-section=sign-ins], .findings__index').first().waitFor({ timeout: 300_000 });
  const seconds = (Date.now() - started) / 1000;
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.locator('.overview [data-section=sign-ins]').waitFor();
  const { longest, tasks, cls } = await page.evaluate(() => ({ longest: window.__longest, tasks: window.__tasks, cls: window.__cls }));

  const kind = await page.locator('.file__kind').textContent();
  assert.match(kind, /^Entra sign-ins/);
  const shown = Number((await page.locator('.tile__value').first().textContent()).replace(/,/g, ''));
  assert.equal(shown, rows, 'every generated row is counted');
  // Its sign-ins were classified where they were read (each part in its
  // shard), not again by the worker that holds them.
  const classified = await page.workers()[0].evaluate(() => wasm_bindgen.classifiedInShards());
  assert.equal(classified, 1, 'the file took its classes from the shards');
  await screenshot(page, 'load-100mb-overview');
  console.log(
    `load ${SIZE}: ${(bytes / 1e6).toFixed(1)} MB, ${shown} rows, drop→first answer ${seconds.toFixed(2)} s ` +
      `(${(bytes / 1e6 / seconds).toFixed(0)} MB/s), long tasks on the UI thread: ${tasks}, longest ${longest.toFixed(0)} ms, ` +
      `layout shift ${cls.toFixed(3)}, classified in the shards: ${classified ? 'yes' : 'no'}`,
  );
  // Control: the observer does see a block when there is one, so "0" above means none.
  await page.evaluate(() => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120) {} }, 0));
  await page.waitForFunction(() => window.__longest >= 100);
  await done();
});

test('Cancel stops a file that is still loading and forgets it', async () => {
  assert.ok(file, 'the file of the test above');
  const { page, done } = await s.open();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  await page.locator('.overview').waitFor();
  await page.setInputFiles('#file-input', file);
  await openFiles(page);
  await page.locator('.file__progress').waitFor();
  await page.getByRole('button', { name: /^Cancel / }).click();
  await page.waitForFunction(() => document.querySelectorAll('.file').length === 2);
  // Only the sample remains, and its numbers are untouched once the worker has
  // dealt with the Cancel. It answers in order: once the Users list asked for
  // after the Cancel is on screen, the snapshot that followed the Cancel is too.
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.locator('.users-view .grid__row').first().waitFor();
  await page.getByRole('tab', { name: 'Overview' }).click();
  assert.equal(await page.locator('.overview [data-section=sign-ins] .tile__value').first().textContent(), '6');
  assert.equal(await page.locator('.file__progress').count(), 0);
  await done();
});

test(`Export CSV writes every row of the ${SIZE} export, in pieces, in the order shown`, async () => {
  assert.ok(file, 'the file of the first test');
  const { page, done } = await s.open();
  await page.setInputFiles('#file-input', file);
  await openFiles(page);
  await page.locator('.overview [data-section=sign-ins], .findings__index').first().waitFor({ timeout: 300_000 });
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.table-view .grid__row').first().waitFor();
  const count = await page.locator('.table-view__count').textContent();
  const first = await page.locator('.table-view .grid__row').first().locator('.grid__cell').allTextContents();
  const started = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 300_000 }),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const path = await download.path();
  const seconds = (Date.now() - started) / 1000;
  const bytes = (await stat(path)).size;
  // The worker writes 4 MiB pieces: a file this size is many of them, and
  // it must come out whole, in the grid's order, without a row lost, doubled
  // or cut at a piece's edge.
  assert.ok(bytes > 3 * 4 * 2 ** 20, `${bytes} bytes is several pieces`);
  const exported = await readFile(path, 'utf8');
  assert.ok(exported.startsWith('\uFEFF"'), 'a byte-order mark, then quoted captions');
  const original = await readFile(file, 'utf8');
  const users = columnOf(exported, 'Username');
  assert.equal(`${users.length.toLocaleString('en-US')} of ${users.length.toLocaleString('en-US')} rows`, count.split(' · ')[0]);
  assert.deepEqual(users, columnOf(original, 'Username'));
  assert.deepEqual(columnOf(exported, 'IP address'), columnOf(original, 'IP address'));
  assert.ok(first.includes(users[0]), `the grid's first row (${first}) is the file's first`);
  // The bar is gone and the button works again once the file is saved.
  await page.waitForFunction(() => !document.querySelector('.table-view__export'));
  assert.equal(await page.getByRole('button', { name: 'Export CSV' }).isEnabled(), true);
  console.log(`export ${SIZE}: ${users.length} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (${(bytes / 1e6 / seconds).toFixed(0)} MB/s)`);
  await done();
});
