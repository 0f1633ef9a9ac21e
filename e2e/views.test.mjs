// End-to-end: answers that fit a screen or two, read as a person reads them —
// the MFA Server view's call results in one table that sorts and opens by
// keyboard, a section index, timeline axes in words, and a row detail that
// says each reason once and filters its fields. Screenshots at 1440×900 and
// 1024×768, light and dark, for looking at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { selected, suite } from './suite.mjs';

const ALL_CODES = join(ROOT, 'e2e', 'fixtures', 'MFAServer_Activity_all_codes.csv');
const PAIR = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'sets', 'pair');
const SIGN_INS = join(PAIR, 'InteractiveSignIns_2024-06-03_2024-06-04.csv');
const AUTH_DETAILS = join(PAIR, 'InteractiveSignIns_AuthDetails_2024-06-03_2024-06-04.csv');
const SIZES = [
  [1440, 900],
  [1024, 768],
];

const s = suite();
const scope = '[data-report=mfa-server]';

/// The codes of the call result table, top to bottom.
function codes(page) {
  return page.locator(`${scope} tr[data-code]`).evaluateAll((rows) => rows.map((r) => r.dataset.code));
}

for (const colorScheme of ['light', 'dark']) {
  test(`the MFA Server view fits a screen or two; its call results sort and open by keyboard (${colorScheme})`, async () => {
    const { page, done } = await s.open('', { colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await dropFiles(page, 'main', [ALL_CODES]);
    await page.getByRole('tab', { name: 'MFA Server' }).click();
    await selected(page, 'MFA Server');
    const table = page.getByRole('table', { name: 'Call results' });
    await table.locator('tr[data-code]').nth(44).waitFor({ state: 'attached' });
    assert.equal((await codes(page)).length, 45, 'every code of the knowledge base, once');

    // A layout fact, not a timing: the 45 codes no longer stack as cards. The
    // view itself (heading to last user) stays within about two screens; the
    // page above it is the app shell's.
    const view = await page.locator(scope).evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(view < 2400, `the MFA Server view is ${view} px tall at 1440×900`);
    const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
    console.log(`MFA Server view: ${Math.round(view)} px; page: ${height} px at 1440×900`);

    // Sorted by count, most first; the header says so.
    const count = table.getByRole('columnheader', { name: 'Count' });
    assert.equal(await count.getAttribute('aria-sort'), 'descending');
    const counts = await table.locator('tbody tr[data-code] td.num:nth-of-type(4)').allTextContents();
    assert.deepEqual(counts.map(Number), [...counts.map(Number)].sort((a, b) => b - a));

    // Keyboard: Tab to the Code header's button, Enter sorts A to Z, Enter again Z to A.
    const code = table.getByRole('columnheader', { name: 'Code' });
    await code.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[aria-label="Call results"] th[aria-sort]')?.textContent.startsWith('Code'));
    assert.equal(await code.getAttribute('aria-sort'), 'ascending');
    assert.equal(await count.getAttribute('aria-sort'), null);
    const az = await codes(page);
    assert.deepEqual(az, [...az].sort());
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[aria-label="Call results"] th[aria-sort]')?.getAttribute('aria-sort') === 'descending');
    assert.deepEqual(await codes(page), [...az].reverse());

    // Outcome class: worst first.
    await table.getByRole('columnheader', { name: 'Outcome class' }).getByRole('button').press('Enter');
    await page.waitForFunction(() => document.querySelector('[aria-label="Call results"] th[aria-sort]')?.textContent.startsWith('Outcome'));
    const classes = await table.locator('tr[data-code]').evaluateAll((rows) => rows.map((r) => r.dataset.outcome));
    const rank = { failed: 0, did_not_complete: 1, depends: 2, succeeded: 3 };
    assert.deepEqual(classes, [...classes].sort((a, b) => rank[a] - rank[b]));
    assert.equal(await table.locator('tr[data-code] .outcome-tag').first().textContent(), 'Failed');

    // A row opens by keyboard to its explanation and closes again.
    const denied = table.getByRole('button', { name: 'FAILED_PHONE_APP_DENIED', exact: true });
    assert.equal(await denied.getAttribute('aria-expanded'), 'false');
    await denied.focus();
    await page.keyboard.press('Enter');
    const more = page.locator('#call-result-FAILED_PHONE_APP_DENIED');
    await more.waitFor();
    assert.equal(await denied.getAttribute('aria-expanded'), 'true');
    assert.match(await more.textContent(), /Next step: /);
    // A code the row decides may be a success: it never says "Not a success".
    const pin = table.getByRole('button', { name: 'SUCCESS_WITH_PIN', exact: true });
    await pin.press('Enter');
    assert.match(await page.locator('#call-result-SUCCESS_WITH_PIN .caveat').textContent(), /^May be a success — the row's Authenticated column decides: /);

    // The section index goes to the users without changing the hash.
    const hash = await page.evaluate(() => location.hash);
    await page.getByRole('navigation', { name: 'Sections of this view' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'mfa-server-users');
    assert.equal(await page.evaluate(() => location.hash), hash);

    // The timeline's axis reads in dates, never ISO stamps.
    const ticks = await page.locator(`${scope} .timeline__axis span`).allTextContents();
    assert.ok(ticks.length >= 3, ticks.join(' | '));
    for (const t of ticks) assert.match(t, /^\d{1,2} (Sep|Oct|Nov) 2025$/);

    await denied.press('Enter');
    await more.waitFor({ state: 'detached' });
    assert.equal(await denied.getAttribute('aria-expanded'), 'false');
    await pin.press('Enter');

    for (const [width, h] of SIZES) {
      await page.setViewportSize({ width, height: h });
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `views-mfa-server-${width}x${h}-${colorScheme}`);
    }
    await done();
  });
}

test('the row detail gives the verdict, each reason once, the MFA steps and a field search', async () => {
  const { page, done } = await s.open();
  await page.setViewportSize({ width: 1440, height: 900 });
  await dropFiles(page, 'main', [SIGN_INS, AUTH_DETAILS]);
  await page.getByRole('tab', { name: 'Rows' }).click();
  await selected(page, 'Rows');
  await page.locator('.grid__row', { hasText: 'julia.costa@contoso.com' }).first().click();
  const detail = page.getByRole('complementary', { name: 'Row detail' });
  await detail.locator('.detail__verdict').waitFor();
  assert.equal(await detail.locator('.detail__outcome').textContent(), 'Denied');
  // What happened: each code or text once, a name only where it says more.
  assert.deepEqual(await detail.locator('.detail__explanation .detail__code').allTextContents(), [
    'user declined the authentication',
    '500121',
    'Mobile app notification',
  ]);
  assert.deepEqual(await detail.locator('.detail__explanation .detail__label').allTextContents(), [' — MFA failed']);
  // Nothing says its words twice in a row.
  const text = await detail.locator('.detail__happened').innerText();
  assert.doesNotMatch(text, /user declined the authentication\s+user declined the authentication/);
  assert.doesNotMatch(text, /Mobile app notification\s+Mobile app notification/);
  assert.equal(await detail.locator('.detail__steps li').count(), 2);

  // All fields: folded, then filtered by name or by value.
  const all = detail.locator('details.detail__all');
  assert.equal(await all.evaluate((d) => d.open), false);
  await all.locator('summary').click();
  const search = detail.getByRole('searchbox', { name: /Find a field/ });
  const total = await detail.locator('.detail__fields dt').count();
  assert.equal(total, 57);
  await search.fill('multifactor');
  await page.waitForFunction(() => document.querySelectorAll('.detail__fields dt').length < 57);
  const names = await detail.locator('.detail__fields dt').allTextContents();
  // By name, and by value: the requirement's value is "Multifactor authentication".
  assert.deepEqual(names, [
    'Multifactor authentication result',
    'Multifactor authentication auth method',
    'Multifactor authentication auth detail',
    'Authentication requirement',
  ]);
  assert.match(await detail.getByRole('status').textContent(), new RegExp(`^${names.length} of 57 fields$`));
  await search.fill('Seattle');
  await page.waitForFunction(() => document.querySelectorAll('.detail__fields dt').length === 1);
  assert.equal(await detail.locator('.detail__fields dt').textContent(), 'Location');
  await search.fill('nothing like this');
  await detail.getByText('No field name or value contains “nothing like this”.').waitFor();
  await search.fill('');
  // The verdict in view, as a person first sees the panel.
  await detail.evaluate((e) => e.scrollTo(0, 0));
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    for (const [width, h] of SIZES) {
      await page.setViewportSize({ width, height: h });
      await screenshot(page, `views-detail-${width}x${h}-${colorScheme}`);
    }
  }
  await done();
});
