// The page's Content-Security-Policy: parsed, checked, and given the hashes of
// the inline scripts Trunk writes into the page.
//
// Trunk 0.21 starts the wasm with an inline `<script type="module">` (and, under
// `trunk serve`, an inline live-reload script). Allowing them with
// 'unsafe-inline' would allow any injected script too; a hash allows exactly the
// bytes the build wrote. The hashes can only be known after the build, so the
// policy in index.html lists everything else and this step adds them.
import { createHash } from 'node:crypto';

/// The error of a build step: the build stops with this message.
export class BuildError extends Error {}

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;

/// The CSP source expression allowing exactly `text` as an inline script or style.
export function sha256Source(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/// The text of every inline `<script>` (one without `src`) in `html`, in order.
/// Non-JavaScript script elements (`type="text/plain"`, JSON) are data, never run.
export function inlineScripts(html) {
  const found = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1];
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*"([^"]*)"/i.exec(attrs)?.[1]?.toLowerCase() ?? '';
    if (type !== '' && type !== 'module' && type !== 'text/javascript') continue;
    found.push(m[2]);
  }
  return found;
}

/// A policy as an ordered list of [directive, [sources…]].
export function parsePolicy(text) {
  return text
    .split(';')
    .map((d) => d.trim().split(/\s+/).filter(Boolean))
    .filter((tokens) => tokens.length > 0)
    .map(([name, ...sources]) => [name.toLowerCase(), sources]);
}

export function serialisePolicy(policy) {
  return policy.map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/// Source expressions a policy of MFA Lens may use. Anything else — a host, a
/// scheme such as `https:`, `*`, 'unsafe-inline' for scripts, 'unsafe-eval' — is
/// refused at build time, so the promise "no third-party origin" cannot be
/// broken by an edit to index.html that nobody notices.
const ALLOWED = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'data:', 'blob:']);

/// Throws a `BuildError` unless `policy` keeps the page to itself.
/// `relaxations` names the directives allowed to hold 'unsafe-inline' (only ever
/// style attributes: see index.html).
export function checkPolicy(policy, { relaxations = ['style-src-attr'] } = {}) {
  const names = new Map(policy);
  for (const required of ['default-src', 'script-src', 'connect-src', 'object-src', 'base-uri', 'form-action']) {
    if (!names.has(required)) throw new BuildError(`the Content-Security-Policy has no ${required}`);
  }
  for (const [name, sources] of policy) {
    for (const source of sources) {
      if (ALLOWED.has(source) || /^'sha256-[A-Za-z0-9+/]+={0,2}'$/.test(source)) continue;
      if (source === "'unsafe-inline'" && relaxations.includes(name)) continue;
      throw new BuildError(`the Content-Security-Policy allows ${source} in ${name}`);
    }
  }
  const connect = names.get('connect-src');
  if (!connect.every((s) => s === "'self'" || s === "'none'")) {
    throw new BuildError(`connect-src must be 'self' or 'none', not ${connect.join(' ')}`);
  }
  for (const name of ['object-src', 'base-uri', 'form-action']) {
    if (names.get(name).join(' ') !== "'none'") throw new BuildError(`${name} must be 'none'`);
  }
}

/// `html` with the hash of each of its inline scripts added to its policy's
/// script-src (once each), after checking the policy.
export function addInlineScriptHashes(html) {
  const meta = META.exec(html);
  if (!meta) throw new BuildError('the page has no Content-Security-Policy meta element');
  const policy = parsePolicy(meta[1]);
  const scriptSrc = policy.find(([name]) => name === 'script-src');
  if (!scriptSrc) throw new BuildError('the Content-Security-Policy has no script-src');
  for (const text of inlineScripts(html)) {
    const source = sha256Source(text);
    if (!scriptSrc[1].includes(source)) scriptSrc[1].push(source);
  }
  checkPolicy(policy);
  const element = `<meta http-equiv="Content-Security-Policy" content="${serialisePolicy(policy)}" />`;
  return html.slice(0, meta.index) + element + html.slice(meta.index + meta[0].length);
}

/// The policy of a page, parsed (for tests).
export function policyOf(html) {
  const meta = META.exec(html);
  return meta ? parsePolicy(meta[1]) : null;
}
