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

export function report(info, sets) {
  const out = [];
  out.push(`Machine: ${info.cpu}, ${info.cores} cores, ${info.ram_gb} GB RAM; ${info.chromium}; Node ${info.node}`);
  out.push(`Load average before / after: ${info.load_before} / ${info.load_after}`);
  out.push(`Runs: ${info.runs} per figure (1M rows: ${info.big_runs}; each filter and sort: ${info.query_runs}); cells are median [min–max].`);
  out.push('');
  const head = ['', ...sets.map((s) => `${s.label}: ${mb(s.bytes)} MB, ${s.files.length} file${s.files.length > 1 ? 's' : ''}, ${s.rows.toLocaleString('en')} rows`)];
  const ok = (runs) => (runs ?? []).filter((r) => !r.failed);
  const perSet = (f) => sets.map((s) => f(s));
  const mbps = (s, runs, key = 'ms') => ok(runs).map((r) => s.bytes / 1e6 / (r[key] / 1e3));
  const rowsps = (s, runs) => ok(runs).map((r) => s.rows / (r.ms / 1e3));
  const failedCell = (runs, text) => (!runs ? 'not run' : runs.length && !ok(runs).length ? runs[0].failed : text);
  const lensMbps = (s) => mbps(s, s.lens);
  const papaMbps = (s, m) => (s.papa[m] ? mbps(s, s.papa[m]) : []);
  const nativeIngest = (s) => s.native.ingest_ms.map((ms) => s.bytes / 1e6 / (ms / 1e3));
  const nativeOverview = (s) => s.native.overview_ms.map((ms) => s.bytes / 1e6 / (ms / 1e3));
  const rows = [
    ['**MFA Lens** drop → overview (s)', ...perSet((s) => cell(s.lens.map((r) => r.ms / 1e3), 2))],
    ['MFA Lens ingest (MB/s)', ...perSet((s) => cell(lensMbps(s), 0))],
    ['MFA Lens ingest (rows/s)', ...perSet((s) => cell(rowsps(s, s.lens), 0, true))],
    ['MFA Lens longest UI-thread block during the load (ms)', ...perSet((s) => cell(s.lens.map((r) => r.longest), 0))],
    ['MFA Lens worker wasm memory, peak (MB; × input)', ...perSet((s) => `${cell(s.lens.map((r) => r.workerWasm / 1e6), 0)}; ${(median(s.lens.map((r) => r.workerWasm)) / s.bytes).toFixed(2)}×`)],
    ['MFA Lens page wasm memory, peak (MB)', ...perSet((s) => cell(s.lens.map((r) => r.pageWasm / 1e6), 1))],
    ['MFA Lens JS heap peak, page / worker (MB)', ...perSet((s) => `${cell(s.lens.map((r) => r.pageHeap / 1e6), 1)} / ${cell(s.lens.map((r) => r.workerHeap / 1e6), 1)}`)],
    ['Chromium reading the files alone: 4 MiB Blob slices in a worker, no parsing (MB/s)', ...perSet((s) => cell(papaMbps(s, 'read'), 0))],
    ['**Papa Parse**, main thread, parse only (MB/s)', ...perSet((s) => failedCell(s.papa.main, cell(papaMbps(s, 'main'), 1)))],
    ['Papa Parse, main thread: longest UI-thread block (ms)', ...perSet((s) => cell(ok(s.papa.main).map((r) => r.longest), 0))],
    ['Papa Parse, main thread: JS heap peak (MB)', ...perSet((s) => cell(ok(s.papa.main).map((r) => r.pageHeap / 1e6), 0))],
    ['Papa Parse, `worker: true`, parse only (MB/s)', ...perSet((s) => failedCell(s.papa.worker, cell(papaMbps(s, 'worker'), 1)))],
    ['Papa Parse, `worker: true`: JS heap peak, page / worker (MB)', ...perSet((s) => `${cell(ok(s.papa.worker).map((r) => r.pageHeap / 1e6), 0)} / ${cell(ok(s.papa.worker).map((r) => r.workerHeap / 1e6), 0)}`)],
    ['Papa Parse keeping the rows (naive viewer): MB/s; JS heap peak (MB)', ...perSet((s) => (s.papa.keep ? failedCell(s.papa.keep, `${cell(papaMbps(s, 'keep'), 1)}; ${cell(ok(s.papa.keep).map((r) => r.pageHeap / 1e6), 0)}`) : 'not run'))],
    ['**Ratio** MFA Lens / Papa Parse main thread (ingest MB/s)', ...perSet((s) => ratioCell(lensMbps(s), papaMbps(s, 'main')))],
    ['Ratio MFA Lens / Papa Parse `worker: true`', ...perSet((s) => ratioCell(lensMbps(s), papaMbps(s, 'worker')))],
    ['**Native core** ingest, 4 MiB slices (MB/s)', ...perSet((s) => cell(nativeIngest(s), 0))],
    ['Native core ingest + summary (MB/s)', ...perSet((s) => cell(nativeOverview(s), 0))],
    ['**Ratio** browser / native (drop → overview vs ingest + summary)', ...perSet((s) => ratioCell(lensMbps(s), nativeOverview(s)))],
  ];
  out.push(table(head, rows));

  const big = [...sets].reverse().find((s) => s.lens[0]?.queries);
  if (big) {
    out.push('');
    out.push(`Filter and sort on ${big.signIns.toLocaleString('en')} sign-ins (${big.label}, Rows view): from the click or Enter to the table showing the new rows; the worker's own time as the page shows it; the native core's time for the same query.`);
    out.push('');
    const q = big.lens[0].queries;
    const nat = Object.fromEntries(big.native.queries.map((x) => [x.name, x]));
    const names = {
      search: 'text filter: search all columns for "declined"',
      value: 'value filter: Status is Failure',
      'date-sort': 'sort by Date (UTC), alternately up and down',
      'user-sort': 'sort by Username (text), alternately up and down',
    };
    const qrows = Object.entries(names).map(([key, label]) => [
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
  out.push('Targets:');
  for (const s of sets) {
    const lens = median(lensMbps(s));
    const main = median(papaMbps(s, 'main'));
    const worker = median(papaMbps(s, 'worker'));
    const nat = median(nativeOverview(s));
    const wasm = median(s.lens.map((r) => r.workerWasm)) / s.bytes;
    const block = Math.max(...s.lens.map((r) => r.longest));
    const verdict = (b) => (b ? 'met' : 'MISSED');
    out.push(`- ${s.label}: ingest ≥ 10× Papa Parse (main thread): ${(lens / main).toFixed(1)}× — ${verdict(lens / main >= 10)}; ` +
      `(worker: ${(lens / worker).toFixed(1)}×); ≥ 0.5× native: ${(lens / nat).toFixed(2)}× — ${verdict(lens / nat >= 0.5)}; ` +
      `wasm memory ≤ 1.5× input: ${wasm.toFixed(2)}× — ${verdict(wasm <= 1.5)}; no UI block over 50 ms: longest ${block.toFixed(0)} ms — ${verdict(block <= 50)}` +
      (s.big ? `; ${s.signIns.toLocaleString('en')} sign-ins loaded without a crash — ${verdict(s.lens.every((r) => r.errors.length === 0))}` : ''));
    const problems = s.lens.flatMap((r) => [...r.errors, ...r.foreign.map((u) => `request to ${u}`)]);
    if (problems.length) out.push(`  problems: ${[...new Set(problems)].join('; ')}`);
  }
  if (big) {
    const q = big.lens[0].queries;
    const over = Object.entries(q).filter(([, r]) => median(r.map((x) => x.ms)) > 100).map(([k]) => k);
    out.push(`- filter and sort on ${big.signIns.toLocaleString('en')} rows within 100 ms: ${over.length ? `MISSED (${over.join(', ')})` : 'met'}`);
  }
  return out.join('\n');
}
