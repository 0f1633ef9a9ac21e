// The files of a build folder, as the page names them: relative, with `/`.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/// Every file under `dir`, relative to it, sorted so digests never depend on the
/// order the file system lists them in.
export async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}
