// A small ZIP reader for the tests: the entries of an archive the page saved,
// by name, from its central directory (stored or deflated entries only, which
// is all the page writes). Node has zlib but no ZIP reader of its own.
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/// name → Buffer of every entry of `zip` (a Buffer).
export function unzip(zip) {
  const end = findEnd(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`no central header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, body(zip, local, method, compressed));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEnd(zip) {
  for (let at = zip.length - 22; at >= 0; at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new Error('not a ZIP: no end of central directory');
}

function body(zip, local, method, compressed) {
  if (zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new Error(`no local header at ${local}`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + compressed);
  if (method === 0) return Buffer.from(data);
  if (method === 8) return inflateRawSync(data);
  throw new Error(`compression method ${method} is not one the page writes`);
}
