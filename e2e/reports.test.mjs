// End-to-end: the five report views (MFA Server activity, fraud alerts, blocked
// users, bypassed users, server status) found from the page as a new user would —
// a tab that appears with the file, or the Overview's "Open the … view" button —
// their numbers cross-checked with `mfa-lens summary`, and the downloaded summary
// equal to the CLI's for the same files.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { dropFiles, screenshot, ROOT, ARTIFACTS } from './browser.mjs';
import { cli, cliSummary } from './cli.mjs';
import { openFiles, pressTab, selected, suite, tab, tabNames, tiles } from './suite.mjs';

const FIXTURES = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures');
const VARIANTS = join(FIXTURES, 'reports');
const ACTIVITY_VARIANT = join(VARIANTS, 'MFAServer_Activity_variant.csv');
const BLOCKED_VARIANT = join(VARIANTS, 'MFAServer_Blocked_variant.csv');
const BYPASSED_VARIANT = join(VARIANTS, 'MFAServer_Bypassed_variant.csv');
const STATUS_VARIANT = join(VARIANTS, 'MFAServer_Status_variant.csv');
const FRAUD_VARIANT = join(VARIANTS, 'FraudAlerts_variant.csv');
const SIGN_INS_57 = join(FIXTURES, 'kinds', 'entra_sign_ins_57.csv');
const SIGN_INS_SAMPLE = join(ROOT, 'samples', 'InteractiveSignIns_2024-05-01_2024-05-02.csv');
const GENERATED = join(ARTIFACTS, 'reports-data');

const s = suite();
const gen = {};

before(async () => {
  await mkdir(GENERATED, { recursive: true });
  for (const [kind, rows] of [['activity', 2000], ['blocked', 400], ['bypassed', 300]]) {
    const out = join(GENERATED, `MFAServer_${kind}_generated.csv`);
    execFileSync(cli(), ['generate', '--kind', kind, '--rows', String(rows), '--seed', '5', '--out', out]);
    gen[kind] = out;
  }
});

const n = (v) => Number(String(v).replace(/,/g, ''));

test('no report tab without its files; the MFA Server view opens from the Overview and explains every call result', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [SIGN_INS_SAMPLE]);
  await openFiles(page);
  await page.locator('.overview').waitFor();
  assert.deepEqual(await tabNames(page), ['Overview', 'Findings', 'Rows', 'Users', 'Reference'], 'sign-ins alone offer no report view');
  await page.getByRole('button', { name: 'Clear' }).click();

  await dropFiles(page, 'main', [gen.activity]);
  await openFiles(page);
  await page.getByRole('tab', { name: 'MFA Server' }).waitFor();
  // Fraud codes may be in an activity report, so its fraud view comes along.
  assert.deepEqual(await tabNames(page), ['Overview', 'Findings', 'Rows', 'Users', 'MFA Server', 'Fraud alerts', 'Reference']);
  const expected = JSON.parse(cliSummary([gen.activity])).mfa_server;

  // The generated report holds findings, which the page opens on; the
  // Overview still leads to the report.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Open the MFA Server view' }).click();
  await selected(page, 'MFA Server');
  assert.equal(await page.getByRole('tab', { name: 'MFA Server' }).getAttribute('aria-selected'), 'true');
  const scope = '[data-report=mfa-server]';
  await page.locator(scope).waitFor();
  const t = await tiles(page, scope);
  assert.equal(n(t.attempts), expected.attempts);
  assert.equal(n(t.succeeded), expected.by_outcome.succeeded);
  assert.equal(n(t.failed), expected.by_outcome.failed);
  assert.equal(n(t['SUCCESS_ codes that were not a success']), expected.success_not_succeeded);
  assert.ok(expected.success_not_succeeded > 0);

  const charts = await page.locator(`${scope} .chart__title`).allTextContents();
  assert.match(charts[0], /^Attempts per (hour|day), by outcome$/);
  assert.deepEqual(charts.slice(1, 5), ['Outcome of each attempt', 'By component (authentication type)', 'By application', 'By method']);
  const components = page.locator(`${scope} .chart`).filter({ hasText: 'By component' });
  for (const name of Object.keys(expected.by_component)) {
    assert.ok((await components.locator('.chart__label').allTextContents()).includes(name), name);
  }
  // Every code seen is listed once, in one table, and a SUCCESS_ code that is
  // not a success says so in its row and opens to its caveat.
  const codes = await page.locator(`${scope} tr[data-code]`).evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.deepEqual([...codes].sort(), Object.keys(expected.call_results).sort());
  const timeout = page.locator(`${scope} tr[data-code=SUCCESS_NO_PIN_BUT_TIMEOUT]`);
  assert.equal(await timeout.getAttribute('data-outcome'), 'did_not_complete');
  assert.equal(await timeout.locator('.badge--warn').textContent(), 'not a success');
  assert.equal(await page.locator(`${scope} tr[data-code=SUCCESS_PHONE_APP_AUTHENTICATED] .badge--warn`).count(), 0);
  await timeout.getByRole('button', { name: 'SUCCESS_NO_PIN_BUT_TIMEOUT' }).click();
  const more = page.locator(`${scope} #call-result-SUCCESS_NO_PIN_BUT_TIMEOUT`);
  assert.match(await more.locator('.caveat').textContent(), /^Not a success: SUCCESS in the name, yet the user never finished/);
  assert.match(await more.locator('.explanation__next').textContent(), /^Next step: /);
  await screenshot(page, 'reports-mfa-server');

  // "Show these rows" opens exactly those rows in the Rows view.
  await timeout.getByRole('button', { name: 'Show these rows' }).click();
  await selected(page, 'Rows');
  assert.equal(await page.getByRole('tab', { name: 'Rows' }).getAttribute('aria-selected'), 'true');
  await page.locator('.table-view__count').filter({ hasText: `${expected.call_results.SUCCESS_NO_PIN_BUT_TIMEOUT} of` }).waitFor();

  // The fraud codes of the activity report make the fraud view's list; with no
  // fraud alert file there is no "all rows" of its own to open.
  await page.getByRole('tab', { name: 'Fraud alerts' }).click();
  const fraud = page.locator('[data-report=fraud]');
  await fraud.waitFor();
  if (expected.fraud_reports > 0) {
    assert.equal(n((await tiles(page, '[data-report=fraud]'))['fraud reports']), expected.fraud_reports);
  } else {
    await fraud.getByText('No fraud report in the loaded files.').waitFor();
  }
  assert.equal(await fraud.getByRole('button', { name: 'Show all these rows' }).count(), 0);

  await done();
});

