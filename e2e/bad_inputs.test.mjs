// End-to-end: the catalogue of bad inputs (issue #7). Each test loads the sample
// first, then drops one bad file, and checks
//   - the exact words the page shows for that file (its error, or its notes),
//   - that the sample's files, their lines and the overview are still there and
//     unchanged (or, for a bad file that is still a sign-in export, grew by
//     exactly its rows),
//   - that nothing left the origin and no error reached the page.
// Small inputs are built here; the big ones (a 10 MB field, 10,000 columns,
// 100,000 rows) are written to a temporary folder at run time, never committed.
// The too-large file is a real `File` of 3 GiB made of one 1 MiB blob repeated
// (Blob parts are shared, not copied), so the real threshold is exercised
// without 3 GB of memory or disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { dropFiles, screenshot } from './browser.mjs';
import { openFiles, rowCount, suite } from './suite.mjs';

const s = suite({ temp: true });

// --- inputs -------------------------------------------------------------------

const HEADER =
  '"Date (UTC)","Request ID","Username","Status","Sign-in error code","Multifactor authentication result","Authentication requirement","Application"\r\n';
const row = (i, hour = i % 10) =>
  `"2024-05-01T0${hour}:00:00Z","r${i}","user${i}@contoso.com","Success","0","","Single-factor authentication","app"\r\n`;
const signIns = (n) => HEADER + Array.from({ length: n }, (_, i) => row(i)).join('');

/// A ZIP archive with `entries` stored uncompressed: a real archive, as the
/// portal's "download as .zip" or Excel's .xlsx would be.
function zipStored(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const fname = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += local.length + fname.length + data.length;
  }
  const dirBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/// Deterministic noise (xorshift), so a failure can be replayed.
function randomBytes(n, seed = 0x9e3779b9) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/// Windows-1252 for the few accented letters used here (Node has no encoder for it).
const cp1252 = (text) => Buffer.from([...text].map((c) => ({ é: 0xe9, è: 0xe8 })[c] ?? c.charCodeAt(0)));

async function write(name, bytes) {
  const path = join(s.temp, name);
  await writeFile(path, bytes);
  return path;
}

// --- helpers ------------------------------------------------------------------

const SAMPLE_SIGN_INS = 'InteractiveSignIns_2024-05-01_2024-05-02.csv';

async function loadSample(page) {
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await openFiles(page);
  await page.locator('.chart--timeline').waitFor();
  await page.locator('li.file .file__kind').nth(1).waitFor();
}

/// What a person sees of the loaded data: each file's line, and the overview.
async function seen(page) {
  const lines = await page.locator('li.file').evaluateAll((items) => items.map((li) => li.innerText));
  const overview = await page.locator('.overview [data-section=sign-ins]').innerText();
  const total = Number((await page.locator('.tile__value').first().textContent()).replace(/,/g, ''));
  return { lines, overview, total };
}

function fileItem(page, name) {
  return page.locator('li.file').filter({ has: page.locator('.file__name', { hasText: new RegExp(`^${name.replace(/[.]/g, '\\.')}$`) }) });
}

/// Waits until `name` is read (or refused) and returns what its line says: the
/// error of an unreadable file, or the recognition and every note.
async function outcome(page, name) {
  const item = fileItem(page, name);
  await item.locator('.file__error, .file__kind').waitFor();
  const error = await item.locator('.file__error').count();
  if (error) {
    return { error: await item.locator('.file__error').textContent(), role: await item.locator('.file__error').getAttribute('role') };
  }
  // Open the notes so that what is asserted is what a person can read.
  if (await item.locator('details.file__diagnostics').count()) {
    await item.locator('details.file__diagnostics summary').click();
  }
  return {
    kind: await item.locator('.file__kind').textContent(),
    notes: await item.locator('.diagnostic').evaluateAll((lis) => lis.map((li) => li.innerText.trim())),
  };
}

