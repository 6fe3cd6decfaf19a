// Checks a grantcheck receipt in the browser, without trusting the server: the entry's RFC 9162
// leaf hash, the checkpoint's Ed25519 signature (C2SP signed note) and the inclusion proof.
// Pure functions; receipt-page.js wires them to the page.
import * as ed from './noble-ed25519.js';

const enc = new TextEncoder();

async function sha256(...parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    buf.set(p, off);
    off += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

export const leafHash = (entryText) => sha256(new Uint8Array([0]), enc.encode(entryText));
const nodeHash = (l, r) => sha256(new Uint8Array([1]), l, r);

export function fromBase64(s) {
  const bin = atob(s);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

// RFC 9162 2.1.3.2.
export async function verifyInclusion(leaf, index, size, proof, root) {
  if (index >= size) return `leaf index ${index} is not below the tree size ${size}`;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return 'the inclusion proof is longer than the tree is deep';
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return 'the inclusion proof is too short for the tree size';
  return equal(r, root) ? '' : 'the inclusion proof does not lead to the root hash';
}

// C2SP signed note with an Ed25519 verifier key "name+id+base64(0x01||key)".
export async function verifyNote(verifierKey, note) {
  const parts = verifierKey.trim().split('+');
  if (parts.length < 3) return { why: 'the verifier key is not name+id+key' };
  const [name, id] = parts;
  let raw;
  try {
    raw = fromBase64(parts.slice(2).join('+'));
  } catch {
    return { why: 'the verifier key is not base64' };
  }
  if (raw.length !== 33 || raw[0] !== 1) return { why: 'the verifier key is not an Ed25519 key' };
  const keyHash = await sha256(enc.encode(name + '\n'), raw);
  if (hex(keyHash.slice(0, 4)) !== id) return { why: "the verifier key's id does not match its name and key" };
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { why: 'the note has no blank line before its signatures' };
  const text = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).split('\n')) {
    if (!line.startsWith(`\u2014 ${name} `)) continue;
    let blob;
    try {
      blob = fromBase64(line.slice(name.length + 3));
    } catch {
      return { why: 'a signature is not base64' };
    }
    if (blob.length !== 68 || hex(blob.slice(0, 4)) !== id) continue;
    const ok = await ed.verifyAsync(blob.slice(4), enc.encode(text), raw.slice(1));
    return ok ? { text } : { why: `the signature by ${name} does not verify: the note was changed or signed by another key` };
  }
  return { why: `the note has no signature by ${name}` };
}

// Every check, in order; `ok` only when all pass.
export async function checkReceipt(receipt, verifierKey) {
  const steps = [];
  const step = (name, why) => steps.push({ name, ok: why === '', detail: why });
  if (typeof receipt.entry !== 'string' || typeof receipt.checkpoint !== 'string' ||
      typeof receipt.leaf_hash !== 'string' || !Array.isArray(receipt.inclusion_proof) ||
      !Number.isSafeInteger(receipt.index)) {
    return { ok: false, steps: [{ name: 'The receipt has its fields', ok: false, detail: 'index, entry, leaf_hash, checkpoint and inclusion_proof are required' }] };
  }
  const leaf = await leafHash(receipt.entry);
  step('The entry hashes to the receipt\'s leaf hash', equal(leaf, fromBase64(receipt.leaf_hash)) ? '' : 'the entry or its hash was changed');
  const note = await verifyNote(verifierKey, receipt.checkpoint);
  step('The checkpoint is signed by the log\'s key', note.why ?? '');
  if (note.why) return { ok: false, steps };
  const [origin, sizeText, rootText] = note.text.split('\n');
  const size = Number(sizeText);
  step(`The checkpoint names a tree (${origin}, ${size} entries)`, Number.isSafeInteger(size) && size > 0 ? '' : 'the tree size is not a number');
  const why = await verifyInclusion(leaf, receipt.index, size, receipt.inclusion_proof.map(fromBase64), fromBase64(rootText));
  step(`Entry ${receipt.index} is included in that tree`, why);
  return { ok: steps.every((s) => s.ok), steps, size, origin };
}
