// CSV as the tests read what the page and the CLI write.

/// RFC 4180 fields of `text` (quoted fields, doubled quotes, CRLF rows).
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/// The values of column `caption` in `text` (RFC 4180, as `parseCsv`), one per
/// data row, without holding any other field: the files compared are large.
export function columnOf(text, caption) {
  const values = [];
  let index = -1;
  let header = [];
  let col = 0;
  let line = 0;
  let field = '';
  let quoted = false;
  const end = () => {
    if (line === 0) header.push(field);
    else if (col === index) values.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else if (line === 0 || col === index) field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { end(); col++; }
    else if (c === '\n') {
      field = field.replace(/\r$/, '');
      end();
      if (line === 0) index = header.map((h) => h.replace(/^\uFEFF/, '')).indexOf(caption);
      line++;
      col = 0;
    } else if (line === 0 || col === index) field += c;
  }
  if (field || col > 0) end();
  if (index < 0) throw new Error(`no column ${caption} in ${header.join(', ')}`);
  return values;
}
