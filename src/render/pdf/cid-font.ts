/**
 * Glyph codes that depend on the glyph alone. pdfkit's code for a glyph is its id in the subset,
 * handed out in first-use order across the document, so a new character on page 3 renumbers the
 * glyphs of every later page. Here a glyph's code (its CID) is the font's own glyph id; the
 * subset holds the glyphs in the order of their ids, and the CID font's /CIDToGIDMap stream maps
 * each CID to its glyph in the subset (CIDFontType2, ISO 32000-1 9.7.4.2). /W and the ToUnicode
 * CMap are keyed by the same CIDs. A page's content stream then depends on that page alone.
 */
import { pdfNumber, spelt } from './pdf-object.js';

/** What the document needs to know of a glyph it draws. */
export interface UsedGlyph {
  /** Its advance, in thousandths of the font size (its /W width). */
  readonly width: number;
  /** The characters it stands for (its ToUnicode entry): those it stood for where first drawn. */
  readonly codePoints: readonly number[];
}

/** Each font's glyphs drawn in its document, by glyph id, in the order first drawn. */
const usedByFont = new WeakMap<object, Map<number, UsedGlyph>>();

/** The glyphs `font` (pdfkit's EmbeddedFont) has drawn, by glyph id; creates the record on first use. */
export function glyphsUsedBy(font: object): Map<number, UsedGlyph> {
  let used = usedByFont.get(font);
  if (!used) usedByFont.set(font, (used = new Map()));
  return used;
}

/** The two hex digits of each byte. */
const HEX_BYTES = Array.from({ length: 0x100 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Four hex digits of a 16-bit number: a glyph's code in a content stream, a CMap's code or UTF-16
 * unit. Made of its bytes' digits: no table of all 65536, which the start-up snapshot would hold.
 */
export const hex4 = (n: number): string => HEX_BYTES[n >>> 8]! + HEX_BYTES[n & 0xff]!;

/** A fontkit subset, as far as choosing its glyphs goes. */
export interface GlyphSubset {
  includeGlyph(glyphId: number): number;
}

/** The glyphs drawn besides .notdef, by CID, in order: how the subset holds them. */
export const drawnCids = (used: ReadonlyMap<number, UsedGlyph>): number[] => [...used.keys()].filter((cid) => cid !== 0).sort((a, b) => a - b);

/**
 * Fills `subset` with .notdef and the glyphs of `cids`, in the order of their ids, so the font
 * program depends on which glyphs the document uses and not on the order it met them. Returns the
 * /CIDToGIDMap stream: for each CID up to the largest, its glyph id in the subset (16 bits, big-endian).
 */
export function includeInSubset(cids: readonly number[], subset: GlyphSubset): Uint8Array {
  const cidToGid = new Uint8Array(2 * ((cids[cids.length - 1] ?? 0) + 1));
  const map = new DataView(cidToGid.buffer);
  map.setUint16(0, subset.includeGlyph(0));
  for (const cid of cids) map.setUint16(2 * cid, subset.includeGlyph(cid));
  return cidToGid;
}

/**
 * The /W array as pdfkit writes it: runs of consecutive CIDs, each as its first CID and the run's
 * widths. Spelt in one pass: a document's /W holds thousands of widths, which pdfkit's writer
 * would go through one value at a time.
 */
export function cidWidths(used: ReadonlyMap<number, UsedGlyph>, cids: readonly number[], notdefWidth: number): object {
  let text = `[0 [${pdfNumber(used.get(0)?.width ?? notdefWidth)}`;
  let last = 0;
  for (const cid of cids) {
    const width = pdfNumber(used.get(cid)!.width);
    text += cid === last + 1 ? ` ${width}` : `] ${cid} [${width}`;
    last = cid;
  }
  return spelt(`${text}]]`);
}

/**
 * All that the CIDToGIDMap stream (`cids`) and the ToUnicode CMap (their characters) are made
 * from, as text: the glyphs' widths and the font itself are in neither.
 */
export function mappedGlyphsKey(used: ReadonlyMap<number, UsedGlyph>, cids: readonly number[]): string {
  const parts: string[] = [];
  for (const cid of cids) parts.push(`${cid}:${used.get(cid)!.codePoints.join('.')}`);
  return parts.join(',');
}

/** A CMap block holds at most 100 entries (Adobe Technical Note 5014, and ISO 32000-1 9.10.3's example). */
const BLOCK = 100;

/** UTF-16BE hex of the code points, surrogate pairs for those beyond the BMP. */
function utf16Hex(codePoints: readonly number[]): string {
  let hex = '';
  for (const value of codePoints) hex += value > 0xffff ? hex4(0xd800 | ((value - 0x10000) >>> 10)) + hex4(0xdc00 | ((value - 0x10000) & 0x3ff)) : hex4(value);
  return hex;
}

/** A ToUnicode CMap giving each CID of `cids` (two-byte code, Identity-H) the characters of its glyph. */
export function toUnicodeCmap(used: ReadonlyMap<number, UsedGlyph>, cids: readonly number[]): string {
  const mapped = cids.map((cid): [number, readonly number[]] => [cid, used.get(cid)!.codePoints]).filter(([, codePoints]) => codePoints.length > 0);
  let blocks = '';
  for (let start = 0; start < mapped.length; start += BLOCK) {
    const end = Math.min(start + BLOCK, mapped.length);
    blocks += `${end - start} beginbfchar\n`;
    for (let i = start; i < end; i++) blocks += `<${hex4(mapped[i]![0])}> <${utf16Hex(mapped[i]![1])}>\n`;
    blocks += 'endbfchar\n';
  }
  return `\
/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${blocks}endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}
