// What a web developer reaches for to read a CSV in the browser: Papa Parse on a
// File from a file input, with its defaults (10 MB chunks read by FileReader).
// bench/run.mjs calls papaRun(mode) and times it in the same Chromium as MFA Lens.
//
//   'main'   parse only, on the main thread: a chunk callback counts the rows
//            and keeps none (Papa's fastest way through a file);
//   'worker' the same with { worker: true }: Papa parses in its own worker and
//            posts each chunk's rows to the page;
//   'keep'   a naive viewer: no chunk callback, so Papa hands every row to
//            `complete`, and the page keeps them (as a viewer must to filter and sort).
'use strict';

window.papaRun = async function papaRun(mode) {
  const files = Array.from(document.getElementById('file-input').files);
  let rows = 0;
  let bytes = 0;
  const kept = [];
  const started = performance.now();
  for (const file of files) {
    bytes += file.size;
    await new Promise((resolve, reject) => {
      const config = {
        worker: mode === 'worker',
        skipEmptyLines: true,
        error: (e) => reject(new Error(`${file.name}: ${e}`)),
        complete: (results) => {
          if (mode === 'keep') {
            rows += results.data.length;
            kept.push(results.data);
          }
          resolve();
        },
      };
      if (mode !== 'keep') {
        config.chunk = (results) => {
          rows += results.data.length;
        };
      }
      Papa.parse(file, config);
    });
    rows -= 1; // the header line, which { header: false } returns as a row
  }
  const ms = performance.now() - started;
  // Held until the page closes, so the heap measured after the parse holds them.
  window.papaKept = kept;
  return { ms, rows, bytes, files: files.length };
};