/// One catalogue entry: sample first, then the bad file; `drop` delivers it.
async function withSampleThen(drop, check, { addsSignIns = 0, shot } = {}) {
  const { page, done } = await s.open();
  await loadSample(page);
  const before = await seen(page);
  assert.equal(before.total, 6);
  const result = await drop(page);
  await check(result, page);
  // Everything loaded before is still there, unchanged.
  await page.waitForFunction(() => !document.querySelector('.file__progress'));
  const after = await seen(page);
  assert.deepEqual(after.lines.slice(0, 2), before.lines, 'the sample files are still listed, unchanged');
  assert.equal(after.total, before.total + addsSignIns, 'sign-ins counted');
  if (addsSignIns === 0) assert.equal(after.overview, before.overview, 'the overview is unchanged');
  await page.getByRole('tab', { name: 'Rows' }).click();
  const rows = (6 + addsSignIns).toLocaleString('en-US');
  await rowCount(page, `${rows} of ${rows} rows`);
  if (shot) await screenshot(page, shot);
  await done();
}

const dropOne = (name, bytes) => async (page) => {
  await dropFiles(page, 'main', [await write(name, bytes)]);
  await openFiles(page);
  return outcome(page, name);
};

const pickOne = (name, bytes) => async (page) => {
  await page.setInputFiles('#file-input', await write(name, bytes));
  await openFiles(page);
  return outcome(page, name);
};

const REPORT_ONLY =
  'INFO CSV sign-in exports do not include Conditional Access report-only results; download the JSON export to see what report-only policies would have done.';

// --- the catalogue --------------------------------------------------------------

test('an empty file', () =>
  withSampleThen(dropOne('empty.csv', Buffer.alloc(0)), (r) => {
    assert.deepEqual(r, {
      error: 'The file is empty: it has no header and no rows. Download the export again.',
      role: 'alert',
    });
  }));

test('random binary', () =>
  withSampleThen(dropOne('noise.csv', randomBytes(64 * 1024)), (r) => {
    assert.equal(r.error, 'This file contains binary data, not text. It is not a CSV export.');
  }));

const WORKBOOK =
  'This is an Excel workbook or a ZIP archive, not a CSV file. Open it in Excel and save it as "CSV UTF-8", or unzip it and drop the .csv files inside.';

test('an .xlsx workbook', () =>
  withSampleThen(
    dropOne(
      'SignIns_2024-05-01.xlsx',
      zipStored([
        ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
        ['xl/workbook.xml', '<?xml version="1.0"?><workbook/>'],
      ]),
    ),
    (r) => assert.equal(r.error, WORKBOOK),
  ));

test('a .zip archive of CSV exports', () =>
  withSampleThen(dropOne('SignIns_2024-05-01.zip', zipStored([[SAMPLE_SIGN_INS, signIns(3)]])), (r) =>
    assert.equal(r.error, WORKBOOK),
  ));

test('a PDF', () =>
  withSampleThen(
    dropOne('report.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n')),
    (r) => assert.equal(r.error, 'This is a PDF document, not a CSV export. Download the report as CSV from the portal.'),
  ));

test('UTF-16 without a byte-order mark', () =>
  withSampleThen(
    dropOne('utf16.csv', Buffer.from(signIns(3), 'utf16le')),
    (r) => {
      assert.match(r.kind, /^Entra sign-ins, 3 rows — recognised by/);
      assert.deepEqual(r.notes, [
        'INFO This file is UTF-16 (little-endian) text without the byte-order mark that normally announces it. It was recognised from its byte pattern and decoded as UTF-16; nothing was lost.',
        REPORT_ONLY,
      ]);
    },
    { addsSignIns: 3 },
  ));

test('invalid UTF-8', () =>
  withSampleThen(
    dropOne(
      'latin1.csv',
      Buffer.concat([Buffer.from(HEADER + row(1)), cp1252('"2024-05-01T02:00:00Z","r2","josé@contoso.com","Success","0","","Single-factor authentication","app"\r\n')]),
    ),
    async (r, page) => {
      assert.match(r.kind, /^Entra sign-ins, 2 rows/);
      assert.deepEqual(r.notes, [
        'WARNING line 3: 1 byte sequence in this file is not valid UTF-8, the first on line 3. Those bytes were read as Windows-1252, the encoding Excel uses when it saves "CSV" on Western-European Windows, so accented letters there should read correctly. If names look garbled, save the file again as "CSV UTF-8" and reload it.',
        REPORT_ONLY,
      ]);
      await page.getByRole('tab', { name: 'Rows' }).click();
      await page.getByText('josé@contoso.com', { exact: true }).waitFor();
      await page.getByRole('tab', { name: 'Overview' }).click();
    },
    { addsSignIns: 2 },
  ));

