// End-to-end: the Findings view on the findings fixture (five exports in which
// every rule fires): it opens by itself, lists what `mfa-lens findings` lists
// in the same order, draws the fatigue episode, opens the evidence as exactly
// its rows, follows a changed threshold at once, and keeps it in the address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, screenshot, ROOT } from './browser.mjs';
import { cli, cliSummary } from './cli.mjs';
import { rowCount, selected, settled, suite } from './suite.mjs';

const DIR = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'findings');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();
const PATHS = FILES.map((f) => join(DIR, f));

const s = suite();

/// `mfa-lens findings --json` over the fixture, as the page names its files.
function cliFindings(args = []) {
  const out = execFileSync(cli(), ['findings', '--json', ...args, ...FILES], {
    cwd: DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out);
}

/// The Findings tab, whatever its count says (its name carries the count).
const findingsTab = (page) => page.getByRole('tab', { name: /^Findings/ });

/// The cards on screen as (title, user) pairs, in their order.
async function cards(page) {
  return page.locator('.finding').evaluateAll((els) =>
    els.map((e) => [e.querySelector('h3').textContent, e.querySelector('.finding__who').textContent.split(' · ')[0]]),
  );
}

/// Rule ids → the titles the cards show, from the page's Reference tab, so the
/// comparison with the CLI goes through the one rule table.
async function ruleTitles(page) {
  await page.getByRole('tab', { name: 'Reference' }).click();
  await selected(page, 'Reference');
  const rules = page.locator('details.rule');
  await rules.first().waitFor();
  return Object.fromEntries(
    await rules.evaluateAll((els) => els.map((e) => [e.dataset.rule, e.querySelector('.rule__title').textContent])),
  );
}

test('dropped exports open on their findings, listed as the CLI lists them, with the evidence one click away', async () => {
  const { page, done } = await s.open('', { viewport: { width: 1440, height: 900 } });
  await dropFiles(page, 'main', PATHS);

  // The page jumps to Findings by itself, and the tab says how many.
  const tab = findingsTab(page);
  await page.locator('.finding').first().waitFor();
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  const expected = cliFindings();
  const { high, medium, info } = expected.counts;
  assert.deepEqual([high, medium, info], [9, 4, 1]);
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  assert.match(await tab.textContent(), /^Findings14/);
  assert.equal(
    await page.locator('.findings__head .findings__counts').textContent(),
    '14 findings9 high4 medium1 info',
  );
  await page.locator('.finding').nth(13).waitFor();
  assert.equal(await page.locator('.finding').count(), expected.items.length);
  const onScreen = await cards(page);
  assert.deepEqual(
    onScreen.map(([, user]) => user),
    expected.items.map((f) => f.user),
  );
  assert.deepEqual(
    await page.locator('.finding .sev').allTextContents(),
    expected.items.map((f) => f.severity[0].toUpperCase() + f.severity.slice(1)),
  );
  // The first step of each card is the CLI's.
  assert.deepEqual(
    await page.locator('.finding .finding__steps li:first-child').allTextContents(),
    expected.items.map((f) => f.next_steps[0]),
  );
  // Above the cards, every finding on one line: the answer at a glance; a
  // click on one goes to its card.
  const index = page.locator('.findings__index tbody tr');
  assert.equal(await index.count(), expected.items.length);
  assert.deepEqual(
    await page.locator('.findings__index .findings__user').allTextContents(),
    expected.items.map((f) => f.user),
  );
  assert.deepEqual(
    (await page.locator('.findings__index td.num').allTextContents()).map((t) => t.split(' ')[0]),
    expected.items.map((f) => String(f.count)),
  );
  await screenshot(page, 'findings-1440-light', { fullPage: false });
  const daveAt = expected.items.findIndex((f) => f.user === 'dave@contoso.com');
  await index.nth(daveAt).getByRole('button', { name: 'MFA fatigue', exact: false }).click();
  await page.locator(`#finding-${daveAt}:focus`).waitFor();
  // In sight, below the sticky tabs, not under them.
  const at = await page.evaluate((id) => ({
    tabs: document.querySelector('[role=tablist]').getBoundingClientRect().bottom,
    title: document.getElementById(id).getBoundingClientRect().top,
  }), `finding-${daveAt}`);
  assert.ok(at.title >= at.tabs, JSON.stringify(at));

  // Dave's fatigue episode: five declined prompts, then the approval, from an
  // address he never used before.
  const dave = page.locator('.finding', { hasText: 'dave@contoso.com' });
  assert.equal(await dave.locator('.episode__track .episode__mark--trigger').count(), 5);
  assert.equal(await dave.locator('.episode__track .episode__mark--success').count(), 1);
  assert.equal(
    await dave.locator('dt:text-is("Approving IP address") + dd').textContent(),
    '203.0.113.9 (never seen in the user\'s earlier sign-ins)',
  );
  assert.match(await dave.locator('.finding__who').textContent(), /^dave@contoso\.com · 2024-05-01 10:00:00 – 10:04:00 \(UTC\) · 5 /);

  // Its evidence opens in Rows as exactly its rows, under a chip naming it.
  await dave.getByRole('button', { name: /^Show the 6 rows in Rows/ }).click();
  await selected(page, 'Rows');
  await rowCount(page, '6 of ');
  await settled(page);
  assert.match(await page.locator('.chip').first().textContent(), /MFA fatigue.*dave@contoso\.com.*\(6 rows\)/);
  const rows = await page.locator('.grid__row:has([role=gridcell])').allTextContents();
  assert.equal(rows.length, 6);
  // The same user in any letter case: five declined prompts, one approval.
  assert.ok(rows.every((r) => r.toLowerCase().includes('dave@contoso.com')), JSON.stringify(rows));
  assert.deepEqual(
    rows.map((r) => (r.includes('Satisfied') ? 'Satisfied' : r.includes('Denied') ? 'Denied' : r)),
    ['Denied', 'Denied', 'Denied', 'Denied', 'Denied', 'Satisfied'],
  );

  // A threshold changed: the fatigue cards go, the tab follows, the address
  // keeps the thresholds.
  await tab.click();
  await page.locator('.finding').first().waitFor();
  await page.locator('#threshold-mfa-fatigue-min-prompts').fill('50');
  await page.waitForFunction(() => document.querySelectorAll('.finding').length === 11);
  const changed = cliFindings(['--min-prompts', '50']);
  assert.deepEqual(
    (await cards(page)).map(([, user]) => user),
    changed.items.map((f) => f.user),
  );
  await page.waitForFunction(() => /^Findings11/.test(document.querySelector('#tab-findings').textContent));
  assert.match(await page.locator('.findings__custom').textContent(), /changed from the defaults/);
  assert.match(decodeURIComponent(new URL(page.url()).hash), /[#&]f=\{.*"min_prompts":50/);

  // Back to the defaults.
  await page.getByRole('button', { name: 'Back to the defaults' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.finding').length === 14);
  assert.equal(await page.locator('#threshold-mfa-fatigue-min-prompts').inputValue(), '5');
  await done();
});

test('the Overview leads to the findings, the summary carries them, and the Reference explains every rule', async () => {
  const { page, done } = await s.open();
  await dropFiles(page, 'main', PATHS);
  await page.locator('.finding').first().waitFor();

  await page.getByRole('tab', { name: 'Overview' }).click();
  await selected(page, 'Overview');
  const line = page.locator('.overview-findings');
  assert.equal(await line.locator('.findings__counts').textContent(), '14 findings9 high4 medium1 info');
  // The Overview's summary download is the CLI's, findings included.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  const downloaded = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(downloaded, JSON.parse(cliSummary(PATHS)));
  assert.equal(downloaded.findings.items.length, 14);

  await line.getByRole('button', { name: 'Open Findings' }).click();
  await page.locator('.finding').first().waitFor();
  assert.equal(await findingsTab(page).getAttribute('aria-selected'), 'true');

  // Every rule is explained in the Reference, with its thresholds.
  const titles = await ruleTitles(page);
  assert.deepEqual(Object.keys(titles).sort(), [
    'admin-without-mfa',
    'block-lifted-after-fraud',
    'code-guessing',
    'fraud-reported',
    'mfa-fatigue',
    'prompt-volume',
    'single-factor-access',
  ]);
  await done();
});

test('the Findings view reads at 1024×768 and in the dark', async () => {
  for (const [name, viewport, colorScheme] of [
    ['findings-1024-light', { width: 1024, height: 768 }, 'light'],
    ['findings-1440-dark', { width: 1440, height: 900 }, 'dark'],
    ['findings-1024-dark', { width: 1024, height: 768 }, 'dark'],
  ]) {
    const { page, done } = await s.open('', { viewport, colorScheme });
    await dropFiles(page, 'main', PATHS);
    await page.locator('.finding').nth(13).waitFor();
    // The answer is on the first screen: the counts and the first finding.
    for (const el of [page.locator('.findings__counts').first(), page.locator('.findings__index tbody tr').first()]) {
      const box = await el.boundingBox();
      assert.ok(box && box.y + box.height <= viewport.height, `${name}: on the first screen`);
    }
    await screenshot(page, name, { fullPage: false });
    await done();
  }
});

test('a long list comes a page at a time: the counts are of all, Show more adds the next page', async () => {
  const { mixedSet } = await import('./mixed.mjs');
  const paths = await mixedSet();
  const { page, done } = await s.open();
  await dropFiles(page, 'main', paths);
  await page.getByRole('button', { name: /^12 files/ }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.files-line__reading'));
  await page.locator('.finding').first().waitFor();
  const all = JSON.parse(
    execFileSync(cli(), ['findings', '--json', ...paths], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  const total = all.items.length;
  assert.ok(total > 100, `the set has more than two pages of findings (${total})`);
  // The first page, under the counts of all.
  assert.equal(await page.locator('.finding').count(), 50);
  assert.equal(await page.locator('.findings__index tbody tr').count(), 50);
  assert.match(await page.locator('.findings__head .findings__counts').textContent(), new RegExp(`^${total.toLocaleString('en-US')} findings`));
  await page.getByRole('button', { name: `Show 50 more of ${total.toLocaleString('en-US')} findings` }).click();
  await page.waitForFunction(() => document.querySelectorAll('.finding').length === 100);
  // In the CLI's order, page after page.
  const users = await page.locator('.findings__index .findings__user').allTextContents();
  assert.deepEqual(users, all.items.slice(0, 100).map((f) => f.user));
  await done();
});
