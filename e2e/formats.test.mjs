// End-to-end: the same generated sign-ins as the portal's CSV download (with
// its auth-details file), as the portal's JSON download and as a Log
// Analytics CSV export, each dropped on the page on its own: each is
// recognised as its kind and the page's summary of each has the same
// sign_ins section (join figures included) and the same findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles } from './browser.mjs';
import { cli, cliSummary } from './cli.mjs';
import { openFiles, suite } from './suite.mjs';

const s = suite({ temp: true });

function generate(kind, name) {
  const out = join(s.temp, name);
  execFileSync(cli(), ['generate', '--kind', kind, '--rows', '800', '--seed', '11', '--out', out], { stdio: 'ignore' });
  return out;
}

/// The page's summary of `paths`, as its Overview downloads it.
async function pageSummary(paths, kinds) {
  const { page, done } = await s.open();
  if (paths[0].endsWith('.json')) {
    // Picked with "Choose files…", which offers JSON as well as CSV.
    await page.setInputFiles('#file-input', paths);
  } else {
    await dropFiles(page, 'main', paths);
  }
  await openFiles(page);
  await page.locator('.file__kind').nth(paths.length - 1).waitFor();
  await page.waitForFunction(() => !document.querySelector('.files-line__reading'));
  const labels = await page.locator('.file__kind').allTextContents();
  for (const kind of kinds) assert.ok(labels.some((l) => kind.test(l)), `${kind} in ${labels.join(' | ')}`);
  await page.getByRole('tab', { name: 'Overview' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  const summary = JSON.parse(await readFile(await download.path(), 'utf8'));
  await done();
  return summary;
}

test('the portal CSV, the JSON download and a Log Analytics export of the same sign-ins read alike', async () => {
  const portal = [
    generate('sign-ins', 'InteractiveSignIns_2024-05-01_2024-05-02.csv'),
    generate('auth-details', 'InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv'),
  ];
  const json = [generate('sign-ins-json', 'InteractiveSignIns_2024-05-01_2024-05-02.json')];
  const logAnalytics = [generate('log-analytics', 'query_data.csv')];

  const a = await pageSummary(portal, [/^Entra sign-ins \(interactive\)/, /^Entra sign-in authentication details/]);
  assert.deepEqual(a, JSON.parse(cliSummary(portal)));
  assert.equal(a.sign_ins.total, 800);
  assert.ok(a.sign_ins.auth_details_joined > 0);
  for (const [paths, kind, id] of [
    [json, /JSON/i, 'entra-sign-ins-json'],
    [logAnalytics, /Log Analytics/i, 'log-analytics-sign-ins'],
  ]) {
    const b = await pageSummary(paths, [kind]);
    assert.equal(b.files[0].kind, id);
    assert.equal(b.files[0].diagnostics, 0);
    assert.deepEqual(b, JSON.parse(cliSummary(paths)), `${id}: the page is the CLI`);
    assert.deepEqual(b.sign_ins, a.sign_ins, `${id}: the same sign-in figures`);
    assert.deepEqual(b.findings, a.findings, `${id}: the same findings`);
  }
});
