// End-to-end: the shards (issue 17). The same twelve files, dropped on pages
// that read them with 0 (the worker alone), 1, 2, 3 and 8 shard workers —
// which also classify the sign-ins they read, against the step facts the
// worker hands them — give the same Summary JSON byte for byte, and it is
// the CLI's. The page starts as
// many workers as `?workers=` asks for, and no more than eight, and ends them
// once every file is read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dropFiles } from './browser.mjs';
import { cliSummary } from './cli.mjs';
import { mixedSet } from './mixed.mjs';
import { selected, suite, tab, until } from './suite.mjs';

const s = suite();
let files;
let folder;

// One folder, so the CLI names the files as the page does.
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mfa-lens-shards-'));
  files = [];
  for (const path of await mixedSet()) {
    const copy = join(folder, basename(path));
    await copyFile(path, copy);
    files.push(copy);
  }
});
after(() => rm(folder, { recursive: true, force: true }));

/// Drops the twelve files on a page reading with `workers` shards, waits
/// until every one is read, and returns the Overview's summary download as
/// text, with the number of shards the page started.
async function summaryWith(workers) {
  const p = await s.open(`?workers=${workers}`);
  const { page } = p;
  // Shards are the workers that end: the worker holding the files stays.
  // (Counting starts would count the worker too whenever the browser reports
  // it after this line.)
  let shards = 0;
  page.on('worker', (w) => w.on('close', () => { shards += 1; }));
  await dropFiles(page, 'main', files);
  await page.getByRole('button', { name: /^12 files/ }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.files-line__reading'));
  await tab(page, 'Overview').click();
  await selected(page, 'Overview');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download summary (JSON)' }).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  // Every file is read: the shards are ended, and their memory with them;
  // the worker, holding the files, stays.
  await until(() => page.workers().length === 1, 'the shards to end');
  // Counted before the page closes: closing ends the worker too.
  const started = shards;
  // How many sign-in files took their classes from the shards' round (the
  // worker's own count; the answers are the same either way, by design).
  const classified = await page.workers()[0].evaluate(() => wasm_bindgen.classifiedInShards());
  await p.done();
  return { text, started, classified };
}

test('0, 1, 2, 3 and 8 shards give the same Summary JSON, byte for byte, and it is the CLI’s', async () => {
  const results = new Map();
  for (const workers of [0, 1, 2, 3, 8]) results.set(workers, await summaryWith(workers));

  for (const [workers, { started }] of results) assert.equal(started, workers, `?workers=${workers}`);
  // The sign-ins were classified in the shards that read them, whatever
  // their number; with none, by the worker itself.
  assert.equal(results.get(0).classified, 0);
  const inShards = results.get(1).classified;
  assert.ok(inShards >= 3, `${inShards} sign-in files classified in the shards`);
  for (const workers of [2, 3, 8]) assert.equal(results.get(workers).classified, inShards, `?workers=${workers}`);

  const reference = results.get(0).text;
  for (const [workers, { text }] of results) {
    assert.equal(text, reference, `the summary read with ${workers} shards differs from the worker's own`);
  }
  const summary = JSON.parse(reference);
  assert.deepEqual(summary, JSON.parse(cliSummary(files)));
  assert.deepEqual(
    summary.files.map((f) => f.name),
    files.map((f) => basename(f)),
    'files are listed in the order they were dropped, whichever shard read them',
  );
});

test('the page starts at most eight shards, whatever the query asks', async () => {
  const { started } = await summaryWith(64);
  assert.equal(started, 8);
});
