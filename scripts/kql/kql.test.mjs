// Every query `mfa-lens kql` prints, through Kusto.Language's semantic
// analysis against the two sign-in tables (./schema.mjs): zero errors. And
// values that try to escape their string literal — quotes, backslashes, line
// breaks, control and bidirectional characters, `x" | take 1; //` — change
// no token of the query outside that literal, and come back out of the
// parser exactly as given.
//
// Needs the CLI built (`cargo build -p mfa-lens-cli`), found where the
// end-to-end tests find it (e2e/cli.mjs): $CARGO_TARGET_DIR/debug/mfa-lens,
// else target/debug/mfa-lens.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { cli } from '../../e2e/cli.mjs';
import { errors, literals, structure } from './kusto.mjs';

/** `mfa-lens kql ARGS…`'s output; fails on a non-zero exit. */
function kql(...args) {
  return execFileSync(cli(), ['kql', ...args], { encoding: 'utf8' });
}

/** `mfa-lens kql ARGS…` expected to fail: its stdout and stderr. */
function kqlFails(...args) {
  const out = spawnSync(cli(), ['kql', ...args], { encoding: 'utf8' });
  assert.notEqual(out.status, 0, `expected kql ${args.join(' ')} to fail:\n${out.stdout}`);
  return out;
}

function assertValid(query, what) {
  assert.deepEqual(errors(query), [], `${what}:\n${query}`);
}

const RANGE = ['--from', '2024-05-01T00:00:00Z', '--to', '2024-05-02T00:00:00Z'];

/** Every rule id `kql findings` lists, with its query or why there is none. */
function rules() {
  const text = kql('findings');
  return [...text.matchAll(/^\/\/ ([a-z-]+): (.*)$/gm)].map(([, id, rest]) => ({
    id,
    available: !rest.includes('not available in Log Analytics'),
  }));
}

test('the schema holds the difference the queries must handle', () => {
  // Without normalising each table first, a union splits Status into
  // Status_dynamic and Status_string: the check must see that.
  assert.notDeepEqual(errors('union SigninLogs, AADNonInteractiveUserSignInLogs | project Status'), []);
  assertValid('union SigninLogs, AADNonInteractiveUserSignInLogs | project Status_dynamic, Status_string', 'split');
  assert.notDeepEqual(errors('SigninLogs | project NoSuchColumn'), []);
});

test('the overview, with and without a time range, is valid KQL', () => {
  assertValid(kql('overview'), 'overview');
  const ranged = kql('overview', ...RANGE);
  assertValid(ranged, 'overview with a range');
  assert.match(ranged, /TimeGenerated >= datetime\(2024-05-01T00:00:00Z\)/);
});

test('every filter kind is valid KQL, alone and together', () => {
  const filters = [
    'Username=carol.diaz@contoso.com',
    'Application~portal',
    'Sign-in error code=500121',
    'outcome=denied',
    'outcome=interrupted',
    'user=Carol.Diaz@contoso.com',
    'date=2024-05-01T00:00:00Z..2024-05-01T12:00:00Z',
    'date=..2024-05-01T12:00:00Z',
    'search=declined',
    '$reason~fraud',
    '$mfa_required=yes',
    'MfaResult~denied',
  ];
  for (const f of filters) assertValid(kql('rows', '--filter', f), f);
  assertValid(kql('rows', ...RANGE, ...filters.flatMap((f) => ['--filter', f])), 'all filters');
  assertValid(kql('rows'), 'no filter');
  const pageQuery = JSON.stringify({ d: 'sign_ins', f: [{ t: 'equals', c: 'status', v: [] }], q: 'x' });
  // The portal's Status (Success, Failure, Interrupted) has no Log Analytics column.
  assert.match(kqlFails('rows', '--query', pageQuery).stderr, /no Log Analytics column stands for "status"/);
});

test('a filter on chosen rows is refused, not dropped', () => {
  const query = JSON.stringify({ d: 'sign_ins', f: [{ t: 'rows', l: 'evidence', v: [1] }] });
  const out = kqlFails('rows', '--query', query);
  assert.match(out.stderr, /rows of the loaded files/);
  assert.equal(out.stdout, '');
});

test('every findings rule on sign-ins is valid KQL, with default and changed thresholds', () => {
  const all = rules();
  assert.deepEqual(
    all.map((r) => r.id).sort(),
    ['admin-without-mfa', 'block-lifted-after-fraud', 'code-guessing', 'fraud-reported',
      'mfa-fatigue', 'prompt-volume', 'single-factor-access'],
  );
  for (const { id, available } of all) {
    if (!available) {
      assert.match(kqlFails('findings', '--rule', id).stderr, /not available in Log Analytics/);
      continue;
    }
    assertValid(kql('findings', '--rule', id), id);
    assertValid(kql('findings', '--rule', id, ...RANGE), `${id} with a range`);
  }
  const tuned = kql('findings', '--rule', 'prompt-volume', '--min-daily', '7', '--multiple', '1.5');
  assertValid(tuned, 'prompt-volume tuned');
  assert.match(tuned, /max_of\(real\(7\.0\), real\(1\.5\) \* MfaLensMedian\)/);
  const fatigue = kql('findings', '--rule', 'mfa-fatigue', '--min-prompts', '3', '--gap-minutes', '2');
  assertValid(fatigue, 'mfa-fatigue tuned');
  assert.match(fatigue, /> 2m, 1, 0\)/);
  assert.match(fatigue, /where Count >= 3\n/);
});

const EDGE_VALUES = [
  'x" | take 1; //',
  "it's",
  'back\\slash\\',
  'ends with a backslash and quote\\"',
  'two\nlines',
  'crlf\r\nline',
  'tab\there',
  'control \u0001\u001f\u007f\u0085 inside',
  'José ’ 😀 日本',
  'bidi \u202eevil\u202c and \u2028 separator',
  '@"verbatim"',
  '```',
  '\\u0022',
  '*/ /* // ',
];

/** The filters a value can be given in. */
const AS_FILTERS = (v) => [
  `Username=${v}`,
  `Application~${v}`,
  `user=${v}`,
  `search=${v}`,
  `outcome=${v}`,
  `$reason=${v}`,
];

test('edge and hostile values stay inside their literals', () => {
  const plain = AS_FILTERS('x').map((f) => kql('rows', '--filter', f));
  for (const value of EDGE_VALUES) {
    AS_FILTERS(value).forEach((filter, i) => {
      const query = kql('rows', '--filter', filter);
      assertValid(query, JSON.stringify(filter));
      assert.deepEqual(structure(query), structure(plain[i]), `tokens changed by ${JSON.stringify(filter)}`);
      const decoded = literals(query);
      // `Contains` and the search trim their text, as the page does; a user
      // is folded to lower case.
      const expected = filter.startsWith('user=') ? null : filter.match(/^[^=~]*[=~]([\s\S]*)$/)[1];
      if (expected !== null) {
        const wanted = /^(Application~|search=)/.test(filter) ? expected.trim() : expected;
        assert.ok(decoded.includes(wanted), `${JSON.stringify(wanted)} not among the literals`);
      }
    });
  }
});
