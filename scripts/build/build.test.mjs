// Unit tests of the post-build steps (run by `./x test`: node --test scripts/build/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import {
  addInlineScriptHashes,
  BuildError,
  checkPolicy,
  inlineScripts,
  parsePolicy,
  policyOf,
  sha256Source,
} from './csp.mjs';
import { serviceWorkerSource, shellFiles, shellVersion } from './service_worker.mjs';
import { singleFileHtml } from './single_file.mjs';

const ROOT = new URL('../../', import.meta.url);

async function withFolder(files, body) {
  const dir = await mkdtemp(join(tmpdir(), 'mfa-lens-build-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- the policy -----------------------------------------------------------------

test('the policy written in index.html passes the build\'s check', async () => {
  const html = await readFile(new URL('index.html', ROOT), 'utf8');
  const policy = policyOf(html);
  assert.ok(policy, 'index.html has a Content-Security-Policy meta element');
  checkPolicy(policy);
  const connect = policy.find(([n]) => n === 'connect-src')[1];
  assert.deepEqual(connect, ["'self'"]);
});

test('the check refuses any third-party origin, wildcard or inline script', () => {
  const base = "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
  checkPolicy(parsePolicy(base));
  for (const [bad, message] of [
    ["; img-src https://cdn.example.com", /https:\/\/cdn\.example\.com in img-src/],
    ['; font-src https:', /https: in font-src/],
    ['; style-src *', /\* in style-src/],
    ["; script-src 'unsafe-inline'", /'unsafe-inline' in script-src/],
    ["; script-src 'unsafe-eval'", /'unsafe-eval' in script-src/],
  ]) {
    assert.throws(() => checkPolicy(parsePolicy(base + bad)), (e) => e instanceof BuildError && message.test(e.message));
  }
  assert.throws(() => checkPolicy(parsePolicy(base.replace("connect-src 'self'", 'connect-src blob:'))), /connect-src must be/);
  assert.throws(() => checkPolicy(parsePolicy(base.replace("base-uri 'none'", "base-uri 'self'"))), /base-uri must be 'none'/);
  assert.throws(() => checkPolicy(parsePolicy("default-src 'self'")), /no script-src/);
});

test('inline scripts get their sha256 in script-src, once, and scripts with src or of data types are skipped', () => {
  const start = "\nimport init from './a.js';\nawait init();\n";
  const html =
    `<head><meta http-equiv="Content-Security-Policy" content="\n  default-src 'self';\n  script-src 'self' 'wasm-unsafe-eval';\n` +
    `  connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'" />` +
    `<script type="module">${start}</script><script src="./b.js"></script>` +
    `<script type="text/plain">data</script></head>`;
  assert.deepEqual(inlineScripts(html), [start]);
  const once = addInlineScriptHashes(html);
  const scriptSrc = policyOf(once).find(([n]) => n === 'script-src')[1];
  assert.deepEqual(scriptSrc, ["'self'", "'wasm-unsafe-eval'", sha256Source(start)]);
  assert.equal(addInlineScriptHashes(once), once, 'running the step twice changes nothing');
  // The known value of the hash, as a browser computes it.
  assert.equal(sha256Source('alert(1)'), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  assert.throws(() => addInlineScriptHashes('<head></head>'), /no Content-Security-Policy/);
});

// --- the service worker ---------------------------------------------------------

/// The template's `shellKey`, run in a sandbox without `self` (so no handler is installed).
async function shellKeyOf() {
  const source = await serviceWorkerSource('v', []);
  const context = vm.createContext({ URL });
  vm.runInContext(`${source}\nglobalThis.shellKey = shellKey;`, context);
  return context.shellKey;
}

test('the service worker serves only the listed files of its own folder', async () => {
  const shellKey = await shellKeyOf();
  const scope = 'https://example.github.io/mfa-lens/';
  const files = ['index.html', 'app-1234.js', 'app-1234_bg.wasm'];
  const key = (url, nav = false) => shellKey(url, scope, files, nav);
  assert.equal(key(scope, true), `${scope}index.html`, 'the folder itself is the page');
  assert.equal(key(`${scope}?from=pwa`, true), `${scope}index.html`);
  assert.equal(key(`${scope}app-1234.js`), `${scope}app-1234.js`);
  assert.equal(key(`${scope}app-1234_bg.wasm`), `${scope}app-1234_bg.wasm`);
  assert.equal(key(`${scope}app-1234.js?x=1`), null, 'a query string is not the file the build wrote');
  assert.equal(key(`${scope}other.js`), null, 'not a file of this build');
  assert.equal(key(scope), null, 'only a navigation to the folder means the page');
  assert.equal(key('https://example.github.io/other-project/index.html', true), null, 'a sibling folder is not ours');
  assert.equal(key('https://cdn.example.com/mfa-lens/app-1234.js'), null, 'another origin is never ours');
});

test('the shell is every file but sw.js and the single-file edition, and its version follows every byte', async () => {
  await withFolder(
    { 'index.html': 'page', 'a.js': 'one', 'sw.js': 'old', 'mfa-lens.html': 'single' },
    async (dir) => {
      const files = await shellFiles(dir);
      assert.deepEqual(files, ['a.js', 'index.html']);
      const v1 = await shellVersion(dir, files);
      await writeFile(join(dir, 'mfa-lens.html'), 'changed');
      assert.equal(await shellVersion(dir, files), v1, 'the single file is not part of the shell');
      await writeFile(join(dir, 'a.js'), 'onf');
      assert.notEqual(await shellVersion(dir, files), v1, 'one changed byte is a new version');
      const source = await serviceWorkerSource(v1, files);
      assert.match(source, new RegExp(`^const SHELL_VERSION = "${v1}";$`, 'm'));
      assert.match(source, /^const SHELL_FILES = \["a\.js","index\.html"\];$/m);
    },
  );
});

// --- the single-file edition -----------------------------------------------------

/// A build folder shaped as Trunk 0.21 writes it, with tiny stand-ins for the modules.
function trunkShapedBuild(pageModule = 'let wasm;\nasync function __wbg_init(x) { wasm = x; }\nexport { initSync, __wbg_init as default };\n') {
  const index =
    '<!doctype html><html><head><meta charset="utf-8" />' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'" />` +
    '<link rel="icon" href="icon.svg" type="image/svg+xml" /><link rel="manifest" href="manifest.webmanifest" />' +
    '<link rel="stylesheet" href="./main-1.css" integrity="sha384-x"/>\n<script type="module">\n' +
    "import init, * as bindings from './page-1.js';\nconst wasm = await init({ module_or_path: './page-1_bg.wasm' });\n</script>" +
    '<link rel="modulepreload" href="./page-1.js"><link rel="preload" href="./page-1_bg.wasm" as="fetch"></head><body></body></html>';
  return {
    'index.html': index,
    'main-1.css': 'body { color: red; }',
    'page-1.js': pageModule,
    'page-1_bg.wasm': Buffer.from([0, 97, 115, 109]),
    'mfa-lens-worker_loader.js': 'importScripts("./w.js");wasm_bindgen("./w_bg.wasm");',
    'w.js': 'let wasm_bindgen = (function(){ return () => {}; })(); // </script> in the worker is escaped',
    'w_bg.wasm': Buffer.from([0, 97, 115, 109, 1]),
    'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  };
}

test('the single-file edition refers to no other file and allows exactly its own script and style', async () => {
  const html = await withFolder(trunkShapedBuild(), singleFileHtml);
  for (const name of ['main-1.css', 'page-1.js', 'page-1_bg.wasm', 'w.js', 'w_bg.wasm', 'icon.svg', 'manifest.webmanifest']) {
    assert.ok(!new RegExp(`(src|href)="\\.?/?${name.replace('.', '\\.')}"`).test(html), `${name} is not loaded from disk`);
  }
  assert.ok(!/modulepreload|rel="preload"|rel="manifest"/.test(html));
  assert.match(html, /<link rel="icon" href="data:image\/svg\+xml;base64,/);
  assert.match(html, /<style>body \{ color: red; \}<\/style>/);
  assert.ok(!/^export\s/m.test(html), 'the module export is gone');
  assert.ok(html.includes(JSON.stringify(Buffer.from([0, 97, 115, 109]).toString('base64'))), 'the page wasm is inlined');
  assert.ok(html.includes('\\u003c/script>'), 'markup in the worker source is escaped');

  const scripts = inlineScripts(html);
  assert.equal(scripts.length, 1);
  const policy = new Map(policyOf(html));
  assert.deepEqual(policy.get('script-src'), [sha256Source(scripts[0]), "'wasm-unsafe-eval'"]);
  assert.deepEqual(policy.get('style-src'), [sha256Source('body { color: red; }')]);
  assert.deepEqual(policy.get('connect-src'), ["'none'"]);
  assert.deepEqual(policy.get('worker-src'), ['blob:']);
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
});

test('the single-file edition refuses a page module that imports other files', async () => {
  const build = trunkShapedBuild("import { x } from './snippets/x.js';\nexport { initSync, __wbg_init as default };\n");
  await assert.rejects(withFolder(build, singleFileHtml), (e) => e instanceof BuildError && /imports other files/.test(e.message));
});