test('activity with other captions: components such as the NPS extension and the user portal, users with details', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [ACTIVITY_VARIANT]);
  await openFiles(page);
  await page.getByRole('tab', { name: 'MFA Server' }).click();
  const scope = '[data-report=mfa-server]';
  await page.locator(scope).waitFor();
  const components = page.locator(`${scope} .chart`).filter({ hasText: 'By component' });
  assert.deepEqual(await components.locator('.chart__label').allTextContents(), ['NPS Extension', 'User Portal', '(not given)']);
  const firstUser = page.locator(`${scope} table[aria-label=Users] tbody tr`).first();
  assert.deepEqual((await firstUser.locator('td').allTextContents()).slice(0, 5), ['CONTOSO\\ivan.petrov', '3', '1', '2', '0']);
  await page.getByRole('button', { name: 'FAILED_NEW_THING' }).click();
  assert.match(await page.locator(`${scope} #call-result-FAILED_NEW_THING`).textContent(), /not in Microsoft's list/);
  await firstUser.getByRole('button', { name: 'Details' }).click();
  await page.locator('.table-view__count').filter({ hasText: '3 of 8 rows' }).waitFor();
  await done();
});

test('fraud alerts from every source, per user, with what followed — dark theme', async () => {
  const { page, done } = await s.open('', { colorScheme: 'dark' });
  await dropFiles(page, 'main', [FRAUD_VARIANT, ACTIVITY_VARIANT, BLOCKED_VARIANT, SIGN_INS_57]);
  await openFiles(page);
  await page.locator('.file__kind').nth(3).waitFor();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Open the Fraud alerts view' }).click();
  const scope = '[data-report=fraud]';
  await page.locator(scope).waitFor();
  const t = await tiles(page, scope);
  assert.equal(t['fraud reports'], '5');
  assert.equal(t.incidents, '3');
  assert.equal(t['followed by a block'], '3');
  assert.equal(t['block lifted later'], '3');
  const rows = await page.locator(`${scope} table[aria-label="Fraud reports"] tbody tr`).allInnerTexts();
  assert.equal(rows.length, 5);
  // Newest first: the 2024 sign-in denied because the user reported fraud.
  assert.match(rows[0], /gail\.ruiz@contoso\.com\tSign-ins\tMFA denied: phone app reported fraud\tNo block in the history/i);
  const hana = rows.find((r) => r.includes('FAILED_FRAUD_REPORTED'));
  assert.match(hana, /Blocked 2020-02-03 08:05:03 UTC, unblocked 2020-02-04 09:00:00 UTC/);
  assert.ok(rows.some((r) => /kurt\.weber.*Fraud alert report.*No block in the history/.test(r)));
  const users = await page.locator(`${scope} table[aria-label="Fraud reports per user"] tbody tr`).allInnerTexts();
  assert.match(users[0], /^CONTOSO\\hana\.ito\t3\t1\t.*\t3 of 3, 3 lifted\tunblocked$/);
  assert.match(users[2], /^CONTOSO\\kurt\.weber\t1\t1\t.*\t0 of 1, 0 lifted\tno block request$/);
  await screenshot(page, 'reports-fraud-dark');
  await done();
});

