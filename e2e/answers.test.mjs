// End-to-end: the page's design as a person meets it — the worker keeps the
// answer to what is shown, so going back to a tab costs no computation; a file
// the browser can no longer read says so on its own line, never as a crash,
// with everything loaded before it kept; and the page's own module carries no
// knowledge base (the worker answers for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFile, copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openFiles, suite, tab } from './suite.mjs';
import { dropFiles, screenshot, DIST, ROOT } from './browser.mjs';
import { cli } from './cli.mjs';

const SET = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'sets', 'registration_with_sign_ins');
const SET_FILES = [
  join(SET, 'InteractiveSignIns_2024-05-01_2024-05-02.csv'),
  join(SET, 'UserRegistrationDetails_admins.csv'),
];

const s = suite({ temp: true });

/// The worker's count of computed answers, as the panel carries it once the
/// answer on screen has arrived.
async function computations(page) {
  return Number(await page.locator('.panel').getAttribute('data-worker-computations'));
}

/// Picks a tab and waits until its answer is drawn (`ready` is on screen).
async function openTab(page, name, ready) {
  await tab(page, name).click();
  await page.locator(`.panel[aria-labelledby="tab-${name.toLowerCase()}"] ${ready}`).first().waitFor();
}

test('going back to tabs already visited computes nothing in the worker', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', SET_FILES);
  await openFiles(page);
  // The files show a finding (an admin without MFA): the page opens on it.
  await page.locator('.panel[aria-labelledby="tab-findings"] .finding').first().waitFor();
  await openTab(page, 'Overview', '.overview [data-section=other-reports]');

  await openTab(page, 'Registration', '.registration');
  await openTab(page, 'Users', '.users-view .grid__cell');
  await openTab(page, 'Reference', '.entry');
  await openTab(page, 'Rows', '.table-view .grid__cell');
  await openTab(page, 'Overview', '.overview');
  const visited = await computations(page);
  assert.ok(visited >= 6, `each first visit is computed once (${visited})`);

  for (const [name, ready] of [
    ['Registration', '.registration'],
    ['Users', '.users-view .grid__cell'],
    ['Reference', '.entry'],
    ['Rows', '.table-view .grid__cell'],
    ['Overview', '.overview'],
    ['Findings', '.finding'],
    ['Registration', '.registration'],
  ]) {
    await openTab(page, name, ready);
    assert.equal(await computations(page), visited, `going back to ${name} computed again`);
  }

  // A new question is computed: the count moves on.
  await page.getByRole('tab', { name: 'Reference' }).click();
  await page.getByPlaceholder('Search codes and results…').fill('FAILED_FRAUD_REPORTED');
  // The code is in the unfiltered list too: wait for the search's answer
  // itself, as the panel counts it, not for the entry alone.
  await page.waitForFunction(
    (n) => Number(document.querySelector('.panel')?.dataset.workerComputations) > n,
    visited,
  );
  await page.locator('.entry__code', { hasText: 'FAILED_FRAUD_REPORTED' }).first().waitFor();
  assert.equal(await computations(page), visited + 1);

  await done();
});

test('a file the browser can no longer read says so on its line, and nothing loaded is lost', async () => {
  const { page, done } = await s.open();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  await page.locator('.overview [data-section=sign-ins]').waitFor();
  const before = await page.locator('.overview [data-section=sign-ins] .tile__value').allTextContents();

  // The file is picked, then changed on disk before the page reads it (as when
  // a file is moved, replaced or edited after it was chosen): the picker's
  // change event is held until the file has changed, then let through.
  const path = join(s.temp, 'moved-away.csv');
  await copyFile(SET_FILES[0], path);
  await page.evaluate(() => {
    // On the window, capturing: the first listener the event meets, before
    // the page's own (Yew listens at its root).
    window.addEventListener(
      'change',
      (e) => {
        e.stopImmediatePropagation();
        window.__picked = true;
      },
      { capture: true, once: true },
    );
  });
  await page.locator('input[type=file]').setInputFiles(path);
  await openFiles(page);
  await page.waitForFunction(() => window.__picked === true);
  await appendFile(path, 'changed after it was picked\r\n');
  await page.evaluate(() =>
    document.querySelector('input[type=file]').dispatchEvent(new Event('change', { bubbles: true })),
  );

  const line = page.locator('.file', { hasText: 'moved-away.csv' });
  const message = line.locator('.file__error');
  await message.waitFor();
  assert.match(
    await message.textContent(),
    /^The browser could no longer read this file: it was moved, deleted or changed on disk after it was picked, or access to it was lost\. Reading stopped after 0 of [\d,]+ bytes, before the header line was complete, so nothing from this file is used\. Add the file again to read it\.$/,
  );
  // Bad input, not a bug: no crash banner, and the sample is still there.
  assert.equal(await page.locator('.failure, .crash').count(), 0);
  assert.equal(await page.locator('.file').count(), 3);
  assert.deepEqual(
    await page.locator('.overview [data-section=sign-ins] .tile__value').allTextContents(),
    before,
  );
  await screenshot(page, 'read-error');

  await done();
});

/// The explanation `mfa-lens explain CODE` prints, as one line.
function explanation(code) {
  const out = execFileSync(cli(), ['explain', code], { encoding: 'utf8' });
  const [, body] = out.split('Explanation:\n');
  return body.split('\n\n')[0].split('\n').map((l) => l.trim()).join(' ');
}

test('the knowledge base is in the worker module only: the page draws, the worker knows', async () => {
  const wasm = (await readdir(DIST)).filter((f) => f.endsWith('_bg.wasm'));
  const page = await readFile(join(DIST, wasm.find((f) => f.startsWith('mfa-lens-web-'))));
  const worker = await readFile(join(DIST, wasm.find((f) => f.startsWith('mfa-lens-worker'))));
  for (const code of ['FAILED_PHONE_APP_DENIED', '500121', 'FAILED_FRAUD_REPORTED']) {
    const text = Buffer.from(explanation(code));
    assert.ok(text.length > 20, `an explanation for ${code}`);
    assert.ok(worker.includes(text), `the worker explains ${code}`);
    assert.ok(!page.includes(text), `the page's own module carries the explanation of ${code}`);
  }
});
