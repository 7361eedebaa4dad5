/**
 * Wraps a TrueType font as Embedded OpenType, the format of PowerPoint's ppt/fonts/*.fntdata.
 * Layout: W3C Member Submission "Embedded OpenType (EOT) File Format" (2008), version 0x00020001:
 * fixed header, four names, an empty RootString, then the font data. That version has no EUDC or
 * signature fields (they came with 0x00020002). The font data is neither MTX-compressed nor
 * XOR-encrypted (Flags = 0), so any reader can take it as it is.
 */
import { NameId, nameUtf16be, readSfnt, tableOffset, type SfntFont } from './sfnt.js';

const VERSION = 0x00020001;
const MAGIC_NUMBER = 0x504c;
const DEFAULT_CHARSET = 1;
const FIXED_HEADER_SIZE = 82; // up to and including Padding1
const ITALIC_BIT = 1; // OS/2 fsSelection bit 0

export function toEmbeddedOpenType(ttf: Uint8Array): Uint8Array {
  const font = readSfnt(ttf);
  const names = [NameId.family, NameId.subfamily, NameId.version, NameId.fullName].map((id) => utf16le(nameUtf16be(font, id)));
  // Each name is preceded by a padding USHORT and its size; then Padding5 and RootStringSize (0).
  const namesSize = names.reduce((size, name) => size + 4 + name.length, 0) + 4;
  const headerSize = FIXED_HEADER_SIZE - 2 + namesSize;
  const eot = new Uint8Array(headerSize + ttf.length);
  const out = new DataView(eot.buffer);
  out.setUint32(0, eot.length, true);
  out.setUint32(4, ttf.length, true);
  out.setUint32(8, VERSION, true);
  out.setUint32(12, 0, true); // Flags: plain font data (no MTX compression, no XOR encryption)
  writeOs2Fields(font, eot, out);
  out.setUint32(60, font.view.getUint32(tableOffset(font, 'head') + 8), true); // head.checkSumAdjustment
  let at = FIXED_HEADER_SIZE - 2; // Reserved1-4 stay 0; Padding1 is the first name's padding
  for (const name of names) {
    out.setUint16(at + 2, name.length, true);
    eot.set(name, at + 4);
    at += 4 + name.length;
  }
  at += 4; // Padding5 and RootStringSize, both 0: no URL restriction
  eot.set(ttf, at);
  return eot;
}

function writeOs2Fields(font: SfntFont, eot: Uint8Array, out: DataView): void {
  const os2 = tableOffset(font, 'OS/2');
  const os2Version = font.view.getUint16(os2);
  eot.set(font.bytes.subarray(os2 + 32, os2 + 42), 16); // PANOSE
  out.setUint8(26, DEFAULT_CHARSET);
  out.setUint8(27, font.view.getUint16(os2 + 62) & ITALIC_BIT ? 1 : 0);
  out.setUint32(28, font.view.getUint16(os2 + 4), true); // usWeightClass
  out.setUint16(32, font.view.getUint16(os2 + 8), true); // fsType
  out.setUint16(34, MAGIC_NUMBER, true);
  for (let i = 0; i < 4; i++) out.setUint32(36 + i * 4, font.view.getUint32(os2 + 42 + i * 4), true); // ulUnicodeRange1-4
  if (os2Version >= 1) {
    for (let i = 0; i < 2; i++) out.setUint32(52 + i * 4, font.view.getUint32(os2 + 78 + i * 4), true); // ulCodePageRange1-2
  }
}

/** UTF-16BE (name table) → UTF-16LE (EOT). */
function utf16le(utf16be: Uint8Array): Uint8Array {
  const swapped = new Uint8Array(utf16be.length);
  for (let i = 0; i + 1 < utf16be.length; i += 2) {
    swapped[i] = utf16be[i + 1] ?? 0;
    swapped[i + 1] = utf16be[i] ?? 0;
  }
  return swapped;
}
