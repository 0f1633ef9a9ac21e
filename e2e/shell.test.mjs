// End-to-end: the workbench layout with twelve files of different kinds, as an
// admin gathers them for one incident. The answer comes first: the tabs and the
// start of every view are on the first screen at 1440×900 and 1024×768, the
// files fold into one line that opens their panel, a drop anywhere adds files,
// and the Rows grid shows whole dates, user names and outcomes, with columns
// resized by keyboard and kept in the link.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { dropFiles, screenshot } from './browser.mjs';
import { mixedSet } from './mixed.mjs';
import { openFiles, selected, settled, suite, tab, tabNames } from './suite.mjs';

const s = suite();
let files;

before(async () => {
  files = await mixedSet();
});

/// Drops the twelve files on the page (not on the drop zone) and waits until
/// every one is read.
async function loadMixed(page) {
  await dropFiles(page, 'main', files);
  await page.getByRole('button', { name: /^12 files/ }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.files-line__reading'));
}

/// Where the tab list ends and the view starts, and the window's height.
function firstScreen(page) {
  return page.evaluate(() => ({
    tabsBottom: document.querySelector('[role=tablist]').getBoundingClientRect().bottom,
    panelTop: document.querySelector('[role=tabpanel]').getBoundingClientRect().top,
    panelText: document.querySelector('[role=tabpanel]').innerText.trim().length,
    height: window.innerHeight,
    scrolled: window.scrollY,
  }));
}

for (const [width, height] of [[1440, 900], [1024, 768]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`twelve files at ${width}×${height} (${colorScheme}): tabs and the view's start on the first screen of every tab`, async () => {
      const p = await s.open('', { colorScheme, viewport: { width, height } });
      const { page } = p;
      await loadMixed(page);
      const names = await tabNames(page);
      assert.ok(names.length >= 10, `a tab per report: ${names}`);
      const wide = width === 1440 && colorScheme === 'light';
      // Every tab at the wide light size; the busiest ones at the others.
      const visit = wide ? names : ['Overview', 'Findings', 'Rows', 'Users', 'MFA Server'].filter((n) => names.includes(n));
      for (const name of visit) {
        await tab(page, name).click();
        await selected(page, name);
        await settled(page);
        const at = await firstScreen(page);
        assert.equal(at.scrolled, 0, `${name}: nothing scrolled the page`);
        assert.ok(at.tabsBottom <= at.height * 0.25, `${name}: the tabs end at ${at.tabsBottom} px of ${at.height}`);
        assert.ok(at.panelTop < at.height * 0.3 && at.panelText > 0, `${name}: the view starts at ${at.panelTop} px`);
        const slug = name.toLowerCase().replace(/\W+/g, '-');
        await screenshot(page, `shell-${width}-${colorScheme}-${slug}`, { fullPage: false });
      }
      await p.done();
    });
  }
}

test('the files fold into one line; its panel lists them, removes one, and closes with Escape', async () => {
  const p = await s.open('', { viewport: { width: 1440, height: 900 } });
  const { page } = p;
  await loadMixed(page);
  assert.equal(await page.locator('.drop-zone').count(), 0, 'the welcome gives way to the files');
  assert.equal(await page.locator('#files-panel').count(), 0, 'the panel starts closed');
  const line = await page.locator('button.files-line').innerText();
  assert.match(line, /^12 files\s+[\d,]+ rows/);
  await openFiles(page);
  assert.equal(await page.locator('#files-panel li.file').count(), 12);
  assert.equal(await page.locator('button.files-line').getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'shell-files-panel', { fullPage: false });
  assert.ok((await tabNames(page)).includes('Server status'));
  await page.getByRole('button', { name: 'Remove MFAServer_Status_variant.csv' }).click();
  await page.getByRole('button', { name: /^11 files/ }).waitFor();
  // The only server status file is gone, and with it its tab.
  await page.waitForFunction(() => ![...document.querySelectorAll('[role=tab]')].some((t) => t.textContent === 'Server status'));
  await page.locator('#files-panel').press('Escape');
  await page.locator('#files-panel').waitFor({ state: 'detached' });
  assert.equal(await page.locator('button.files-line').getAttribute('aria-expanded'), 'false');
  await p.done();
});

test('a file dragged over any part of the window shows the drop overlay, and dropping there adds it', async () => {
  const p = await s.open('', { viewport: { width: 1440, height: 900 } });
  const { page } = p;
  await loadMixed(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    document.querySelector('[role=tabpanel]').dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: dt }));
  });
  await page.locator('.drop-overlay').waitFor();
  assert.match(await page.locator('.drop-overlay').innerText(), /never uploaded/);
  await page.evaluate(() => {
    document.querySelector('[role=tabpanel]').dispatchEvent(new DragEvent('dragleave', { bubbles: true }));
  });
  await page.locator('.drop-overlay').waitFor({ state: 'detached' });
  // A drop on the header adds the file like any other.
  await dropFiles(page, '.app-header', [files[0]]);
  await page.getByRole('button', { name: /^13 files/ }).waitFor();
  await p.done();
});

