// End-to-end: "Share" on the findings fixture (sign-ins, MFA Server
// histories, a registration report). The redacted ZIP holds every file under
// its own name with its summary, reads the same (the same figures and
// findings), and holds no identifying value of the originals; the report is
// one HTML file with no script that opens from disk asking for nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFiles, launch, screenshot, ROOT } from './browser.mjs';
import { cli, cliSummary } from './cli.mjs';
import { recordRequests, suite } from './suite.mjs';
import { unzip } from './zip.mjs';
import { parseCsv } from './csv.mjs';

const DIR = join(ROOT, 'crates', 'mfa-lens-core', 'tests', 'fixtures', 'findings');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();
const PATHS = FILES.map((f) => join(DIR, f));

const s = suite({ temp: true });

/// The identifying values of the originals, as the CLI's mapping lists them
/// (`class,original,pseudonym`), but those kept on purpose, lower-cased.
async function identifyingValues() {
  const out = join(s.temp, 'cli-redacted');
  const mapping = join(s.temp, 'mapping.csv');
  execFileSync(cli(), ['redact', ...FILES, '--out', out, '--mapping-out', mapping], { cwd: DIR, stdio: 'ignore' });
  const values = new Set();
  for (const [, original, pseudonym] of parseCsv(await readFile(mapping, 'utf8')).slice(1)) {
    if (original !== pseudonym && [...original].length >= 3) values.add(original.toLowerCase());
  }
  return values;
}

/// `value` stands in `text` as a whole word (not inside a longer one).
function containsWhole(text, value) {
  const word = (c) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    if (!word(text[at - 1]) && !word(text[at + value.length])) return true;
  }
  return false;
}

function leaks(text, values) {
  const lower = text.toLowerCase();
  return [...values].filter((v) => containsWhole(lower, v));
}

/// The figures that must not change: every sign-in figure, the findings'
/// rules, severities and counts.
function figures(summary) {
  return {
    // The same names, kinds, rows and number of diagnostics, file by file.
    files: summary.files,
    sign_ins: summary.sign_ins,
    findings: summary.findings.counts,
    items: summary.findings.items.map((f) => `${f.rule} ${f.severity} ${f.count}`).sort(),
  };
}

async function openShare(page) {
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.locator('#share-panel').waitFor();
}

test('the redacted copy reads the same, holds every file and its summary, and no identifying value', async () => {
  const { page, done } = await s.open('', { viewport: { width: 1440, height: 900 } });
  await dropFiles(page, 'main', PATHS);
  await page.locator('.finding').first().waitFor();
  await openShare(page);
  await screenshot(page, 'share-panel', { fullPage: false });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download a redacted copy (ZIP)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'mfa-lens-redacted.zip');
  await page.locator('.share__made').waitFor();
  // The key, shown once: 256 bits in hex.
  assert.match(await page.locator('.share__key-shown code').textContent(), /^[0-9a-f]{64}$/);
  await screenshot(page, 'share-made', { fullPage: false });

  const entries = unzip(await readFile(await download.path()));
  assert.deepEqual([...entries.keys()].sort(), [...FILES, 'README.txt', 'summary.json'].sort());

  // The ZIP's summary is the CLI's summary of the redacted files in it, and
  // its figures are the originals'.
  const folder = join(s.temp, 'unzipped');
  await mkdir(folder, { recursive: true });
  for (const name of FILES) await writeFile(join(folder, name), entries.get(name));
  const inZip = JSON.parse(entries.get('summary.json').toString('utf8'));
  assert.deepEqual(inZip, JSON.parse(cliSummary(FILES.map((f) => join(folder, f)))));
  assert.deepEqual(figures(inZip), figures(JSON.parse(cliSummary(PATHS))));

  // No identifying value of the originals in any entry.
  const values = await identifyingValues();
  assert.ok(values.size > 50, `only ${values.size} values to look for`);
  for (const [name, bytes] of entries) {
    assert.deepEqual(leaks(bytes.toString('utf8'), values), [], `${name} leaks`);
  }
  await done();
});

test('the report is one HTML file with no script, redacted, that opens from disk asking for nothing', async () => {
  const { page, done } = await s.open('', { viewport: { width: 1440, height: 900 } });
  await dropFiles(page, 'main', PATHS);
  await page.locator('.finding').first().waitFor();
  await openShare(page);
  // The same passphrase, the same pseudonyms: no key to show.
  await page.getByRole('radio', { name: /From a passphrase/ }).check();
  await page.locator('#share-passphrase').fill('correct horse battery staple');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save report (HTML)' }).click(),
  ]);
  await page.locator('.share__made').waitFor();
  const path = join(s.temp, 'report.html');
  await download.saveAs(path);
  const html = await readFile(path, 'utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
  assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.deepEqual(leaks(html, await identifyingValues()), []);
  // The findings are there under their rules' titles.
  assert.match(html, /MFA fatigue \(prompt bombing\)/);
  assert.match(html, /Verification code guessing/);
  await done();

  // Opened from file:// in a fresh browser: no request but the file itself.
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const report = await context.newPage();
    const { requests } = recordRequests(report);
    await report.goto(`file://${path}`);
    await report.locator('h1').first().waitFor();
    assert.deepEqual(requests, [`file://${path}`]);
    await screenshot(report, 'share-report-1024', { fullPage: false });
    await report.emulateMedia({ colorScheme: 'dark' });
    await screenshot(report, 'share-report-1024-dark-preference', { fullPage: false });
    await report.emulateMedia({ media: 'print' });
    await screenshot(report, 'share-report-print', { fullPage: false });
  } finally {
    await browser.close();
  }
});
