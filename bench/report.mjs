// The tables `./x bench` prints (and `node bench/run.mjs --report` prints again
// from target/bench-data/last-run.json): medians, cells and the report itself.

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/// "median [min–max]", or the one value when there is one run.
export function cell(values, digits, grouped = false) {
  const v = values.filter((x) => Number.isFinite(x));
  if (!v.length) return '–';
  const f = (x) => (grouped ? Math.round(x).toLocaleString('en') : x.toFixed(digits));
  if (v.length === 1) return f(v[0]);
  return `${f(median(v))} [${f(Math.min(...v))}–${f(Math.max(...v))}]`;
}

/// The ratio of two medians.
export function ratioCell(a, b) {
  const r = median(a) / median(b);
  return Number.isFinite(r) ? `${r.toFixed(r >= 10 ? 1 : 2)}×` : '–';
}

export const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e8 ? 1 : 0);

export function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

// --- the report ------------------------------------------------------------------------------------

const ok = (runs) => (runs ?? []).filter((r) => !r.failed);
const mbps = (s, runs, key = 'ms') => ok(runs).map((r) => s.bytes / 1e6 / (r[key] / 1e3));
const rowsps = (s, runs) => ok(runs).map((r) => s.rows / (r.ms / 1e3));
const papaMbps = (s, m) => (s.papa[m] ? mbps(s, s.papa[m]) : []);
const nativeIngest = (s) => s.native.ingest_ms.map((ms) => s.bytes / 1e6 / (ms / 1e3));
const nativeOverview = (s) => s.native.overview_ms.map((ms) => s.bytes / 1e6 / (ms / 1e3));
const failedCell = (runs, text) => (!runs ? 'not run' : runs.length && !ok(runs).length ? runs[0].failed : text);
const sum = (values) => values.reduce((a, b) => a + b, 0);
const x = (r) => (Number.isFinite(r) ? `${r.toFixed(r >= 10 ? 1 : 2)}×` : '–');
const met = (b) => (b ? 'met' : '**missed**');

/// MFA Lens's runs of one set, one group per shard count W (in the order run).
/// A run from before BENCH_WORKERS has no W: it is its own group.
function groups(info, set) {
  return (info.workers ?? [null]).map((w) => ({
    w,
    label: w === null ? 'one worker (before shards)' : `W = ${w}`,
    runs: set.lens.filter((r) => !r.extra && (r.workers ?? null) === w),
  }));
}

const lensMbps = (s, g) => mbps(s, g?.runs ?? []);
const group = (info, s, w) => groups(info, s).find((g) => g.w === w);

/// Throughput with W shards ÷ (W × throughput with one), from the medians.
function efficiency(info, s, g) {
  const one = group(info, s, 1);
  if (!one || g.w === null) return NaN;
  return median(lensMbps(s, g)) / (g.w * median(lensMbps(s, one)));
}

/// The efficiency as a cell; a set with fewer files than W says so (the
/// shards read whole files, so some of them had nothing to read).
function efficiencyCell(info, s, g) {
  const e = efficiency(info, s, g);
  if (!Number.isFinite(e)) return '–';
  return g.w > s.files.length ? `${e.toFixed(2)} (${s.files.length} file${s.files.length > 1 ? 's' : ''})` : e.toFixed(2);
}

/// Wasm memory of the shards of one run, in bytes: summed over the shards read,
/// and the largest; NaN where none could be read.
const shardSum = (r) => (r.shardWasm?.some((b) => b !== null) ? sum(r.shardWasm.filter((b) => b !== null)) : NaN);
const shardMax = (r) => (r.shardWasm?.some((b) => b !== null) ? Math.max(...r.shardWasm.filter((b) => b !== null)) : NaN);

