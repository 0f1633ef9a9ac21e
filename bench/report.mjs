// Medians and the markdown table the benchmark prints.

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
