// CSV as the tests read what the page and the CLI write.

/// Walks the RFC 4180 fields of `text` (quoted fields, doubled quotes, CRLF
/// rows): `field(value)` for each, `row()` at each row's end. `keep()` says
/// whether the field being read is wanted: the text of the others is not
/// built, so a large file can be read for one column.
function scan(text, { field, row, keep = () => true }) {
  let value = '';
  let fields = 0;
  let quoted = false;
  const end = (v) => { field(v); value = ''; fields += 1; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { if (keep()) value += '"'; i++; }
      else if (c === '"') quoted = false;
      else if (keep()) value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') end(value);
    else if (c === '\n') { end(value.replace(/\r$/, '')); row(); fields = 0; }
    else if (keep()) value += c;
  }
  if (value || fields > 0) { end(value); row(); }
}

/// RFC 4180 fields of `text`, row by row.
export function parseCsv(text) {
  const rows = [];
  let current = [];
  scan(text, {
    field: (v) => current.push(v),
    row: () => { rows.push(current); current = []; },
  });
  return rows;
}

/// The values of column `caption` in `text`, one per data row, without
/// holding any other field: the files compared are large.
export function columnOf(text, caption) {
  const values = [];
  const header = [];
  let index = -1;
  let line = 0;
  let col = 0;
  scan(text, {
    keep: () => line === 0 || col === index,
    field: (v) => {
      if (line === 0) header.push(v);
      else if (col === index) values.push(v);
      col += 1;
    },
    row: () => {
      if (line === 0) index = header.map((h) => h.replace(/^\uFEFF/, '')).indexOf(caption);
      line += 1;
      col = 0;
    },
  });
  if (index < 0) throw new Error(`no column ${caption} in ${header.join(', ')}`);
  return values;
}
