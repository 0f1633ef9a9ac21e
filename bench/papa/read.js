// The floor under any in-browser reader: Chromium handing the files' bytes to a
// worker in 4 MiB Blob slices (what MFA Lens's worker does), with nothing done
// to them. bench/run.mjs calls readOnly() on the Papa Parse page's files.
'use strict';

const READER = `
onmessage = async (event) => {
  const started = performance.now();
  const slice = 4 << 20;
  const copy = new Uint8Array(slice);
  let bytes = 0;
  for (const file of event.data) {
    for (let at = 0; at < file.size; at += slice) {
      const chunk = new Uint8Array(await file.slice(at, at + slice).arrayBuffer());
      copy.set(chunk); // the copy MFA Lens makes into wasm memory
      bytes += chunk.length;
    }
  }
  postMessage({ bytes, ms: performance.now() - started });
};`;

window.readOnly = function readOnly() {
  const worker = new Worker(URL.createObjectURL(new Blob([READER], { type: 'text/javascript' })));
  const files = Array.from(document.getElementById('file-input').files);
  return new Promise((resolve) => {
    worker.onmessage = (event) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.postMessage(files);
  });
};
