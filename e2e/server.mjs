// A tiny static file server for the end-to-end tests: serves dist/ on 127.0.0.1,
// optionally under a nested path (as a GitHub Pages project page would), and
// records every request so tests can prove what the page asked for. `mounts`
// serves other folders under their own prefixes (the benchmark's Papa Parse
// page, `{ '/bench/': dir }`), from the same origin as the page.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

export async function serve(root, { basePath = '/', mounts = {} } = {}) {
  const roots = [
    ...Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]),
    [basePath, resolve(root)],
  ];
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://127.0.0.1');
    const mount = roots.find(([prefix]) => url.pathname.startsWith(prefix));
    if (!mount) {
      res.writeHead(404).end('not found');
      return;
    }
    const [prefix, absRoot] = mount;
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(absRoot, rel));
    if (!file.startsWith(absRoot)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