/// For the Rows grid's visible rows: each column's caption, and whether any
/// of its cells is cut (its text wider than its box).
function gridColumns(page, label) {
  return page.evaluate((label) => {
    const grid = document.querySelector(`[role=grid][aria-label="${label}"]`);
    const heads = [...grid.querySelectorAll('[role=columnheader] .grid__caption')].map((b) => b.textContent);
    const rows = [...grid.querySelectorAll('.grid__row')];
    return heads.map((caption, i) => {
      const cells = rows.map((r) => r.children[i]).filter(Boolean);
      return {
        caption,
        texts: cells.map((c) => c.textContent),
        cut: cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent),
        right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
      };
    });
  }, label);
}

test('Rows at 1440 px: whole dates, users and outcome labels; a column resized by keyboard stays in the link', async () => {
  const p = await s.open('', { viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Kolkata' });
  const { page } = p;
  await loadMixed(page);
  await page.getByRole('tab', { name: 'Rows', exact: true }).click();
  await selected(page, 'Rows');
  await settled(page);
  const label = 'Rows of the loaded files';
  let columns = await gridColumns(page, label);
  const [date, user, outcome] = columns;
  assert.equal(date.caption, 'Date (UTC)');
  assert.ok(date.texts.every((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(t)), `dates: ${date.texts.slice(0, 3)}`);
  assert.match(user.caption, /^User/);
  assert.equal(outcome.caption, 'Outcome');
  const labels = new Set(['Satisfied', 'Denied', 'Interrupted', 'No MFA']);
  assert.ok(outcome.texts.every((t) => labels.has(t)), `outcome labels, never ids: ${[...new Set(outcome.texts)]}`);
  for (const c of [date, user, outcome]) {
    assert.deepEqual(c.cut, [], `${c.caption}: no cell cut`);
    assert.ok(c.right <= 1440, `${c.caption} is inside the window (right edge ${c.right})`);
  }
  // Local time: the zone is named once, in the header; the cells move by it.
  const firstUtc = date.texts[0];
  await page.getByRole('button', { name: 'Local time' }).click();
  await page.waitForFunction(() => document.querySelector('[role=columnheader] .grid__caption').textContent.startsWith('Date (local, UTC+05:30)'));
  columns = await gridColumns(page, label);
  // The longer caption fits too: the header button is not cut.
  const headCut = await page.evaluate(() => {
    const b = document.querySelector('[role=columnheader] .grid__sort');
    return b.scrollWidth > b.clientWidth + 1;
  });
  assert.equal(headCut, false, 'the local-time caption is whole');
  const shift = (Date.parse(columns[0].texts[0].replace(' ', 'T') + 'Z') - Date.parse(firstUtc.replace(' ', 'T') + 'Z')) / 60_000;
  assert.equal(shift, 330, 'Kolkata is 5 h 30 min ahead of UTC');
  assert.match(await page.evaluate(() => location.hash), /&tz=local/);

  // Resize the user column by keyboard: two steps of 16 px.
  const handle = page.getByRole('separator', { name: /^Resize User/ }).first();
  const before = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => Number(document.activeElement.getAttribute('aria-valuenow')) === b + 16, before);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => Number(document.activeElement.getAttribute('aria-valuenow')) === b + 32, before);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /&w=/);
  await screenshot(page, 'shell-rows-resized', { fullPage: false });
  await p.context.close();

  // The link brings the width back once the files are dropped again.
  const again = await s.open(hash, { viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Kolkata' });
  await loadMixed(again.page);
  await selected(again.page, 'Rows');
  await settled(again.page);
  const width = await again.page.getByRole('separator', { name: /^Resize User/ }).first().getAttribute('aria-valuenow');
  assert.equal(Number(width), before + 32);
  await again.done();
});

test('Users at 1440 px: whole user names and readable first and last seen', async () => {
  const p = await s.open('#v=users', { viewport: { width: 1440, height: 900 } });
  const { page } = p;
  await loadMixed(page);
  await selected(page, 'Users');
  await settled(page);
  const columns = await gridColumns(page, 'Users');
  const user = columns.find((c) => c.caption === 'User');
  assert.deepEqual(user.cut, [], 'no user name cut');
  const seen = columns.find((c) => c.caption.startsWith('First seen'));
  assert.equal(seen.caption, 'First seen (UTC)');
  assert.ok(seen.texts.every((t) => t === '' || /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(t)), `${seen.texts.slice(0, 3)}`);
  await p.done();
});
