// Start-up as a person meets it: from opening the page to the sample's
// Overview, for the hosted page on a first visit, the same page reloaded from
// its offline copy with the network off, and the single file opened from disk.
// Prints the seconds of each run (`node bench/startup.mjs [RUNS]`); nothing is
// asserted — the README quotes the figures.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../e2e/server.mjs';
import { launch, DIST } from '../e2e/browser.mjs';

const RUNS = Number(process.argv[2] ?? 3);

async function toOverview(page, open) {
  const started = Date.now();
  await open();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.locator('.overview [data-section=sign-ins] .tile__value').first().waitFor();
  return (Date.now() - started) / 1000;
}

const server = await serve(DIST);
const browser = await launch();
const figures = { 'hosted, first visit': [], 'hosted, offline copy': [], 'single file from disk': [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    figures['hosted, first visit'].push(await toOverview(page, () => page.goto(server.url)));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true));
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    figures['hosted, offline copy'].push(await toOverview(page, () => page.reload()));
    await context.close();

    const single = await browser.newContext();
    const file = await single.newPage();
    const url = pathToFileURL(join(DIST, 'mfa-lens.html')).href;
    figures['single file from disk'].push(await toOverview(file, () => file.goto(url)));
    await single.close();
  }
} finally {
  await browser.close();
  await server.close();
}
for (const [what, seconds] of Object.entries(figures)) {
  console.log(`${what}: ${seconds.map((s) => s.toFixed(2)).join(', ')} s`);
}
