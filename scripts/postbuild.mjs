// Trunk's post-build hook (Trunk.toml): finishes the page Trunk wrote into its
// staging folder before Trunk moves it to dist/.
//
//   1. index.html: the hashes of Trunk's inline scripts go into the page's
//      Content-Security-Policy, and the policy is checked (scripts/build/csp.mjs);
//   2. release builds: mfa-lens.html, the single-file edition
//      (scripts/build/single_file.mjs);
//   3. release builds: sw.js, the service worker that keeps the page working
//      offline, versioned by the digest of every file (scripts/build/service_worker.mjs).
//
// Debug builds (`trunk serve`) skip 2 and 3: the page registers no service
// worker in a debug build (src/service_worker.rs), so a developer's edits are
// never hidden behind a cache.
//
// Also runnable by hand on a finished build: `node scripts/postbuild.mjs dist`.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { addInlineScriptHashes, BuildError } from './build/csp.mjs';
import { writeServiceWorker } from './build/service_worker.mjs';
import { writeSingleFile } from './build/single_file.mjs';

const dir = resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';

try {
  const index = join(dir, 'index.html');
  const html = await readFile(index, 'utf8');
  // Idempotent: hashes already present are not added twice.
  await writeFile(index, addInlineScriptHashes(html));
  if (release) {
    const bytes = await writeSingleFile(dir);
    console.log(`postbuild: mfa-lens.html (single-file edition), ${bytes} bytes`);
    const { version, files } = await writeServiceWorker(dir);
    console.log(`postbuild: sw.js version ${version}, ${files.length} files kept offline`);
  }
} catch (e) {
  console.error(`postbuild: ${e instanceof BuildError ? e.message : e.stack}`);
  process.exit(1);
}
