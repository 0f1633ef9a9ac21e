// End-to-end: the Registration view, found from the page the way a new user
// finds it (a button in the Overview, a tab that appears with the report), for
// the portal's download, the MSOnline report, and either one with sign-ins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { cli, cliSummary } from './cli.mjs';
import { openFiles, pressTab, selected, settled, suite } from './suite.mjs';

const FIXTURES = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures');
const PORTAL = join(FIXTURES, 'kinds', 'UserRegistrationDetails_admins.csv');
const MSOL = join(FIXTURES, 'kinds', 'MFA_Report_MSOnline.csv');
const HOSTILE = join(ROOT, 'e2e', 'fixtures', 'registration_hostile.csv');
// The same portal file beside the sample sign-ins, so the CLI can read both
// from one folder and name them as the page does.
const SET = join(FIXTURES, 'sets', 'registration_with_sign_ins');
const SET_FILES = [
  join(SET, 'InteractiveSignIns_2024-05-01_2024-05-02.csv'),
  join(SET, 'UserRegistrationDetails_admins.csv'),
];

const s = suite({ temp: true });

/// The `registration` section of `mfa-lens summary` over files of one folder.
const cliRegistration = (paths) => JSON.parse(cliSummary(paths)).registration;

async function answers(page) {
  const keys = await page.locator('.answer').evaluateAll((els) => els.map((e) => e.dataset.answer));
  const values = await page.locator('.answer').evaluateAll((els) =>
    els.map((e) => e.querySelector('.answer__value')?.textContent ?? null),
  );
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

async function downloadedSummary(page) {
  await page.getByRole('tab', { name: 'Overview' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

test('the portal download answers both PowerShell questions and flags the admin without MFA', async () => {
  const { page, done } = await s.open();
  // No registration report yet: no Registration tab.
  assert.equal(await page.getByRole('tab', { name: 'Registration' }).count(), 0);

  await dropFiles(page, 'main', [PORTAL]);
  await openFiles(page);
  await page.locator('.file__kind').waitFor();
  assert.match(await page.locator('.file__kind').textContent(), /^User registration details, 7 rows/);
  // The admin without MFA is a finding: the page opens on it.
  await page.locator('.finding').first().waitFor();
  assert.deepEqual(await page.locator('.finding h3').allTextContents(), ['Administrator not registered for MFA']);
  assert.match(await page.locator('.finding__who').textContent(), /^grace\.hopper@contoso\.com/);
  await page.getByRole('tab', { name: 'Overview' }).click();
  const overview = page.locator('.overview [data-section=other-reports]');
  await overview.waitFor();
  assert.deepEqual(await overview.locator('.tile__label').allTextContents(), [
    'users registered for MFA',
    'users not registered',
    'admins without MFA',
  ]);
  assert.deepEqual(await overview.locator('.tile__value').allTextContents(), ['4', '3', '1']);
  await screenshot(page, 'registration-overview');
  // The Overview says where to go next.
  await page.getByRole('button', { name: 'Open the Registration view' }).click();
  const tab = page.getByRole('tab', { name: 'Registration' });
  await selected(page, 'Registration');
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  await page.locator('.registration').waitFor();

  assert.deepEqual(
    await page.locator('.answer__question').allTextContents(),
    [
      'Which users have registered for MFA?',
      'Which users have not registered for MFA?',
      'Admins without MFA',
      'Who signs in without being registered?',
    ],
  );
  assert.deepEqual(await answers(page), {
    registered: '4',
    'not-registered': '3',
    admins: '1',
    'sign-ins': null,
  });
  assert.equal(
    await page.locator('[data-answer=registered] .answer__words').textContent(),
    '4 users of 7 have registered (57%).',
  );
  assert.match(await page.locator('[data-answer=admins] .answer__words').textContent(), /^⚠ 1 of 3 admins has no MFA method registered\.$/);
  // The admin is flagged with an icon and words, not colour alone.
  assert.deepEqual(await page.locator('.flag').allTextContents(), ['⚠ Admin, no MFAgrace.hopper@contoso.comGrace Hopper']);
  // The list of unregistered users: the admin first, then by name.
  const users = await page.locator('.registration__list .cell--user').allTextContents();
  assert.deepEqual(users, ['grace.hopper@contoso.com', 'dave.okafor@contoso.com', 'ivan.petrov@contoso.com']);
  assert.equal(await page.locator('.pager__count').textContent(), '1–3 of 3');
  // Methods and capable against registered.
  const methods = page.locator('.chart', { hasText: 'Methods registered' });
  // Each method under the portal's name; the caption this file wrote it in
  // on the line below the chart.
  assert.deepEqual(await methods.locator('.chart__label').allTextContents(), [
    'Mobile app notification',
    'FIDO2 security key',
    'Mobile phone',
    'Windows Hello for Business',
  ]);
  assert.deepEqual(await page.locator('.method-spellings__item').allTextContents(), [
    'Mobile app notificationwritten as Microsoft Authenticator app',
  ]);
  assert.deepEqual(await page.locator('.matrix td strong').allTextContents(), ['3', '1', '0', '3']);
  assert.match(await page.locator('.matrix').textContent(), /⚠ registered but cannot use it/);
  await screenshot(page, 'registration-portal');

  // "Show these rows": the registered users' rows answer the first
  // question with names, the three others the second.
  await page.locator('[data-answer=registered]').getByRole('button', { name: 'Show these rows' }).click();
  await page.getByText('4 of 7 rows').waitFor();
  await tab.click();
  await page.locator('[data-answer=not-registered]').getByRole('button', { name: 'Show these rows' }).click();
  await selected(page, 'Rows');
  assert.equal(await page.getByRole('tab', { name: 'Rows' }).getAttribute('aria-selected'), 'true');
  await page.getByText('3 of 7 rows').waitFor();
  // Back to the view, then the admins' rows.
  await tab.click();
  await page.locator('[data-answer=admins]').getByRole('button', { name: 'Show these rows' }).click();
  await page.getByText('1 of 7 rows').waitFor();
  await settled(page);
  assert.match(await page.locator('.grid').textContent(), /grace\.hopper@contoso\.com/);

  // The downloaded summary's registration section is what the CLI prints.
  const summary = await downloadedSummary(page);
  assert.deepEqual(summary.registration, cliRegistration([PORTAL]));
  assert.deepEqual(summary.registration.admins_not_registered_users, ['grace.hopper@contoso.com']);

  await done();
});

test('the MSOnline report is read like the PowerShell questions, in the dark theme', async () => {
  const { page, done } = await s.open('', { colorScheme: 'dark' });
  await dropFiles(page, 'main', [MSOL]);
  await openFiles(page);
  await page.locator('.file__kind').waitFor();
  // The tab appears with the report (after the file's line: wait for it);
  // keyboard users reach it with the arrows.
  await page.getByRole('tab', { name: 'Registration' }).waitFor();
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await pressTab(page, 'ArrowRight', 'Findings');
  await pressTab(page, 'ArrowRight', 'Rows');
  await pressTab(page, 'ArrowRight', 'Users');
  await pressTab(page, 'ArrowRight', 'Registration');
  assert.equal(await page.getByRole('tab', { name: 'Registration' }).getAttribute('aria-selected'), 'true');
  await page.locator('.registration').waitFor();

  assert.deepEqual(await answers(page), { registered: '4', 'not-registered': '2', 'sign-ins': null });
  // No admin or capable columns in this report: no such sections.
  assert.equal(await page.locator('[data-answer=admins]').count(), 0);
  assert.equal(await page.locator('.matrix').count(), 0);
  const states = page.locator('.chart', { hasText: 'Per-user MFA state' });
  assert.deepEqual(await states.locator('.chart__label').allTextContents(), ['Disabled', 'Enabled', 'Enforced']);
  assert.deepEqual(await states.locator('.chart__value').allTextContents(), ['3 50%', '2 33%', '1 17%']);
  // PowerShell's `System.Object[]` is a method list it did not write out.
  assert.match(await page.locator('.chart', { hasText: 'Methods registered' }).textContent(), /\(several, not listed\)/);
  const rows = await page.locator('.registration__list tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  );
  assert.deepEqual(rows, [
    ['dave.okafor@contoso.com', '', 'Disabled'],
    ['frank.li@contoso.com', '', 'Disabled'],
  ]);
  await screenshot(page, 'registration-msol-dark');

  const summary = await downloadedSummary(page);
  assert.deepEqual(summary.registration, cliRegistration([MSOL]));
  await done();
});

test('with sign-ins loaded too, the users who sign in unregistered are named with their sign-ins', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', SET_FILES);
  await openFiles(page);
  await page.locator('.file__kind').nth(1).waitFor();
  await page.getByRole('tab', { name: 'Registration' }).click();
  await page.locator('.registration [data-list=sign-in-unregistered]').waitFor();

  assert.equal(await page.locator('[data-answer=sign-ins] .answer__value').textContent(), '1');
  assert.equal(
    await page.locator('[data-answer=sign-ins] .answer__words').textContent(),
    '1 user of the 5 users who sign in is not registered; 1 more is in no registration report.',
  );
  const table = (list) =>
    page.locator(`[data-list=${list}] tbody tr`).evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
    );
  assert.deepEqual(await table('sign-in-unregistered'), [['dave.okafor@contoso.com', '1', '0']]);
  assert.deepEqual(await table('sign-in-missing'), [['erin.schmidt@contoso.com', '1', '0']]);
  // The unregistered list now has a sign-ins column: dave signs in once.
  const dave = page.locator('.registration__list tbody tr', { hasText: 'dave.okafor@contoso.com' }).first();
  assert.match(await dave.textContent(), /dave\.okafor@contoso\.comDave OkaforNot capable1$/);
  await screenshot(page, 'registration-with-sign-ins');

  // Dave's sign-ins, one click away.
  await page.getByRole('button', { name: 'Show sign-ins of dave.okafor@contoso.com', exact: true }).click();
  await selected(page, 'Rows');
  assert.equal(await page.getByRole('tab', { name: 'Rows' }).getAttribute('aria-selected'), 'true');
  await page.getByText('1 of 6 rows').waitFor();

  const summary = await downloadedSummary(page);
  assert.deepEqual(summary.registration, cliRegistration(SET_FILES));
  assert.equal(summary.registration.sign_in_users_not_registered, 1);
  assert.equal(summary.registration.sign_in_users_not_in_report, 1);
  await done();
});

test('a large report pages through its unregistered users, and the page matches the CLI', async () => {
  // 3,000 invented users from the generator (Graph spelling).
  const file = join(s.temp, 'MFA-UserRegistrationDetails.csv');
  execFileSync(cli(), ['generate', '--kind', 'registration', '--rows', '3000', '--seed', '5', '--out', file]);
  const expected = cliRegistration([file]);
  assert.ok(expected.mfa_not_registered > 200, `enough unregistered users: ${expected.mfa_not_registered}`);

  const { page, done } = await s.open();
  await dropFiles(page, 'main', [file]);
  await openFiles(page);
  await page.locator('.file__kind').waitFor();
  await page.getByRole('tab', { name: 'Registration' }).click();
  const total = expected.mfa_not_registered.toLocaleString('en-US');
  await page.getByText(`1–100 of ${total}`).waitFor();
  assert.equal(await answers(page).then((a) => a['not-registered']), total);
  assert.equal(await page.locator('.registration__list tbody tr').count(), 100);
  const first = await page.locator('.registration__list .cell--user').first().textContent();
  assert.equal(await page.getByRole('button', { name: 'Previous' }).isDisabled(), true);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(`101–200 of ${total}`).waitFor();
  assert.notEqual(await page.locator('.registration__list .cell--user').first().textContent(), first);
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.getByText(`1–100 of ${total}`).waitFor();
  assert.equal(await page.locator('.registration__list .cell--user').first().textContent(), first);

  const summary = await downloadedSummary(page);
  assert.deepEqual(summary.registration, expected);
  await done();
});

test('markup in a registration report is shown as text and never runs', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [HOSTILE]);
  await openFiles(page);
  await page.locator('.file__kind').waitFor();
  await page.getByRole('tab', { name: 'Registration' }).click();
  await page.locator('.flag').waitFor();
  assert.equal(
    await page.locator('.flag__user').textContent(),
    '<img src=x onerror=window.__pwned=true>',
  );
  assert.equal(await page.locator('.flag__name').textContent(), '<script>window.__pwned=true</script>');
  assert.ok(
    (await page.locator('.registration__list .cell--user').allTextContents()).includes('=HYPERLINK("http://203.0.113.9","x")'),
  );
  assert.match(await page.locator('.chart', { hasText: 'Methods registered' }).textContent(), /<b>bold<\/b>/);
  assert.equal(await page.locator('.registration img, .registration script, .registration b').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await done();
});

test('a reload keeps the Registration view, which comes back once the report is dropped again', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [MSOL]);
  await openFiles(page);
  await page.locator('.file__kind').waitFor();
  await page.getByRole('tab', { name: 'Registration' }).click();
  await page.locator('.registration').waitFor();
  assert.match(new URL(page.url()).hash, /^#v=registration(&|$)/);

  await page.reload();
  // Nothing loaded yet: no Registration tab, the Overview stands in for it.
  await page.getByRole('button', { name: 'Try the sample' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Registration' }).count(), 0);
  assert.equal(await page.locator('.registration').count(), 0);
  await dropFiles(page, 'main', [MSOL]);
  await openFiles(page);
  await page.locator('.registration').waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Registration' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(await answers(page), { registered: '4', 'not-registered': '2', 'sign-ins': null });
  // Removing the report hides its tab and its view.
  await page.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('tab', { name: 'Registration' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('.registration').count(), 0);
  await done();
});
