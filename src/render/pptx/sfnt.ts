/**
 * Reads the few values of a TrueType/OpenType (sfnt) font that an EOT header repeats:
 * fields of the OS/2 and head tables and English names from the name table.
 */

export interface SfntFont {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Table tag → byte offset of the table in the font. */
  readonly tables: ReadonlyMap<string, number>;
}

export function readSfnt(bytes: Uint8Array): SfntFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const tableCount = view.getUint16(4);
  for (let i = 0; i < tableCount; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    tables.set(tag, view.getUint32(record + 8));
  }
  return { bytes, view, tables };
}

export function tableOffset(font: SfntFont, tag: string): number {
  const offset = font.tables.get(tag);
  if (offset === undefined) throw new Error(`font has no ${tag} table`);
  return offset;
}

/** Name IDs of the OpenType name table that EOT uses. */
export const NameId = { family: 1, subfamily: 2, fullName: 4, version: 5 } as const;

const WINDOWS = 3;
const UNICODE = 0;
const ENGLISH_US = 0x0409;

/**
 * The English string for a name ID as UTF-16BE bytes (as stored), preferring Windows en-US.
 * Empty if the font has none.
 */
export function nameUtf16be(font: SfntFont, nameId: number): Uint8Array {
  const name = tableOffset(font, 'name');
  const count = font.view.getUint16(name + 2);
  const storage = name + font.view.getUint16(name + 4);
  let best: { rank: number; bytes: Uint8Array } | undefined;
  for (let i = 0; i < count; i++) {
    const record = name + 6 + i * 12;
    const platform = font.view.getUint16(record);
    if (font.view.getUint16(record + 6) !== nameId || (platform !== WINDOWS && platform !== UNICODE)) continue;
    const rank = platform === WINDOWS && font.view.getUint16(record + 4) === ENGLISH_US ? 0 : platform === WINDOWS ? 1 : 2;
    if (best !== undefined && best.rank <= rank) continue;
    const start = storage + font.view.getUint16(record + 10);
    best = { rank, bytes: font.bytes.subarray(start, start + font.view.getUint16(record + 8)) };
  }
  return best?.bytes ?? new Uint8Array();
}
