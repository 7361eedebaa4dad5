/**
 * Font subset tags (the `ABCDEF+` before a subset font's name) derived from the subset itself.
 * pdfkit derives them from its font counter, so every report carries CZZZZZ+, DZZZZZ+…: two
 * different subsets would share a tag, which tells a print shop's RIP they are the same font.
 */
import { createHash } from 'node:crypto';

const TAGGED_NAME = /\/(?:BaseFont|FontName) \/([A-Z]{6})\+([\w-]+)/g;
/** A CID font's name and its glyphs' CIDs and widths (`/W [0 [w0 w1 …] 15 [w15] …]`): which glyphs the subset holds. */
const CID_FONT = /\/BaseFont \/([A-Z]{6}\+[\w-]+)\s*\/CIDSystemInfo[\s\S]*?\/W \[((?:\d+ \[[^\]]*\]\s*)*)\]/g;

/** Six capital letters from a hash of the document, the font's name and its subset's glyphs. */
function tagFor(identity: string, fontName: string, widths: string): string {
  const digest = createHash('sha256').update(identity).update('\0').update(fontName).update('\0').update(widths).digest();
  return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/** Rewrites the tags in place: same length, so every byte offset in the file stays valid. */
export function retagSubsets(pdf: Buffer, identity: string): Buffer {
  const text = pdf.toString('latin1');
  const widths = new Map<string, string>();
  for (const [, tagged, w] of text.matchAll(CID_FONT)) widths.set(tagged!, w!);
  const tags = new Map<string, string>();
  for (const [, tag, name] of text.matchAll(TAGGED_NAME)) {
    const old = `${tag}+${name}`;
    tags.set(old, `${tagFor(identity, name!, widths.get(old) ?? '')}+${name}`);
  }
  // Each new tag is written over the old where it stands (a byte a character): no string is built
  // of the whole file per font and encoded again.
  const retagged = Buffer.from(pdf);
  for (const [old, tagged] of tags) {
    for (let at = text.indexOf(old); at !== -1; at = text.indexOf(old, at + old.length)) retagged.write(tagged, at, 'latin1');
  }
  return retagged;
}