function shardMemoryCell(runs) {
  if (!runs.length) return '–';
  if (runs.every((r) => r.shardCount === undefined)) return 'not read (a run from before shards)';
  if (runs.every((r) => r.shardCount === 0)) return 'no shard seen';
  const read = runs.filter((r) => Number.isFinite(shardSum(r)));
  const ended = sum(runs.map((r) => r.shardsEnded ?? 0));
  const unreadable = sum(runs.map((r) => (r.shardWasm ?? []).filter((b) => b === null).length));
  const all = sum(runs.map((r) => r.shardCount ?? 0));
  const notes = [];
  if (ended) notes.push(`${ended} of the runs’ ${all} shards had ended by the end of the load: not read`);
  if (unreadable) notes.push(`${unreadable} of the runs’ ${all} shards without \`wasmMemoryBytes\`: not read`);
  // The page ends its shards once every file is read: nothing is left to read.
  if (!read.length && ended === all) return `none left: the ${all} shards of the runs had ended once the files were read`;
  if (!read.length) return `not readable (${notes.join('; ')})`;
  const figure = `${cell(read.map((r) => shardSum(r) / 1e6), 0)}; largest ${cell(read.map((r) => shardMax(r) / 1e6), 0)}`;
  return notes.length ? `${figure} (${notes.join('; ')})` : figure;
}

function shardHeapCell(runs) {
  if (runs.every((r) => r.shardHeap === undefined)) return '–';
  if (runs.every((r) => r.shardsSampled === 0)) return 'no shard';
  return cell(runs.map((r) => r.shardHeap / 1e6), 1);
}

/// One table per set: MFA Lens with each W side by side.
function lensTable(info, s) {
  const gs = groups(info, s);
  const col = (f) => gs.map((g) => (g.runs.length ? f(g.runs, g) : 'not run'));
  const head = [`**MFA Lens**, ${s.label}: ${mb(s.bytes)} MB, ${s.files.length} file${s.files.length > 1 ? 's' : ''}, ${s.rows.toLocaleString('en')} rows`, ...gs.map((g) => g.label)];
  const rows = [
    ['drop → overview (s)', ...col((runs) => cell(runs.map((r) => r.ms / 1e3), 2))],
    ['ingest (MB/s)', ...col((runs) => cell(mbps(s, runs), 0))],
    ['ingest (rows/s)', ...col((runs) => cell(rowsps(s, runs), 0, true))],
    ['scaling efficiency: MB/s ÷ (W × MB/s with W = 1)', ...col((_, g) => efficiencyCell(info, s, g))],
    ['longest UI-thread block during the load (ms)', ...col((runs) => cell(runs.map((r) => r.longest), 0))],
    ['shard workers seen (workers of the page besides the coordinator)', ...col((runs) => (runs[0].shardCount === undefined ? '–' : cell(runs.map((r) => r.shardCount), 0)))],
    ['coordinator wasm memory, peak (MB; × input)', ...col((runs) => `${cell(runs.map((r) => r.workerWasm / 1e6), 0)}; ${x(median(runs.map((r) => r.workerWasm)) / s.bytes)}`)],
    ['shards’ wasm memory after the load (MB: all shards; largest)', ...col((runs) => shardMemoryCell(runs))],
    ['page wasm memory, peak (MB)', ...col((runs) => cell(runs.map((r) => r.pageWasm / 1e6), 1))],
    ['JS heap peak, page / coordinator / shards (MB)', ...col((runs) => `${cell(runs.map((r) => r.pageHeap / 1e6), 1)} / ${cell(runs.map((r) => r.workerHeap / 1e6), 1)} / ${shardHeapCell(runs)}`)],
  ];
  return table(head, rows);
}