test('an unterminated quote at the end of the file', () =>
  withSampleThen(
    dropOne('cut.csv', signIns(2) + '"2024-05-01T05:00:00Z","r9","cut@contoso.com","Succ'),
    (r) => {
      assert.match(r.kind, /^Entra sign-ins, 3 rows \(1 repaired or dropped\)/);
      assert.deepEqual(r.notes, [
        'WARNING line 4: A quoted value in the row starting on line 4 is never closed, so everything from there to the end of the file was read as that one last row; it was kept but is probably incomplete or damaged. The file may have been cut off during the download or edited by hand.',
        // The cut row is also short of fields: said too, since it is.
        "WARNING line 4: 1 row did not have the header's 8 fields (the first at this line). Missing fields were left empty and extra fields were dropped; check whether the file was edited or cut.",
        REPORT_ONLY,
      ]);
    },
    { addsSignIns: 3 },
  ));

test('a single field of 10 MB', () =>
  withSampleThen(
    pickOne(
      'long_field.csv',
      HEADER + row(1) + `"2024-05-01T02:00:00Z","r2","long@contoso.com","Success","0","","Single-factor authentication","${'x'.repeat(10 * 1024 * 1024)}"\r\n`,
    ),
    (r) => {
      assert.match(r.kind, /^Entra sign-ins, 2 rows \(1 repaired or dropped\)/);
      assert.deepEqual(r.notes, [
        'WARNING line 3: 1 row had a value longer than 1 MiB, the first on line 3. Those values were cut at that length and the rows kept. A value this long usually comes from a quote that was opened and never closed.',
        REPORT_ONLY,
      ]);
    },
    { addsSignIns: 2 },
  ));

test('10,000 columns', () =>
  withSampleThen(
    dropOne(
      'wide.csv',
      Array.from({ length: 10_000 }, (_, i) => `column ${i}`).join(',') + '\r\n' +
        Array.from({ length: 10_000 }, (_, i) => `${i}`).join(',') + '\r\n',
    ),
    (r) => {
      assert.equal(r.kind, 'Unrecognised table, 1 row');
      assert.deepEqual(r.notes, [
        "INFO line 1: This file's columns do not match any MFA export MFA Lens knows. It is loaded as a plain table, but it adds nothing to the MFA summary.",
      ]);
    },
  ));

test('a header with every column empty', () =>
  withSampleThen(
    dropOne('no_names.csv', ',,,,,,,\r\n' + [1, 2, 3].map((i) => row(i).replaceAll('"', '')).join('')),
    (r) => {
      // With no names, the first data row is taken as the header: the person is
      // told both that the columns are not an export's and that line 1 was empty
      // (the reader's notes come after the header's).
      assert.equal(r.kind, 'Unrecognised table, 2 rows');
      assert.deepEqual(r.notes, [
        "INFO line 2: This file's columns do not match any MFA export MFA Lens knows. It is loaded as a plain table, but it adds nothing to the MFA summary.",
        'WARNING line 1: Line 1 has column separators but no column names (every field is empty); it was skipped and the next line with text was used as the header. If that line is data rather than column names, the file has no header: download the export again.',
      ]);
    },
  ));

test('a header repeated in the middle (two exports concatenated)', () =>
  withSampleThen(
    dropOne('merged.csv', signIns(3) + signIns(2)),
    (r) => {
      assert.match(r.kind, /^Entra sign-ins, 5 rows — /);
      assert.deepEqual(r.notes, [
        'WARNING line 5: The header line appears again here: this looks like two exports pasted into one file. The repeated header was skipped and the rows after it were kept.',
        REPORT_ONLY,
      ]);
    },
    { addsSignIns: 5 },
  ));

test('exactly 100,000 rows (cut by the portal)', () =>
  withSampleThen(
    pickOne('InteractiveSignIns_2024-05-01_2024-05-31.csv', signIns(100_000)),
    (r) => {
      assert.match(r.kind, /^Entra sign-ins \(interactive\), 100,000 rows — /);
      assert.deepEqual(r.notes, [
        "WARNING The file has exactly 100,000 rows: it was probably cut off by the portal's download limit. Narrow the date range or filter and download again, or use the Graph API for larger ranges.",
        REPORT_ONLY,
      ]);
    },
    { addsSignIns: 100_000 },
  ));

