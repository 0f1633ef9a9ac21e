// Launches Debian's Chromium through playwright-core (never a downloaded browser)
// with the flags that keep it from calling out, and does what a person does to
// the page: drop files, look at it (screenshots). `suite.mjs` opens the pages.
import { chromium } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = process.env.MFA_LENS_DIST ?? join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/// True for a blob: URL the page at `origin` made (the hosted page's shards
/// start from one): it names bytes in the browser and never goes on the wire.
export function isOwnBlob(url, origin) {
  return url.startsWith(`blob:${origin}/`);
}

/// Requests that went anywhere but `origin`. data: URLs and the origin's own
/// blob: URLs are not requests on the wire.
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !isOwnBlob(u, origin));
}

/// Drops files on `selector` with a real `drop` event carrying a DataTransfer,
/// as a person dragging files from their desktop does.
export async function dropFiles(page, selector, paths) {
  const files = await Promise.all(
    paths.map(async (p) => ({ name: basename(p), base64: (await readFile(p)).toString('base64') })),
  );
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector);
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: 'text/csv' }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    { selector, files },
  );
}

/// A PNG in e2e/artifacts: the whole page, or with `fullPage: false` the
/// first screen only (what a person sees before scrolling).
export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
