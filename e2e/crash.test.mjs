// End-to-end: no panic reaches the user as a dead page (issue #7, item 5). The
// test-only parameter `?mfa-lens-test-panic=page|worker` (src/crash.rs) makes
// the page panic from a timer, or the worker panic once files are loaded; the
// panic hook must put up an announced banner with the right words and a Reload
// button that reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from './browser.mjs';
import { openFiles, suite } from './suite.mjs';

const PAGE_CRASHED =
  'Something went wrong inside MFA Lens and this page stopped working. This is a bug in MFA Lens, not a problem with your files, and nothing was sent anywhere. Reload the page, then drop your files again.';
const WORKER_CRASHED =
  'Something went wrong inside MFA Lens: the part of the page that reads and holds your files stopped working, so what was loaded is gone from this tab. This is a bug in MFA Lens, not a problem with your files, and nothing was sent anywhere. Reload the page, then drop your files again.';

const s = suite();

async function expectBanner(page, message) {
  const banner = page.getByRole('alert').filter({ has: page.locator('.crash__message') });
  await banner.waitFor();
  assert.equal(await banner.locator('.crash__message').textContent(), message);
  const reload = banner.getByRole('button', { name: 'Reload' });
  assert.ok(await reload.isVisible());
  assert.ok(await reload.evaluate((el) => el === document.activeElement), 'Reload has the focus');
  return { banner, reload };
}

test('a panic on the page shows the crash banner, and Reload reloads', async () => {
  const { page, errors, done } = await s.open('?mfa-lens-test-panic=page', { colorScheme: 'dark', ready: false });
  const { banner, reload } = await expectBanner(page, PAGE_CRASHED);
  assert.match(await banner.locator('pre').textContent(), /test panic on the page/);
  await screenshot(page, 'crash-page-dark');
  // The panic was a real one: wasm trapped after the hook ran.
  assert.ok(errors.some((e) => /unreachable|RuntimeError/i.test(e)), errors.join('\n'));
  const loads = [];
  page.on('load', () => loads.push(page.url()));
  await Promise.all([page.waitForEvent('load'), reload.click()]);
  assert.equal(loads.length, 1);
  await done({ expectErrors: true });
});

test('a panic in the worker, with files loaded, shows the crash banner instead of a page that stops answering', async () => {
  const { page, errors, done } = await s.open('?mfa-lens-test-panic=worker');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  const { banner, reload } = await expectBanner(page, WORKER_CRASHED);
  assert.match(await banner.locator('pre').textContent(), /test panic in the worker/);
  // The page itself still runs: its view of the files is still on screen.
  await openFiles(page);
  assert.equal(await page.locator('li.file').count(), 2);
  await screenshot(page, 'crash-worker');
  await Promise.all([page.waitForEvent('load'), reload.click()]);
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  // Only the worker's own report of the panic, nothing from the page.
  assert.ok(errors.every((e) => /test panic in the worker|unreachable|RuntimeError/i.test(e)), errors.join('\n'));
  await done({ expectErrors: true });
});