export function report(info, sets) {
  const out = [];
  out.push(`Machine: ${info.cpu}, ${info.cores} cores, ${info.ram_gb} GB RAM; ${info.chromium}; Node ${info.node}`);
  out.push(`Load average before / after: ${info.load_before} / ${info.load_after}`);
  out.push(`Runs: ${info.runs} per figure and W (1M rows: ${info.big_runs}; each filter and sort: ${info.query_runs}); cells are median [min–max].`);
  if (info.workers) {
    out.push(`Shards: W = ${info.workers.join(', ')} (the page's \`?workers=W\`), interleaved run by run; the page's default here: navigator.hardwareConcurrency ${info.hardware_concurrency}, capped at 8: W = ${info.page_default_workers}.`);
  }
  const wLabels = (s) => groups(info, s).map((g) => g.label.replace(/^W = /, '')).join(' / ');
  const wHead = sets.length ? (info.workers ? `W = ${wLabels(sets[0])}` : 'one worker') : '';

  for (const s of sets) {
    out.push('');
    out.push(lensTable(info, s));
  }
  out.push('');
  out.push('W: the shard workers the coordinator (the worker that holds the rows) spreads the reading of the files over. ' +
    'Wasm memory is read from each module’s `wasmMemoryBytes()` (exact: linear memory never shrinks, so its size after the load is its peak): ' +
    'the coordinator’s and the page’s after the load; each shard’s after the load too, if it is still running then. ' +
    'A shard that has ended by then cannot be read from the page, and a shard is not read during the load (asking a busy worker would call into its wasm between two of its own calls): ' +
    'such shards are counted in the cell, without a figure. JS heaps: sampled every 100 ms over CDP, the shards’ peaks summed.');

  out.push('');
  const head = ['', ...sets.map((s) => `${s.label}: ${mb(s.bytes)} MB, ${s.files.length} file${s.files.length > 1 ? 's' : ''}, ${s.rows.toLocaleString('en')} rows`)];
  const perSet = (f) => sets.map((s) => f(s));
  const perW = (s, f) => groups(info, s).map((g) => f(g)).join(' / ');
  const rows = [
    [`**MFA Lens** ingest (MB/s), ${wHead}`, ...perSet((s) => perW(s, (g) => (g.runs.length ? median(lensMbps(s, g)).toFixed(0) : '–')))],
    [`MFA Lens longest UI-thread block, longest of the runs (ms), ${wHead}`, ...perSet((s) => perW(s, (g) => (g.runs.length ? Math.max(...g.runs.map((r) => r.longest)).toFixed(0) : '–')))],
    ['Chromium reading the files alone: 4 MiB Blob slices in a worker, no parsing (MB/s)', ...perSet((s) => cell(papaMbps(s, 'read'), 0))],
    ['**Papa Parse**, main thread, parse only (MB/s)', ...perSet((s) => failedCell(s.papa.main, cell(papaMbps(s, 'main'), 1)))],
    ['Papa Parse, main thread: longest UI-thread block (ms)', ...perSet((s) => cell(ok(s.papa.main).map((r) => r.longest), 0))],
    ['Papa Parse, main thread: JS heap peak (MB)', ...perSet((s) => cell(ok(s.papa.main).map((r) => r.pageHeap / 1e6), 0))],
    ['Papa Parse, `worker: true`, parse only (MB/s)', ...perSet((s) => failedCell(s.papa.worker, cell(papaMbps(s, 'worker'), 1)))],
    ['Papa Parse, `worker: true`: JS heap peak, page / worker (MB)', ...perSet((s) => `${cell(ok(s.papa.worker).map((r) => r.pageHeap / 1e6), 0)} / ${cell(ok(s.papa.worker).map((r) => r.workerHeap / 1e6), 0)}`)],
    ['Papa Parse keeping the rows (naive viewer): MB/s; JS heap peak (MB)', ...perSet((s) => (s.papa.keep ? failedCell(s.papa.keep, `${cell(papaMbps(s, 'keep'), 1)}; ${cell(ok(s.papa.keep).map((r) => r.pageHeap / 1e6), 0)}`) : 'not run'))],
    [`**Ratio** MFA Lens / Papa Parse main thread (ingest MB/s), ${wHead}`, ...perSet((s) => perW(s, (g) => ratioCell(lensMbps(s, g), papaMbps(s, 'main'))))],
    [`Ratio MFA Lens / Papa Parse \`worker: true\`, ${wHead}`, ...perSet((s) => perW(s, (g) => ratioCell(lensMbps(s, g), papaMbps(s, 'worker'))))],
    ['**Native core** ingest, 4 MiB slices (MB/s)', ...perSet((s) => cell(nativeIngest(s), 0))],
    ['Native core ingest + summary (MB/s)', ...perSet((s) => cell(nativeOverview(s), 0))],
    [`**Ratio** browser / native (drop → overview vs ingest + summary), ${wHead}`, ...perSet((s) => perW(s, (g) => ratioCell(lensMbps(s, g), nativeOverview(s))))],
  ];
  out.push(table(head, rows));

  const big = [...sets].reverse().find((s) => s.lens.some((r) => r.queries));
  const timedRun = big?.lens.find((r) => r.queries);
  const timedW = !timedRun ? undefined : timedRun.workers === undefined ? 'one worker' : `W = ${timedRun.workers}${timedRun.workers === info.page_default_workers ? ', the page’s default here' : ''}`;
  if (big) {
    out.push('');
    out.push(`Filter and sort on ${big.signIns.toLocaleString('en')} sign-ins (${big.label}, Rows view, measured once, with ${timedW}): from the click or Enter to the table showing the new rows; the worker's own time as the page shows it; the native core's time for the same query.`);
    out.push('');
    const q = timedRun.queries;
    const nat = Object.fromEntries(big.native.queries.map((x) => [x.name, x]));
    const qrows = Object.entries(QUERY_NAMES).map(([key, label]) => [
      label,
      q[key][0]?.count ?? '',
      cell(q[key].map((r) => r.ms), 0),
      cell(q[key].map((r) => r.worker), 0),
      cell(nat[key]?.ms ?? [], 0),
      median(q[key].map((r) => r.ms)) <= 100 ? 'met' : 'missed',
    ]);
    out.push(table(['query', 'rows shown', 'page: action → rows shown (ms)', 'worker (ms)', 'native (ms)', '≤ 100 ms'], qrows));
  }

  out.push('');
  out.push('Targets: met or missed');
  out.push('');
  out.push(table(['target', 'figure (this run)', 'verdict'], targets(info, sets, big, timedRun, timedW)));
  for (const s of sets) {
    const problems = s.lens.flatMap((r) => [...r.errors, ...r.foreign.map((u) => `request to ${u}`)]);
    if (problems.length) out.push(`- problems, ${s.label}: ${[...new Set(problems)].join('; ')}`);
  }
  return out.join('\n');
}

