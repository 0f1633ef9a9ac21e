// End-to-end: "Copy as KQL" on the Overview, the Rows view and a finding. The
// query the page shows (and copies) goes through the same Kusto.Language
// semantic check as every query of `mfa-lens kql`, and is the CLI's query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { cli } from './cli.mjs';
import { rowCount, selected, suite } from './suite.mjs';
import { errors, literals } from '../scripts/kql/kusto.mjs';

const DIR = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'findings');
const PATHS = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => join(DIR, f));
// The fixture's sign-ins run from 08:00 to 15:00 on 2024-05-01.
const FROM = '2024-05-01T08:00:00Z';
const TO = '2024-05-01T15:00:01Z';
const HOSTILE = 'x" | take 1; // \\ \'';

const s = suite();

const kql = (args) => execFileSync(cli(), ['kql', ...args], { encoding: 'utf8' });

/// Presses `button`, waits for the panel's query, and returns it.
async function shownQuery(page, button) {
  await button.click();
  const area = page.locator('.kql textarea');
  await area.waitFor();
  return area.inputValue();
}

test('Copy as KQL gives the Overview, the rows and a finding as queries Kusto accepts, equal to the CLI', async () => {
  const { page, context, done } = await s.open('', { viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.origin });
  await dropFiles(page, 'main', PATHS);
  await page.locator('.finding').first().waitFor();

  // A finding: the rule with the page's thresholds, over the loaded period.
  const dave = page.locator('.finding', { hasText: 'dave@contoso.com' });
  const fatigue = await shownQuery(page, dave.getByRole('button', { name: 'Copy as KQL' }));
  assert.equal(await page.locator('#kql-title').textContent(), 'MFA fatigue (prompt bombing) as KQL');
  // Opened from a card down the list, the panel takes the focus (and the eye).
  await page.locator('#kql-title:focus').waitFor();
  const below = await page.evaluate(() => {
    const tabs = document.querySelector('[role=tablist]').getBoundingClientRect();
    const title = document.querySelector('#kql-title').getBoundingClientRect();
    return { tabs: tabs.bottom, title: title.top, height: window.innerHeight };
  });
  assert.ok(below.title >= below.tabs && below.title < below.height, `the title is in sight: ${JSON.stringify(below)}`);
  assert.deepEqual(errors(fatigue), []);
  assert.equal(fatigue.trim(), kql(['findings', '--rule', 'mfa-fatigue', '--from', FROM, '--to', TO]).trim());
  // Copy puts exactly the shown text on the clipboard.
  await page.locator('.kql').getByRole('button', { name: 'Copy' }).click();
  await page.locator('.kql__copied', { hasText: 'Copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), fatigue);
  await screenshot(page, 'kql-finding', { fullPage: false });

  // A changed threshold reaches the query.
  await page.locator('#threshold-mfa-fatigue-min-prompts').fill('3');
  await page.locator('.kql').waitFor({ state: 'detached' });
  const three = await shownQuery(page, dave.getByRole('button', { name: 'Copy as KQL' }));
  assert.equal(three.trim(), kql(['findings', '--rule', 'mfa-fatigue', '--min-prompts', '3', '--from', FROM, '--to', TO]).trim());
  assert.notEqual(three, fatigue);

  // A rule on reports Log Analytics does not hold says so, in words.
  const admin = page.locator('.finding', { hasText: 'Administrator not registered for MFA' }).first();
  await admin.getByRole('button', { name: 'Copy as KQL' }).click();
  await page.locator('.kql__status--none').waitFor();
  assert.match(await page.locator('.kql__status--none').textContent(), /not available in Log Analytics: it needs a registration/);
  await page.locator('.kql').getByRole('button', { name: 'Close' }).click();
  await page.locator('.kql').waitFor({ state: 'detached' });

  // The Overview, over the loaded period.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await selected(page, 'Overview');
  const overview = await shownQuery(page, page.locator('.actions').getByRole('button', { name: 'Copy as KQL' }));
  assert.deepEqual(errors(overview), []);
  assert.equal(overview.trim(), kql(['overview', '--from', FROM, '--to', TO]).trim());

  // The rows, searched for a value that tries to end the string: it stays
  // one literal, decoded to exactly what was typed.
  await page.getByRole('tab', { name: 'Rows' }).click();
  await selected(page, 'Rows');
  await page.getByPlaceholder('Search all columns…').fill(HOSTILE);
  await page.getByPlaceholder('Search all columns…').press('Enter');
  await rowCount(page, '0 of ');
  const rows = await shownQuery(page, page.locator('.table-view').getByRole('button', { name: 'Copy as KQL' }));
  assert.deepEqual(errors(rows), []);
  assert.ok(literals(rows).includes(HOSTILE), 'the search is one string literal');
  assert.equal(rows.trim(), kql(['rows', '--filter', `search=${HOSTILE}`]).trim());
  await screenshot(page, 'kql-rows', { fullPage: false });
  await done();
});