test('blocked users: a timeline per user, who and why, the state now; arrows move over the visible tabs', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [gen.blocked]);
  await openFiles(page);
  const blocked = page.getByRole('tab', { name: 'Blocked users' });
  await blocked.waitFor();
  const expected = JSON.parse(cliSummary([gen.blocked])).blocked_history;
  await blocked.click();
  const scope = '[data-report=blocked]';
  await page.locator(scope).waitFor();
  const t = await tiles(page, scope);
  assert.equal(n(t.requests), expected.events);
  assert.equal(n(t.blocks), expected.blocks);
  assert.equal(n(t['users blocked now']), expected.users_blocked_now);
  assert.equal(n(t['users unblocked now']), expected.users_unblocked_now);
  // Requests over time; a bar opens that hour's rows.
  const bars = page.locator(`${scope} .timeline__bar`);
  assert.ok((await bars.count()) > 1);
  assert.match(await page.locator(`${scope} .chart--timeline .chart__title`).textContent(), /^Requests per (hour|day)$/);
  // Blocked-now users come first, with their timeline open.
  const first = page.locator(`${scope} .user-timeline`).first();
  assert.equal(await first.locator('summary .badge').textContent(), 'blocked');
  assert.ok(await first.locator('details').evaluate((d) => d.open));
  assert.match(await first.locator('.event').last().textContent(), /Blocked/);

  // Keyboard: the tab list moves over the tabs on screen only.
  const next = (await tabNames(page))[(await tabNames(page)).indexOf('Blocked users') + 1];
  await blocked.focus();
  await pressTab(page, 'ArrowRight', next);
  assert.equal(await tab(page, next).getAttribute('aria-selected'), 'true');
  await pressTab(page, 'ArrowLeft', 'Blocked users');
  assert.equal(await blocked.getAttribute('aria-selected'), 'true');
  await screenshot(page, 'reports-blocked');

  await page.getByRole('button', { name: 'Clear' }).click();
  await dropFiles(page, 'main', [BLOCKED_VARIANT]);
  await openFiles(page);
  await page.getByRole('tab', { name: 'Blocked users' }).click();
  await page.locator(`${scope} .user-timeline`).nth(2).waitFor();
  const names = await page.locator(`${scope} .user-timeline summary .explanation__reason`).allTextContents();
  assert.deepEqual(names, ['CONTOSO\\ivan.petrov', 'CONTOSO\\hana.ito', 'CONTOSO\\judy.kim']);
  const ivan = await page.locator(`${scope} .user-timeline`).first().locator('.event').allInnerTexts();
  assert.match(ivan[0], /2020-02-05 10:00:00 UTC\s*Blocked\s*by admin@contoso\.com\s*— Left the company/);
  assert.match(ivan[1], /Blocked column unreadable/);
  await done();
});