const QUERY_NAMES = {
  search: 'text filter: search all columns for "declined"',
  value: 'value filter: Status is Failure',
  'date-sort': 'sort by Date (UTC), alternately up and down',
  'user-sort': 'sort by Username (text), alternately up and down',
};

/// A target over every set: met if met on each; the figure lists each set's.
function overSets(items) {
  if (!items.length) return ['–', 'not run'];
  const figure = items.map((i) => `${i.figure} (${i.label})`).join(', ');
  const missed = items.filter((i) => !i.met);
  const verdict = !missed.length ? 'met' : missed.length === items.length ? '**missed**' : `**missed** on ${missed.map((i) => i.label).join(', ')}`;
  return [figure, verdict];
}

function targets(info, sets, big, timedRun, timedW) {
  const rows = [];
  const named = (w) => (info.workers ?? []).includes(w);

  // MFA Lens with two shards against Papa Parse, judged on the 1M-row set.
  {
    const label = 'MFA Lens, W = 2, ingest ≥ 5× Papa Parse’s parse-only throughput (main thread), 1M-row set';
    const have = sets.filter((s) => s.papa.main && ok(s.papa.main).length);
    if (!named(2)) rows.push([label, '–', 'not run (W = 2 not in BENCH_WORKERS)']);
    else if (!have.length) rows.push([label, '–', 'not run (BENCH_PAPA=0)']);
    else {
      const r = (s, mode) => median(lensMbps(s, group(info, s, 2))) / median(papaMbps(s, mode));
      const figure = have.map((s) => `${x(r(s, 'main'))} (${s.label})`).join(', ') + `; against \`worker: true\`: ${have.map((s) => x(r(s, 'worker'))).join(' / ')}`;
      const onBig = have.find((s) => s.big);
      rows.push([label, figure, onBig ? met(r(onBig, 'main') >= 5) : 'not run on 1M rows (BENCH_SETS)']);
    }
  }
  // The browser with one shard against the native core.
  {
    const label = 'browser, W = 1, ≥ 0.5× the native core (drop → overview against ingest + summary)';
    if (!named(1)) rows.push([label, '–', 'not run (W = 1 not in BENCH_WORKERS)']);
    else {
      rows.push([label, ...overSets(sets.map((s) => {
        const r = median(lensMbps(s, group(info, s, 1))) / median(nativeOverview(s));
        return { label: s.label, figure: x(r), met: r >= 0.5 };
      }))]);
    }
  }
  // Scaling from one shard to two.
  {
    const label = 'scaling efficiency 1 → 2 shards ≥ 0.8: MB/s with W = 2 ÷ (2 × MB/s with W = 1)';
    if (!named(1) || !named(2)) rows.push([label, '–', 'not run (BENCH_WORKERS needs 1 and 2)']);
    else {
      rows.push([label, ...overSets(sets.map((s) => {
        const e = efficiency(info, s, group(info, s, 2));
        return { label: s.label, figure: efficiencyCell(info, s, group(info, s, 2)).replace(/ \((.*)\)$/, ', $1'), met: e >= 0.8 };
      }))]);
    }
  }
  rows.push(['native core ingest ≥ 250 MB/s (4 MiB slices)', ...overSets(sets.map((s) => {
    const v = median(nativeIngest(s));
    return { label: s.label, figure: `${v.toFixed(0)} MB/s`, met: v >= 250 };
  }))]);
  // The UI thread, over every run of every W.
  rows.push(['no UI-thread block over 50 ms during a load (every run, every W)', ...overSets(sets.map((s) => {
    const runs = s.lens.filter((r) => !r.extra);
    if (!runs.length) return { label: s.label, figure: 'not run', met: false };
    const worst = runs.reduce((a, r) => (r.longest > a.longest ? r : a), runs[0]);
    const w = worst.workers === undefined ? '' : `, W = ${worst.workers}`;
    return { label: `${s.label}${w}`, figure: `longest ${worst.longest.toFixed(0)} ms`, met: worst.longest <= 50 };
  }))]);
  // Filters and sorts, measured once.
  {
    const label = `filter, sort and search on 1,000,000 rows within 100 ms (click → rows shown; ${timedW ?? 'not measured'})`;
    if (!big) rows.push([label, '–', 'not run (BENCH_QUERY_SETS not among BENCH_SETS)']);
    else {
      const q = timedRun.queries;
      const figures = Object.keys(QUERY_NAMES).map((k) => ({ k, ms: median(q[k].map((r) => r.ms)) }));
      const missed = figures.filter((f) => f.ms > 100);
      const figure = figures.map((f) => `${f.k} ${f.ms.toFixed(0)} ms`).join(', ') + (big.big ? '' : ` (on ${big.label})`);
      const verdict = missed.length ? `**missed** for ${missed.map((f) => f.k).join(', ')} (${figures.length - missed.length} of ${figures.length} met)` : 'met';
      rows.push([label, figure, big.big ? verdict : `not run on 1M rows (${verdict.replace(/\*/g, '')} on ${big.label})`]);
    }
  }
  // Memory: the coordinator, and the shards where they could be read.
  rows.push(['wasm memory ≤ 1.5× input (coordinator + the shards read after the load; worst W)', ...overSets(sets.map((s) => {
    const per = groups(info, s).filter((g) => g.runs.length).map((g) => {
      const coord = median(g.runs.map((r) => r.workerWasm));
      const shards = median(g.runs.map(shardSum));
      return { g, coord, shards, all: (coord + (Number.isFinite(shards) ? shards : 0)) / s.bytes };
    });
    if (!per.length) return { label: s.label, figure: 'not run', met: false };
    const worst = per.reduce((a, p) => (p.all > a.all ? p : a), per[0]);
    const parts = Number.isFinite(worst.shards) ? `: coordinator ${x(worst.coord / s.bytes)}, shards ${x(worst.shards / s.bytes)}` : ', coordinator only (no shard read)';
    const w = worst.g.w === null ? '' : `, ${worst.g.label}`;
    return { label: `${s.label}${w}`, figure: `${x(worst.all)}${parts}`, met: worst.all <= 1.5 };
  }))]);
  for (const s of sets.filter((s) => s.big)) {
    const fine = s.lens.every((r) => r.errors.length === 0);
    rows.push([`${s.signIns.toLocaleString('en')} sign-ins load without a crash (every W)`, fine ? `loaded, ${median(s.lens.map((r) => r.ms / 1e3)).toFixed(1)} s (median of every W)` : 'errors: see the problems below', met(fine)]);
  }
  return rows;
}
