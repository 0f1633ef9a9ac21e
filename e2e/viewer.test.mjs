// End-to-end: the release build in Debian's Chromium, as a person uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { cliSummary } from './cli.mjs';
import { SAMPLE_TILES, openFiles, pressTab, selected, suite, tiles } from './suite.mjs';

const SAMPLES = join(ROOT, 'samples');
const FIXTURES = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures');
const SIGN_INS = join(SAMPLES, 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
const AUTH_DETAILS = join(SAMPLES, 'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv');
const LEGACY = join(FIXTURES, 'samples', 'SignIns_2019-06-03_2019-06-04_RECONSTRUCTED.csv');

const s = suite();

test('a dropped sign-in export is recognised, explained and summarised, and nothing leaves the machine', async () => {
  const { page, done } = await s.open();

  await dropFiles(page, 'main', [SIGN_INS]);
  await openFiles(page);

  await page.locator('.file__kind').waitFor();
  assert.equal(await page.locator('.file__name').textContent(), 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
  assert.equal(await page.locator('.file__size').textContent(), '7.7 kB');
  const kind = await page.locator('.file__kind').textContent();
  assert.match(kind, /^Entra sign-ins \(interactive\), 6 rows — recognised by the columns .*Username.*Multifactor authentication result/);
  await page.locator('.overview').waitFor();
  assert.deepEqual(await tiles(page), SAMPLE_TILES);
  // The explanations come a task after the tiles.
  await page.locator('.explanation__reason').first().waitFor();
  assert.deepEqual(await page.locator('.explanation__reason').allTextContents(), ['user declined the authentication']);

  await screenshot(page, 'viewer-one-file');
  await done();
});

test('the portal download (sign-ins + auth details) becomes one view, and Clear empties it', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [AUTH_DETAILS, SIGN_INS]);
  await openFiles(page);
  await page.locator('.file__kind').nth(1).waitFor();
  assert.deepEqual(await page.locator('.file__name').allTextContents(), [
    'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv',
    'InteractiveSignIns_2024-05-01_2024-05-02.csv',
  ]);
  assert.match(await page.locator('.file__kind').first().textContent(), /^Entra sign-in authentication details, 9 rows/);
  await page.locator('.overview').waitFor();
  // Auth details are attached to their sign-ins, never counted as sign-ins.
  assert.equal((await tiles(page))['sign-ins'], '6');
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('.file').first().waitFor({ state: 'detached' });
  assert.equal(await page.locator('.file').count(), 0);
  assert.equal(await page.locator('.overview').count(), 0);
  await done();
});

test('a legacy 2019 export, a file that is not an export and an .xlsx each get their own line', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [
    LEGACY,
    join(FIXTURES, 'kinds', 'unknown_audit_log.csv'),
    join(FIXTURES, 'quirks', 'xlsx_renamed.csv'),
  ]);
  await openFiles(page);
  await page.locator('.file').nth(2).locator('.file__kind, .file__error').waitFor();
  const lines = await page.locator('.file').allInnerTexts();
  assert.match(lines[0], /Azure AD sign-ins \(2018–2020 export\), 4 rows/);
  assert.match(lines[1], /Unrecognised table, \d+ rows/);
  assert.match(lines[2], /Excel workbook or a ZIP archive, not a CSV file/);
  await page.locator('.overview').waitFor();
  assert.equal((await tiles(page))['sign-ins'], '4');
  await screenshot(page, 'viewer-legacy-unknown-xlsx');
  await done();
});

test('the file picker opens from the keyboard alone', async () => {
  const { page, done } = await s.open();
  await page.getByRole('button', { name: 'Choose files…' }).waitFor();
  // Playwright turns on file-chooser interception when the first listener is
  // added, asynchronously: add one now so it is on before Enter is pressed.
  page.on('filechooser', () => {});
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'Choose files…'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
  }
  assert.equal(focused, 'Choose files…');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  assert.ok(chooser.isMultiple(), 'several exports can be picked at once');
  await chooser.setFiles([SIGN_INS]);
  await page.locator('.overview').waitFor();
  assert.equal((await tiles(page))['denied'], '1');
  await done();
});

test('"Try the sample" loads the embedded export without fetching it, in the dark theme', async () => {
  const { page, requests, loaded, done } = await s.open('', { colorScheme: 'dark' });
  // Let the worker fetch its own files first: those are the page's, not the sample.
  await loaded();
  const before = requests.length;
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  await page.locator('.overview').waitFor();
  assert.equal(await page.locator('.file').count(), 2);
  assert.equal((await tiles(page))['sign-ins'], '6');
  assert.equal(requests.length, before, 'the sample is embedded, not fetched');
  await screenshot(page, 'viewer-sample-dark');
  await done();
});

test('the downloaded summary is byte for byte what `mfa-lens summary` prints for the same files', async () => {
  const expected = cliSummary([SIGN_INS, AUTH_DETAILS]);

  const { page, done } = await s.open();
  await dropFiles(page, 'main', [SIGN_INS, AUTH_DETAILS]);
  await openFiles(page);
  await page.locator('.file__kind').nth(1).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'mfa-lens-summary.json');
  const saved = await readFile(await download.path(), 'utf8');
  assert.equal(saved, expected);
  assert.equal(JSON.parse(saved).sign_ins.auth_details_joined, 6);
  await done();
});

test('the Reference view explains codes without any file loaded', async () => {
  const { page, done } = await s.open();
  await page.getByRole('tab', { name: 'Reference' }).click();
  await selected(page, 'Reference');
  assert.equal(await page.getByRole('tab', { name: 'Reference' }).getAttribute('aria-selected'), 'true');
  await page.getByPlaceholder('Search codes and results…').fill('500121');
  const first = page.locator('.entry').first();
  await first.locator('.entry__code', { hasText: '500121' }).waitFor();
  assert.equal(await first.locator('.entry__code').textContent(), '500121');
  assert.match(await first.locator('.entry__next').textContent(), /^Next step: /);
  // Arrow keys move between tabs, as the ARIA tab pattern expects.
  await page.getByRole('tab', { name: 'Reference' }).focus();
  await pressTab(page, 'ArrowLeft', 'Users');
  assert.equal(await page.getByRole('tab', { name: 'Users' }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-users', 'focus follows the selected tab');
  await pressTab(page, 'Home', 'Overview');
  assert.equal(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected'), 'true');
  await page.getByRole('tab', { name: 'Reference' }).click();
  await page.getByPlaceholder('Search codes and results…').fill('voicemail');
  await screenshot(page, 'viewer-reference');
  await done();
});

test('the server only ever saw requests for the page\'s own files', async () => {
  const unknown = s.server.requests.filter((u) => !/^\/(index\.html)?$|^\/[\w.-]+\.(js|wasm|css|svg|webmanifest)$/.test(u.split('?')[0]));
  assert.deepEqual(unknown, []);
});
