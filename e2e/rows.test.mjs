// End-to-end: the Rows view — charts that filter, chips, sorting, the detail
// panel, the CSV export and the URL hash — against the release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { rowCount, selected, settled, suite } from './suite.mjs';

const SAMPLES = join(ROOT, 'samples');
const SIGN_INS = join(SAMPLES, 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
const AUTH_DETAILS = join(SAMPLES, 'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv');
const HOSTILE = join(ROOT, 'e2e', 'fixtures', 'hostile_cells.csv');

const s = suite();

async function loadSample(page) {
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.locator('.chart--timeline').waitFor();
}

const cells = (page, col) => page.locator('.grid__row').locator(`.grid__cell >> nth=${col}`).allTextContents();

test('clicking a chart bar filters the rows; the chip removes the filter; the detail explains the row', async () => {
  const { page, done } = await s.open();
  await loadSample(page);

  await page.locator('.chart').first().getByRole('button', { name: 'Denied' }).click();
  await selected(page, 'Rows');
  assert.equal(await page.getByRole('tab', { name: 'Rows' }).getAttribute('aria-selected'), 'true');
  await rowCount(page, '1 of 6 rows');
  await page.locator('.grid__row').first().waitFor();
  assert.deepEqual(await page.locator('.chip span').allTextContents(), ['Outcome is denied']);
  assert.match(await page.locator('.table-view__count').textContent(), /^1 of 6 rows/);
  assert.equal(await page.locator('.grid__row').count(), 1);

  await page.locator('.grid__row').first().click();
  const detail = page.locator('.detail');
  await detail.locator('.detail__verdict').waitFor();
  // The verdict first, in words (never an id); then each reason once.
  assert.equal(await detail.locator('.detail__outcome').textContent(), 'Denied');
  assert.equal(await detail.locator('.detail__required').textContent(), 'MFA required');
  assert.equal(await detail.getByText('user declined the authentication', { exact: true }).count(), 1);
  assert.match(await detail.textContent(), /Next step: /);
  // The auth-details steps of this sign-in, in order.
  assert.deepEqual(await detail.locator('.detail__steps li').count(), 2);
  await screenshot(page, 'rows-filtered-detail');

  // The same user's other sign-ins.
  await detail.getByRole('button', { name: 'All rows of carol.diaz@contoso.com' }).click();
  await page.locator('.chip').nth(1).waitFor();
  assert.deepEqual(await page.locator('.chip span').allTextContents(), ['Outcome is denied', 'User is carol.diaz@contoso.com']);

  // Removing the chips brings every row back.
  await page.getByRole('button', { name: 'Remove filter Outcome is denied' }).click();
  await page.getByRole('button', { name: /Remove filter User is/ }).click();
  await rowCount(page, '6 of 6 rows');
  await page.locator('.grid__row').nth(5).waitFor();
  assert.match(await page.locator('.table-view__count').textContent(), /^6 of 6 rows/);

  await done();
});

test('sorting by a column header orders the rows, and again reverses them', async () => {
  const { page, done } = await s.open();
  await loadSample(page);
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').nth(5).waitFor();
  const users = async () => (await page.locator('.grid__row').evaluateAll((rows) => rows.map((r) => r.children[1].textContent)));
  await page.getByRole('button', { name: 'Username' }).click();
  await page.waitForFunction(() => document.querySelector('[role=columnheader][aria-sort=ascending]'));
  await page.locator('.grid__row').nth(5).waitFor();
  await settled(page);
  const asc = await users();
  assert.deepEqual(asc, [...asc].sort());
  await page.getByRole('button', { name: /Username/ }).click();
  await page.waitForFunction(() => document.querySelector('[role=columnheader][aria-sort=descending]'));
  await page.locator('.grid__row').nth(5).waitFor();
  await settled(page);
  assert.deepEqual(await users(), [...asc].reverse());
  await done();
});

test('the URL hash keeps the view and the filters, never data, and restores them after a reload', async () => {
  const { page, done } = await s.open();
  await loadSample(page);
  await page.locator('.chart').first().getByRole('button', { name: 'Interrupted' }).click();
  await page.locator('.grid__row').first().waitFor();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v=rows&q=/);
  assert.ok(!decodeURIComponent(hash).includes('contoso'), 'no data in the URL');

  await page.reload();
  // Until the files are dropped again the link keeps its query, even across reloads.
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), hash);
  await page.reload();
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), hash);
  await dropFiles(page, 'main', [SIGN_INS, AUTH_DETAILS]);
  await rowCount(page, '1 of 6 rows');
  await page.locator('.grid__row').first().waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Rows' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(await page.locator('.chip span').allTextContents(), ['Outcome is interrupted']);
  assert.match(await page.locator('.table-view__count').textContent(), /^1 of 6 rows/);
  await done();
});

test('hostile cells render as inert text and the CSV export neutralises formulas', async () => {
  const { page, done } = await s.open();
  await page.evaluate(() => { window.__pwned = false; });
  await dropFiles(page, 'main', [HOSTILE]);
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').nth(3).waitFor();
  await rowCount(page, '4 of 4 rows');
  await settled(page);
  const text = (await page.locator('.grid').textContent());
  assert.ok(text.includes('<img src=x onerror=window.__pwned=true>'), 'markup shown as text');
  assert.equal(await page.locator('.grid img, .grid script').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), false);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'mfa-lens-rows.csv');
  const csv = await readFile(await download.path(), 'utf8');
  for (const dangerous of ['=HYPERLINK', '+SUM', '-2+3', '@cmd']) {
    assert.ok(csv.includes(`'${dangerous}`), `${dangerous} is neutralised in ${csv}`);
    assert.ok(!new RegExp(`(^|,|")${dangerous.replace(/[+]/g, '\\+')}`, 'm').test(csv), `${dangerous} never starts a cell`);
  }
  await screenshot(page, 'rows-hostile-cells');
  await done();
});

