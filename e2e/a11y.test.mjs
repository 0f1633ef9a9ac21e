// End-to-end: an automated accessibility audit (axe-core, the engine behind
// most browser accessibility checkers) of every view, in both themes, with
// twelve files of different kinds loaded — plus the Rows view with a row's
// detail open and the files panel open. Any violation fails, with the rule,
// the elements and axe's explanation in the message.
//
// axe runs inside the page through Playwright's evaluate (a DevTools call,
// not a script tag the page's Content-Security-Policy would refuse); it reads
// the page and sends nothing anywhere.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dropFiles } from './browser.mjs';
import { mixedSet } from './mixed.mjs';
import { openFiles, selected, settled, suite, tab, tabNames } from './suite.mjs';

const s = suite();
let files;
let axeSource;

before(async () => {
  files = await mixedSet();
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
});

/// axe's violations on the page as it is, as lines a person can act on.
async function audit(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join('')}`),
      count: v.nodes.length,
    }));
  });
  return violations.map((v) => `${where}: ${v.id} (${v.impact}, ${v.count} elements): ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no violation on any view (${colorScheme} theme, twelve files)`, async () => {
    const p = await s.open('', { colorScheme, viewport: { width: 1440, height: 900 } });
    const { page } = p;
    const problems = await audit(page, 'welcome');
    await dropFiles(page, 'main', files);
    await page.getByRole('button', { name: /^12 files/ }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.files-line__reading'));
    for (const name of await tabNames(page)) {
      await tab(page, name).click();
      await selected(page, name);
      await settled(page);
      problems.push(...(await audit(page, name)));
    }
    // A row's detail, and the files panel.
    await page.getByRole('tab', { name: 'Rows', exact: true }).click();
    await selected(page, 'Rows');
    await settled(page);
    await page.locator('.grid__row').first().click();
    await page.locator('.detail').waitFor();
    problems.push(...(await audit(page, 'Rows with a detail')));
    await openFiles(page);
    problems.push(...(await audit(page, 'files panel')));
    // The panels that open over a view: Share… and Copy as KQL.
    await page.getByRole('button', { name: 'Share…' }).click();
    await page.locator('#share-panel').waitFor();
    await page.getByRole('radio', { name: /From a passphrase/ }).check();
    await page.locator('#share-passphrase').waitFor();
    problems.push(...(await audit(page, 'share panel')));
    await tab(page, 'Overview').click();
    await selected(page, 'Overview');
    await page.locator('.actions').getByRole('button', { name: 'Copy as KQL' }).click();
    await page.locator('.kql textarea').waitFor();
    problems.push(...(await audit(page, 'KQL panel')));
    assert.deepEqual(problems, [], problems.join('\n'));
    await p.done();
  });
}
