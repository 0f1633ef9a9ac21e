// End-to-end: the release build in Debian's Chromium, as a person uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch, openPage, dropFiles, foreignRequests, screenshot, DIST, ROOT } from './browser.mjs';

const SIGN_INS = join(ROOT, 'samples', 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
const AUTH_DETAILS = join(ROOT, 'samples', 'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv');

let server;
let browser;

before(async () => {
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a dropped export is listed with its name, size and first line, and nothing leaves the machine', async () => {
  const { page, context, requests, errors } = await openPage(browser, server.url);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();

  await dropFiles(page, '.drop-zone', [SIGN_INS]);

  const item = page.locator('.file').first();
  await item.locator('.file__first-line').waitFor();
  assert.equal(await item.locator('.file__name').textContent(), 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
  assert.equal(await item.locator('.file__size').textContent(), '7.7 kB');
  const firstLine = await item.locator('.file__first-line').textContent();
  assert.ok(firstLine.startsWith('"Date (UTC)","Request ID","User agent"'), firstLine);
  assert.ok(firstLine.endsWith('…'), 'the 57-column header is longer than what the list shows');
  assert.equal(await page.locator('.files h2').textContent(), '1 file');

  await screenshot(page, 'foundation-dropped-file');
  assert.deepEqual(foreignRequests(requests, server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('several files dropped at once are all listed, and Clear removes them', async () => {
  const { page, context, requests } = await openPage(browser, server.url);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  await dropFiles(page, '.drop-zone', [SIGN_INS, AUTH_DETAILS]);
  await page.locator('.file__first-line').nth(1).waitFor();
  assert.deepEqual(await page.locator('.file__name').allTextContents(), [
    'InteractiveSignIns_2024-05-01_2024-05-02.csv',
    'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv',
  ]);
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.equal(await page.locator('.file').count(), 0);
  assert.deepEqual(foreignRequests(requests, server.origin), []);
  await context.close();
});

test('the file picker opens from the keyboard alone', async () => {
  const { page, context } = await openPage(browser, server.url);
  await page.getByRole('button', { name: 'Choose files…' }).waitFor();
  // Playwright turns on file-chooser interception when the first listener is
  // added, asynchronously: add one now so it is on before Enter is pressed.
  page.on('filechooser', () => {});
  // Tab from the top of the page until the picker button has focus.
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'Choose files…'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
  }
  assert.equal(focused, 'Choose files…');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  assert.ok(chooser.isMultiple(), 'several exports can be picked at once');
  await chooser.setFiles([AUTH_DETAILS]);
  await page.locator('.file__first-line').waitFor();
  assert.equal(
    await page.locator('.file__first-line').textContent(),
    '"Request ID","Date","Authentication method","Authentication method detail","Succeeded","Result detail","Requirement"',
  );
  await context.close();
});

test('"Try the sample" shows the embedded export without any request', async () => {
  const { page, context, requests } = await openPage(browser, server.url, { colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  const before = requests.length;
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.locator('.file').nth(1).waitFor();
  assert.equal(await page.locator('.file').count(), 2);
  assert.equal(requests.length, before, 'the sample is embedded, not fetched');
  await screenshot(page, 'foundation-sample-dark');
  await context.close();
});

test('the server only ever saw requests for the page\'s own files', async () => {
  // Every request the tests above made arrived here; none was for a file dist/ lacks.
  const unknown = server.requests.filter((u) => !/^\/(index\.html)?$|^\/[\w.-]+\.(js|wasm|css)$/.test(u.split('?')[0]));
  assert.deepEqual(unknown, []);
});