test('bypassed users: who granted each bypass, for how long, used or not, repeat users flagged', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [BYPASSED_VARIANT]);
  await openFiles(page);
  await page.getByRole('button', { name: 'Open the Bypassed users view' }).click();
  const scope = '[data-report=bypassed]';
  await page.locator(scope).waitFor();
  const t = await tiles(page, scope);
  assert.deepEqual([t.bypasses, t.used, t['not used'], t['users bypassed repeatedly']], ['4', '2', '1', '1']);
  const users = await page.locator(`${scope} table[aria-label="Bypasses per user"] tbody tr`).allInnerTexts();
  assert.match(users[0], /^CONTOSO\\hana\.ito\t3\t1\t20 min\t.*bypassed 3 times/);
  const list = await page.locator(`${scope} table[aria-label="Bypasses"] tbody tr`).allInnerTexts();
  assert.match(list[0], /^2020-02-05 10:00:00 UTC\tCONTOSO\\ivan\.petrov\tadmin@contoso\.com\t—\tTravelling\tused\tUsed$/);
  assert.match(list[1], /Lost phone again\tnot said/);
  await screenshot(page, 'reports-bypassed');

  await page.getByRole('button', { name: 'Clear' }).click();
  await dropFiles(page, 'main', [gen.bypassed]);
  await openFiles(page);
  await page.getByRole('tab', { name: 'Bypassed users' }).click();
  const expected = JSON.parse(cliSummary([gen.bypassed])).bypass_history;
  await page.locator(`${scope} .tile__value`).first().filter({ hasText: String(expected.events) }).waitFor();
  const g = await tiles(page, scope);
  assert.equal(n(g.used), expected.used);
  assert.equal(n(g['users bypassed repeatedly']), expected.users_bypassed_repeatedly);
  // Long lists show their first rows, and the rest on request.
  const bypassRows = page.locator(`${scope} table[aria-label="Bypasses"] tbody tr`);
  assert.equal(await bypassRows.count(), 20);
  const more = page.locator(`${scope} table[aria-label="Bypasses"] + button`);
  await more.click();
  // The button goes once every row is shown.
  await more.waitFor({ state: 'detached' });
  assert.equal(await bypassRows.count(), expected.events);
  await done();
});

test('server status flags silent servers; the tab leaves with its file and the view falls back to the Overview', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', [STATUS_VARIANT, BYPASSED_VARIANT]);
  await openFiles(page);
  await page.getByRole('tab', { name: 'Server status' }).click();
  const scope = '[data-report=server-status]';
  await page.locator(scope).waitFor();
  const t = await tiles(page, scope);
  assert.deepEqual([t.servers, t['silent or unknown']], ['4', '2']);
  assert.match(await page.locator(`${scope} .report__range`).textContent(), /2020-03-16 12:00:00 UTC/);
  const rows = await page.locator(`${scope} table[aria-label="Servers"] tbody tr`).allInnerTexts();
  assert.match(rows[0], /^MFA-OLD\.contoso\.com\t7\.3\.0\.3\tOffline\t2020-03-01 09:00:00 UTC\t15 days\tsilent/);
  assert.match(rows[1], /^MFA-NEW\.contoso\.com.*unknown/);
  assert.match(rows[3], /^MFA01\.contoso\.com.*\t0 s\treporting$/);
  await screenshot(page, 'reports-server-status');

  await page.getByRole('button', { name: `Remove ${basename(STATUS_VARIANT)}` }).click();
  await page.getByRole('tab', { name: 'Server status' }).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected'), 'true');
  await page.locator('.overview').waitFor();
  await done();
});

test('the downloaded summary equals `mfa-lens summary` for the MFA Server sections', async () => {
  const files = [ACTIVITY_VARIANT, BLOCKED_VARIANT, BYPASSED_VARIANT, STATUS_VARIANT, FRAUD_VARIANT];
  const expected = cliSummary(files);
  const { page, done } = await s.open();
  await dropFiles(page, 'main', files);
  await openFiles(page);
  await page.locator('.file__kind').nth(files.length - 1).waitFor();
  await page.getByRole('tab', { name: 'Overview' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  const saved = await readFile(await download.path(), 'utf8');
  const mine = JSON.parse(saved);
  const cli = JSON.parse(expected);
  for (const section of ['mfa_server', 'blocked_history', 'bypass_history']) {
    assert.ok(cli[section], section);
    assert.deepEqual(mine[section], cli[section], section);
  }
  assert.equal(mine.mfa_server.by_component['NPS Extension'], 4);
  assert.equal(mine.blocked_history.users_blocked_now, 1);
  assert.equal(mine.bypass_history.users_bypassed_repeatedly, 1);
  assert.equal(saved, expected, 'byte for byte');
  await done();
});

test('a shared link to a report view shows the Overview until its file is dropped, then the view', async () => {
  const { page, done } = await s.open('#v=server-status');
  assert.equal(await page.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected'), 'true');
  // Nothing loaded: no findings, so no Findings tab either.
  assert.deepEqual(await tabNames(page), ['Overview', 'Rows', 'Users', 'Reference']);
  await dropFiles(page, 'main', [STATUS_VARIANT]);
  await openFiles(page);
  await page.locator('[data-report=server-status]').waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Server status' }).getAttribute('aria-selected'), 'true');
  assert.match(page.url(), /#v=server-status(&|$)/);
  await done();
});
