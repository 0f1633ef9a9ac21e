// MFA Lens service worker: keeps the page's own files (the "shell") so the page
// opens and works with the network off after a first visit.
//
// The build (scripts/build/service_worker.mjs) writes `dist/sw.js` as two lines
// defining SHELL_VERSION and SHELL_FILES followed by this file. SHELL_VERSION is
// a digest of every shell file, so any new deploy changes sw.js byte for byte;
// the browser notices on its next visit, installs the new worker beside the old
// one, and the page offers "A new version is available — Reload" instead of
// swapping files under a page that is using them.
//
// Rules kept here:
// - Only the page's own origin, only GET, only the listed files: anything else is
//   left to the browser untouched (the page itself makes no other request).
// - Relative URLs only: every file is resolved against this worker's scope, so
//   the same dist/ works at the root of a host or under any nested path.
// - A new version waits until the page asks it to take over (the Reload button);
//   the first version takes control at once, so the first visit already works
//   offline on its next load.

/* global SHELL_VERSION, SHELL_FILES */

const CACHE_PREFIX = 'mfa-lens-shell-';
const CACHE_NAME = CACHE_PREFIX + SHELL_VERSION;

/// The shell file a request is for, as an absolute URL, or null when the request
/// is not for a shell file. A navigation to the folder itself (`…/path/`) is the
/// page, `index.html`; the query string of a navigation is ignored (the page
/// keeps its state in the hash, which never reaches here).
function shellKey(requestUrl, scopeUrl, files, isNavigation) {
  const url = new URL(requestUrl);
  const scope = new URL(scopeUrl);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  let rel = url.pathname.slice(scope.pathname.length);
  if (rel === '' && isNavigation) rel = 'index.html';
  if (url.search !== '' && !isNavigation) return null;
  if (!files.includes(rel)) return null;
  return new URL(rel, scope).href;
}

if (typeof self !== 'undefined' && typeof self.addEventListener === 'function' && self.registration) {
  self.addEventListener('install', (event) => {
    // `reload` skips the HTTP cache, so a new version never mixes in stale files.
    event.waitUntil(
      caches.open(CACHE_NAME).then((cache) =>
        cache.addAll(
          SHELL_FILES.map((f) => new Request(new URL(f, self.registration.scope), { cache: 'reload' })),
        ),
      ),
    );
  });

  self.addEventListener('activate', (event) => {
    event.waitUntil(
      caches
        .keys()
        .then((names) =>
          Promise.all(
            names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE_NAME).map((n) => caches.delete(n)),
          ),
        )
        .then(() => self.clients.claim()),
    );
  });

  // The page's Reload button: the waiting version takes over, the page reloads
  // on `controllerchange`.
  self.addEventListener('message', (event) => {
    if (event.data === 'skip-waiting') self.skipWaiting();
  });

  self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const key = shellKey(request.url, self.registration.scope, SHELL_FILES, request.mode === 'navigate');
    if (key === null) return;
    event.respondWith(
      caches
        .open(CACHE_NAME)
        .then((cache) => cache.match(key))
        .then((hit) => hit ?? fetch(request)),
    );
  });
}