test('the Users view lists each user, sorts, flags, and shows a user\'s timeline and sign-ins', async () => {
  const { page, done } = await s.open();
  await loadSample(page);
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.locator('.users-view .grid__row').nth(4).waitFor();
  assert.equal(await page.locator('.users-view .table-view__count').textContent(), '5 users');

  await page.getByRole('button', { name: 'Denied' }).click();
  await page.waitForFunction(() => document.querySelector('.users-view [aria-sort=descending]')?.textContent.startsWith('Denied'));
  await page.waitForFunction(() => document.querySelector('.users-view .grid__row .grid__cell')?.textContent === 'carol.diaz@contoso.com');

  await page.getByLabel('never completed MFA').check();
  await page.waitForFunction(() => document.querySelector('.users-view .table-view__count')?.textContent === '1 user');
  await page.locator('.users-view .grid__row').first().click();
  await page.locator('.user-detail .chart--timeline').waitFor();
  await screenshot(page, 'users-view');
  await page.getByRole('button', { name: "Show this user's sign-ins" }).click();
  await selected(page, 'Rows');
  assert.equal(await page.getByRole('tab', { name: 'Rows' }).getAttribute('aria-selected'), 'true');
  await page.locator('.grid__row').first().waitFor();
  assert.deepEqual(await page.locator('.chip span').allTextContents(), ['User is carol.diaz@contoso.com']);
  await done();
});

test('a date range keeps the rows of those days only', async () => {
  const { page, done } = await s.open();
  await loadSample(page);
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').nth(5).waitFor();
  await page.getByLabel('From', { exact: true }).fill('2024-05-02');
  await page.getByLabel('to', { exact: true }).fill('2024-05-02');
  await page.getByRole('button', { name: 'Apply dates' }).click();
  await rowCount(page, '0 of 6');
  assert.equal(await page.locator('.grid__status').textContent(), 'No rows match.');
  await page.getByLabel('From', { exact: true }).fill('2024-05-01');
  await page.getByLabel('to', { exact: true }).fill('2024-05-01');
  await page.getByRole('button', { name: 'Apply dates' }).click();
  await rowCount(page, '6 of 6');
  assert.deepEqual(await page.locator('.chip span').allTextContents(), ['Date from 2024-05-01 00:00 to 2024-05-02 00:00']);
  await done();
});

test('the methods chart filters the rows by method', async () => {
  const { page, done } = await s.open();
  await loadSample(page);
  await page.getByRole('button', { name: 'Mobile app notification' }).click();
  // "How MFA was completed" counts completions: the satisfied sign-in, not
  // the declined one that names the same method.
  await rowCount(page, '1 of 6 rows');
  await page.locator('.grid__row').first().waitFor();
  assert.match(await page.locator('.table-view__count').textContent(), /^1 of 6 rows/);
  const chips = await page.locator('.chip span').allTextContents();
  assert.ok(chips.some((c) => / is Mobile app notification$/.test(c)), chips.join(' | '));
  await done();
});

test('search, a column value list, a contains filter and the column chooser', async () => {
  const { page, done } = await s.open();
  await loadSample(page);
  await page.getByRole('tab', { name: 'Rows' }).click();
  await page.locator('.grid__row').nth(5).waitFor();

  // Global search over every column.
  await page.getByPlaceholder('Search all columns…').fill('lisbon');
  await page.getByPlaceholder('Search all columns…').press('Enter');
  await rowCount(page, '2 of 6');
  await page.getByPlaceholder('Search all columns…').fill('');
  await page.getByPlaceholder('Search all columns…').press('Enter');
  await rowCount(page, '6 of 6');

  // A low-cardinality column offers its values with counts.
  await page.getByLabel('Filter by column').selectOption({ label: 'Status' });
  await page.locator('.value-list .value').first().waitFor();
  const values = await page.locator('.value-list .value').allTextContents();
  assert.ok(values.includes('Failure 3'), values.join(' | '));
  await page.locator('.value-list .value', { hasText: 'Failure' }).click();
  await rowCount(page, '3 of 6');
  assert.deepEqual(await page.locator('.chip span').allTextContents(), ['Status is Failure']);

  // A column with many distinct values gets a contains box.
  await page.getByLabel('Filter by column').selectOption({ label: 'Request ID' });
  await page.getByPlaceholder('contains… (Enter)').fill('74e597a5');
  await page.getByPlaceholder('contains… (Enter)').press('Enter');
  await rowCount(page, '1 of 6');

  // The column chooser adds a column to the grid.
  const before = await page.locator('[role=columnheader]').count();
  await page.locator('.chooser summary').click();
  await page.locator('.chooser__list').waitFor();
  await page.locator('.chooser__item', { hasText: 'Correlation ID' }).locator('input').check();
  await page.waitForFunction((n) => document.querySelectorAll('[role=columnheader]').length === n + 1, before);
  assert.ok((await page.locator('[role=columnheader]').allTextContents()).includes('Correlation ID'));
  await done();
});
