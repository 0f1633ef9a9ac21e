// End-to-end: content is data, never markup (issue #7, items 2 and 3). A sign-in
// export whose cells hold <script>, <img onerror>, <svg onload>, an <iframe>,
// javascript: URLs, right-to-left overrides and formulas is dropped, and every
// place that shows file content is visited: the overview's chart labels and
// their tooltips, the grid, the detail panel, the Users view. Nothing may run,
// nothing may be requested, the bidi controls show as visible [U+202E] marks,
// the CSV export neutralises every formula start, and the summary is valid JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, isOwnBlob, screenshot, DIST, ROOT } from './browser.mjs';
import { parseCsv } from './csv.mjs';
import { rowCount, settled, suite } from './suite.mjs';

const HOSTILE = join(ROOT, 'e2e', 'fixtures', 'hostile_everywhere.csv');
const IMG = '<img src=x onerror=window.__pwned=true>';
const RLO_METHOD = 'invoice[U+202E]fdp.exe';
const RLO_USER = 'mallory[U+202E]exe.txt@contoso.com';

const s = suite();

/// Every file the page may ask for: what dist/ holds (and the folder itself).
async function distPaths() {
  const out = new Set(['/']);
  async function walk(dir, prefix) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.add(`${prefix}${entry.name}`);
    }
  }
  await walk(DIST, '/');
  return out;
}

/// Elements or attributes that could run code or fetch something, anywhere in the page.
const DANGEROUS = 'img, iframe, object, embed, main script, [onerror], [onload], [onclick], a[href^="javascript:"], [src^="javascript:"]';

test('hostile cells stay inert text in the charts, their tooltips, the grid, the detail and the users', async () => {
  const { page, requests, done } = await s.open();
  await page.evaluate(() => { window.__pwned = false; });
  await dropFiles(page, 'main', [HOSTILE]);
  await page.locator('.overview [data-section=sign-ins]').waitFor();

  // The methods chart: labels and tooltips are the cell's characters.
  const methods = page.locator('.chart').filter({ hasText: 'How MFA was completed' });
  const labels = await methods.locator('.chart__label').allTextContents();
  assert.ok(labels.includes(IMG), `method label shown as text: ${labels}`);
  assert.ok(labels.includes(RLO_METHOD), `override shown visibly: ${labels}`);
  const button = methods.getByRole('button', { name: IMG });
  assert.equal(await button.getAttribute('title'), `Show these rows: ${IMG}`);
  await button.hover();
  await screenshot(page, 'hostile-overview');

  // The grid: the row of the <script> user, and the override isolated in its cell.
  await page.getByRole('tab', { name: 'Rows' }).click();
  await rowCount(page, '7 of 7 rows');
  await page.locator('.grid__row').nth(6).waitFor();
  await settled(page);
  const grid = await page.locator('.grid').textContent();
  for (const text of ['<script>window.__pwned=true</script>', '<svg onload=window.__pwned=true>', RLO_USER]) {
    assert.ok(grid.includes(text), `${text} is shown as text`);
  }
  assert.ok(!grid.includes('\u202e'), 'no raw override reaches the page');
  const isolation = await page.locator('.grid__cell').first().evaluate((el) => getComputedStyle(el).unicodeBidi);
  assert.equal(isolation, 'isolate');
  const cell = page.locator('.grid__cell', { hasText: RLO_USER });
  assert.equal(await cell.getAttribute('title'), RLO_USER, 'the tooltip shows the mark too');

  // The detail panel of the overridden row: every field as text.
  await page.locator('.grid__row', { hasText: RLO_USER }).click();
  const detail = page.locator('.detail');
  await detail.getByText(/^All fields/).click();
  await detail.locator('.detail__fields').waitFor();
  const fields = await detail.locator('.detail__fields dd').allTextContents();
  assert.ok(fields.includes(RLO_USER), fields.join(' | '));
  assert.ok(fields.includes('<a href="javascript:window.__pwned=true">click</a>'), fields.join(' | '));
  await page.locator('.grid__row', { hasText: '<svg onload' }).click();
  // Each row's fields start folded; folded or not, they are text.
  await detail.locator('dd', { hasText: '<iframe src="http://203.0.113.9/"></iframe>' }).waitFor({ state: 'attached' });
  await screenshot(page, 'hostile-detail');

  // The Users view lists the hostile user names as text.
  await page.getByRole('tab', { name: 'Users' }).click();
  // A line is busy until its cells have come from the worker.
  await page.locator('.users-view .grid__row:not([aria-busy])').first().waitFor();
  const users = await page.locator('.users-view .grid').textContent();
  assert.ok(users.includes('<script>window.__pwned=true</script>') && users.includes(RLO_USER), users);

  assert.equal(await page.locator(DANGEROUS).count(), 0, 'no element or handler came from the file');
  assert.equal(await page.evaluate(() => window.__pwned), false, 'nothing ran');
  const own = await distPaths();
  // The shards' start script is a Blob URL the page made: never on the wire.
  const unexpected = requests
    .filter((u) => !isOwnBlob(u, s.server.origin))
    .map((u) => new URL(u).pathname)
    .filter((p) => !own.has(p));
  assert.deepEqual(unexpected, [], 'only the page\'s own files were requested (no src=x, no iframe)');
  await done();
});

test('the CSV export neutralises every formula start and the summary is valid JSON', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [HOSTILE]);
  await page.locator('.overview [data-section=sign-ins]').waitFor();

  const [summaryDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  const summary = JSON.parse(await readFile(await summaryDownload.path(), 'utf8'));
  assert.equal(summary.schema, 'mfa-lens.summary.v1');
  assert.equal(summary.sign_ins.total, 7);

  await page.getByRole('tab', { name: 'Rows' }).click();
  await rowCount(page, '7 of 7 rows');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const rows = parseCsv(csv);
  assert.equal(rows.length, 8, 'header and seven rows');
  const cells = rows.slice(1).flat();
  const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
  assert.deepEqual(risky, [], 'no exported cell starts a formula');
  // Each one is there, behind its apostrophe, otherwise unchanged.
  for (const value of ['=1+1', '+3', '-5', '\t=2+2', '\r=4+4', '@SUM(6)']) {
    assert.ok(cells.includes(`'${value}`), `${JSON.stringify(value)} exported as '${JSON.stringify(value)}`);
  }
  // And markup is exported as the same characters (it is data).
  assert.ok(cells.includes('<script>window.__pwned=true</script>'));
  await done();
});