test('an Excel re-save: semicolons, no BOM, Windows-1252, dd/mm/yyyy dates', () =>
  withSampleThen(
    dropOne(
      'SignIns_resaved.csv',
      cp1252(
        'Date (UTC);Request ID;Username;Status;Sign-in error code;Multifactor authentication result;Authentication requirement;Application\r\n' +
          '13/05/2024 09:15;r1;andré@contoso.com;Success;0;;Single-factor authentication;app\r\n' +
          '03/06/2024 10:00;r2;hélène@contoso.com;Success;0;;Single-factor authentication;app\r\n',
      ),
    ),
    async (r, page) => {
      assert.match(r.kind, /^Entra sign-ins, 2 rows — /);
      assert.deepEqual(r.notes, [
        'WARNING line 2: 3 byte sequences in this file are not valid UTF-8, the first on line 2. Those bytes were read as Windows-1252, the encoding Excel uses when it saves "CSV" on Western-European Windows, so accented letters there should read correctly. If names look garbled, save the file again as "CSV UTF-8" and reload it.',
        REPORT_ONLY,
      ]);
      // 03/06/2024 is the 3rd of June: a `;` file comes from a day-first locale.
      // Read month-first it would be the 6th of March, before the sample's May.
      // The axis is labelled on Mondays, in words.
      await page.waitForFunction(() => document.querySelector('.timeline__axis')?.textContent.includes('3 Jun 2024'));
      assert.deepEqual(await page.locator('.timeline__axis span').allTextContents(), ['6 May 2024', '13 May 2024', '20 May 2024', '27 May 2024', '3 Jun 2024']);
    },
    { addsSignIns: 2 },
  ));

test('a file too large for the browser is refused from its size, before reading', () =>
  withSampleThen(
    async (page) => {
      await page.evaluate(() => {
        // 3 GiB reported by File.size, built from one shared 1 MiB part.
        const part = new Blob([new Uint8Array(1 << 20)]);
        const file = new File([new Blob(Array(3 * 1024).fill(part))], 'SignIns_2023_all.csv', { type: 'text/csv' });
        const dt = new DataTransfer();
        dt.items.add(file);
        const zone = document.querySelector('main');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        }
      });
      return outcome(page, 'SignIns_2023_all.csv');
    },
    async (r, page) => {
      assert.deepEqual(r, {
        error:
          'This file is 3.2 GB, more than the 2.5 GB of exports MFA Lens can hold in a browser tab, so it was not read. Instead, download a shorter date range as several smaller files, or run "mfa-lens summary" on the command line, which has no such limit.',
        role: 'alert',
      });
      // Never read: no progress was ever shown for it, and it can be removed.
      const item = fileItem(page, 'SignIns_2023_all.csv');
      assert.equal(await item.locator('.file__progress').count(), 0);
      await screenshot(page, 'bad-inputs-too-large');
      await item.getByRole('button', { name: 'Remove SignIns_2023_all.csv' }).click();
      await item.waitFor({ state: 'detached' });
    },
  ));

test('a large file under the limit is read, not refused, and reading stops once it is known not to be a table', () =>
  withSampleThen(
    async (page) => {
      const started = Date.now();
      await page.evaluate(() => {
        // 2.4 GB of NULs, under the 2.5 GB limit even with the sample loaded.
        const part = new Blob([new Uint8Array(1_000_000)]);
        const file = new File([new Blob(Array(2_400).fill(part))], 'big_zeros.csv', { type: 'text/csv' });
        const dt = new DataTransfer();
        dt.items.add(file);
        const zone = document.querySelector('main');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        }
      });
      const r = await outcome(page, 'big_zeros.csv');
      return { ...r, seconds: (Date.now() - started) / 1000 };
    },
    (r) => {
      assert.equal(r.error, 'This file contains binary data, not text. It is not a CSV export.');
      // Its first 4 MiB slice decides; the other 2.4 GB are never read.
      assert.ok(r.seconds < 10, `took ${r.seconds} s`);
    },
  ));
