// The `mfa-lens` command line, which the tests compare the page with and use to
// generate large inputs. `cargo build -p mfa-lens-cli` (the native test step of
// `./x test`) builds it into the cargo target directory.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ROOT } from './browser.mjs';

const PATH = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'mfa-lens');

/// The binary's path, once it is known to be built.
export function cli() {
  assert.ok(existsSync(PATH), `build the CLI first: cargo build -p mfa-lens-cli (looked for ${PATH})`);
  return PATH;
}

/// `mfa-lens summary` of files in one folder, as text. Run in that folder, so
/// the files are named as the page names them (by file name).
export function cliSummary(paths) {
  const dir = dirname(paths[0]);
  assert.ok(paths.every((p) => dirname(p) === dir), 'one folder per CLI run');
  return execFileSync(cli(), ['summary', ...paths.map((p) => basename(p))], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}
