/**
 * Font subset tags (the `ABCDEF+` before a subset font's name) derived from the document's content.
 * pdfkit derives them from its font counter, so every report carries CZZZZZ+, DZZZZZ+…: two
 * different subsets would share a tag, which tells a print shop's RIP they are the same font.
 */
import { createHash } from 'node:crypto';

const TAGGED_NAME = /\/(?:BaseFont|FontName) \/([A-Z]{6})\+([\w-]+)/g;

/** Six capital letters from a hash of the document's identity and the font's name. */
function tagFor(identity: string, fontName: string): string {
  const digest = createHash('sha256').update(identity).update('\0').update(fontName).digest();
  return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/** Rewrites the tags in place: same length, so every byte offset in the file stays valid. */
export function retagSubsets(pdf: Buffer, identity: string): Buffer {
  const text = pdf.toString('latin1');
  const tags = new Map<string, string>();
  for (const [, tag, name] of text.matchAll(TAGGED_NAME)) tags.set(`${tag}+${name}`, `${tagFor(identity, name!)}+${name}`);
  let result = text;
  for (const [old, tagged] of tags) result = result.split(old).join(tagged);
  return Buffer.from(result, 'latin1');
}
