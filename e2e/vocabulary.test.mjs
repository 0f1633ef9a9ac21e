// End-to-end: one vocabulary on screen. A set of registration reports in the
// three vocabularies (MSOnline's method types, Graph's camelCase, the portal's
// captions) lists each method once under the portal's name; the Reference view
// says what each call result and MFA result means. Screenshots at 1440×900 in
// both themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { cliSummary } from './cli.mjs';
import { openFiles, selected, suite } from './suite.mjs';

const KINDS = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'kinds');
const MIXED = [
  join(KINDS, 'MFA_Report_MSOnline.csv'),
  join(KINDS, 'MFA-UserRegistrationDetails_graph.csv'),
  join(KINDS, 'UserRegistrationDetails_portal.csv'),
];

const s = suite({ temp: true });

for (const colorScheme of ['light', 'dark']) {
  test(`MSOnline, Graph and portal spellings list each method once under the portal's name (${colorScheme})`, async () => {
    const { page, done } = await s.open('', { colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await dropFiles(page, 'main', MIXED);
    await openFiles(page);
    await page.locator('.file__kind').nth(2).waitFor();
    await page.getByRole('tab', { name: 'Registration' }).click();
    await selected(page, 'Registration');
    const methods = page.locator('.chart', { hasText: 'Methods registered' });
    await methods.locator('.chart__label').first().waitFor();
    const labels = await methods.locator('.chart__label').allTextContents();
    assert.deepEqual(labels, [
      'Mobile app notification',
      '(several, not listed)',
      'FIDO2 security key',
      'Mobile phone',
      'OATH verification code',
      'Text message',
      'Windows Hello for Business',
    ]);
    assert.equal(new Set(labels).size, labels.length, 'no method twice');
    // Three users have the Authenticator app, written three ways.
    const push = methods.locator('.chart__row', { hasText: 'Mobile app notification' });
    assert.match(await push.locator('.chart__value').textContent(), /^3 /);
    assert.equal(
      await page.locator('.method-spellings__item[data-method="Mobile app notification"] .method-spellings__as').textContent(),
      'written as PhoneAppNotification · microsoftAuthenticatorPush · Microsoft Authenticator app',
    );
    assert.match(
      await page.locator('.method-spellings__item[data-method="(several, not listed)"]').textContent(),
      /not a method MFA Lens knows: kept as written/,
    );
    await screenshot(page, `vocabulary-registration-${colorScheme}`);

    // The downloaded summary carries the same unified counts as the CLI.
    if (colorScheme === 'light') {
      await page.getByRole('tab', { name: 'Overview' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
      ]);
      const summary = JSON.parse(await readFile(await download.path(), 'utf8'));
      assert.deepEqual(summary.registration.method_labels, JSON.parse(cliSummary(MIXED)).registration.method_labels);
      assert.equal(summary.registration.method_labels['Mobile app notification'], 3);
      assert.equal(summary.registration.methods.PhoneAppNotification, 1, 'spellings as written are kept');
    }
    await done();
  });

  test(`the Reference view shows each call result's outcome class and each MFA result's meaning (${colorScheme})`, async () => {
    const { page, done } = await s.open('', { colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('tab', { name: 'Reference' }).click();
    await selected(page, 'Reference');
    const search = page.getByPlaceholder('Search codes and results…');
    const entry = (code) => page.locator(`.entry[data-code="${code}"]`);

    await search.fill('SUCCESS_');
    await entry('SUCCESS_WITH_PIN').waitFor();
    const meaning = async (code) => entry(code).locator('.entry__meaning').textContent();
    assert.equal(await meaning('SUCCESS_WITH_PIN'), 'may be a success: the row decides');
    assert.equal(await meaning('SUCCESS_PHONE_APP_AUTHENTICATED'), 'succeeded');
    assert.equal(await meaning('SUCCESS_NO_PIN_BUT_TIMEOUT'), 'did not complete');
    assert.equal(await meaning('SUCCESS_USER_BLOCKED'), 'failed');
    // The three codes that may be a success say so, not "Not a success".
    for (const code of ['SUCCESS_WITH_PIN', 'SUCCESS_NO_PIN', 'SUCCESS_SMS_SENT']) {
      assert.match(await entry(code).locator('.entry__explanation').textContent(), /^May be a success: the row's Authenticated column decides\. /, code);
    }
    assert.match(await entry('SUCCESS_PIN_EXPIRED').locator('.entry__explanation').textContent(), /^Despite the name, the user did not get in/);
    await screenshot(page, `vocabulary-reference-${colorScheme}`);

    await search.fill('MFA denied; user declined the authentication');
    await entry('user declined the authentication').waitFor();
    assert.equal(await meaning('user declined the authentication'), 'MFA denied');
    await search.fill('MFA completed in Azure AD');
    await entry('completed in the cloud').waitFor();
    assert.equal(await meaning('completed in the cloud'), 'MFA satisfied');
    await search.fill('MFA required in Azure AD');
    await entry('mfa required in azure ad').waitFor();
    assert.equal(await meaning('mfa required in azure ad'), 'MFA interrupted');
    await done();
  });
}
