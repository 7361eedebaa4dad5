/**
 * out/manifest.json: what each build wrote — checksum, size, pages or slides, the fonts inside with
 * their glyph counts (read back from the files themselves) — and how long each stage took.
 */
import { createHash } from 'node:crypto';
import * as fontkit from 'fontkit';
import { cacheKey } from '../cache/disk.js';
import { keptResults } from '../cache/kept.js';
import { entryData, storedZipEntries, type StoredZipEntry } from '../render/pptx/zip.js';

export interface EmbeddedFontInfo {
  readonly name: string;
  readonly glyphs: number;
}

export interface OutputInfo {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly pages?: number;
  readonly slides?: number;
  readonly fonts: readonly EmbeddedFontInfo[];
}

export interface Manifest {
  readonly generator: string;
  readonly outputs: readonly OutputInfo[];
  readonly timingsMs: Readonly<Record<string, number>>;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Fonts in a PDF from pdfkit: each CID font's name and the number of glyphs its /W array lists. */
export function describePdf(file: string, data: Uint8Array, pages: number): OutputInfo {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  // /W lists runs of consecutive CIDs, each as its first CID and the run's widths: `0 [w0 w1] 15 [w15]`.
  const fonts = [...text.matchAll(/\/Subtype \/CIDFontType[02]\s*\/BaseFont \/([^\s/]+)[\s\S]*?\/W \[((?:\d+ \[[^\]]*\]\s*)*)\]/g)].map((match) => ({
    name: match[1] ?? '',
    glyphs: [...(match[2] ?? '').matchAll(/\[([^\]]*)\]/g)].reduce((count, [, widths]) => count + (widths ?? '').trim().split(/\s+/).filter(Boolean).length, 0),
  }));
  return { file, sha256: sha256(data), bytes: data.byteLength, pages, fonts };
}

/**
 * The fonts of the last deck described, by its font entries: a `watch` rebuild that leaves the
 * slides as they were writes the same bytes again (in a copy of their own), whose fonts need not be
 * read out again.
 */
let lastDeck: { readonly fontEntries: string; readonly fonts: OutputInfo['fonts'] } | undefined;

/**
 * The fonts of decks described by processes before this one, by a digest of their font entries as
 * the ZIP stores them (deflated): a fresh build after an edit that adds no character to the deck
 * (the report's narrative, most edits of a slide's text) embeds the fonts it embedded before.
 */
const keptDeckFonts = keptResults<OutputInfo['fonts']>('deck-fonts', ['write/manifest', 'render/pptx/zip']);

export function describePptx(file: string, data: Uint8Array, slides: number): OutputInfo {
  const fontEntries = storedZipEntries(data).filter(({ name }) => name.endsWith('.fntdata'));
  const fontsKey = cacheKey(...fontEntries.flatMap(({ name, method, stored }) => [name, String(method), stored]));
  if (lastDeck?.fontEntries !== fontsKey) {
    let fonts = keptDeckFonts.get(fontsKey);
    if (!fonts) {
      keptDeckFonts.set(fontsKey, (fonts = embeddedFonts(fontEntries)));
      keptDeckFonts.write();
    }
    lastDeck = { fontEntries: fontsKey, fonts };
  }
  return { file, sha256: sha256(data), bytes: data.byteLength, slides, fonts: lastDeck.fonts };
}

/** Fonts in a deck: each ppt/fonts/*.fntdata is an EOT whose last FontDataSize bytes are the font. */
function embeddedFonts(fontEntries: readonly StoredZipEntry[]): OutputInfo['fonts'] {
  return fontEntries.map((entry) => {
    const eot = entryData(entry);
    const view = new DataView(eot.buffer, eot.byteOffset, eot.byteLength);
    const fontData = view.getUint32(4, true);
    const font = fontkit.create(Buffer.from(eot.subarray(eot.byteLength - fontData)));
    if ('fonts' in font) throw new Error(`${entry.name}: a font collection`);
    return { name: `${font.postscriptName} (${entry.name})`, glyphs: font.numGlyphs };
  });
}
