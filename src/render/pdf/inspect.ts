/**
 * A small PDF reader for checking outputs (preflight and tests): objects, decoded streams, pages
 * with their boxes, resources and content, and a content-stream tokenizer. It reads classic and
 * compressed (object stream) files that are not encrypted; it does not repair broken ones.
 * Pure: bytes in, values out.
 */
import { inflateSync } from 'node:zlib';

export type PdfValue = null | boolean | number | string | PdfName | PdfRef | PdfValue[] | PdfDict;

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export type PdfDict = Map<string, PdfValue>;

export interface PdfObject {
  readonly value: PdfValue;
  /** Raw stream bytes as stored (before filters), when the object is a stream. */
  readonly stream?: Uint8Array;
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A token of PDF syntax (objects or content streams). */
export type Token = { readonly kind: 'value'; readonly value: PdfValue } | { readonly kind: 'keyword'; readonly word: string };

class Lexer {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  private skipSpace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      if (WHITESPACE.has(b[this.pos]!)) this.pos++;
      else if (b[this.pos] === 0x25) while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      else break;
    }
  }

  /** The next token, or undefined at the end. Arrays and dictionaries come back whole. */
  next(): Token | undefined {
    this.skipSpace();
    const b = this.bytes;
    if (this.pos >= b.length) return undefined;
    const c = b[this.pos]!;
    if (c === 0x2f) {
      this.pos++;
      let name = '';
      while (this.pos < b.length && !WHITESPACE.has(b[this.pos]!) && !DELIMITERS.has(b[this.pos]!)) {
        if (b[this.pos] === 0x23 && this.pos + 2 < b.length) {
          name += String.fromCharCode(Number.parseInt(String.fromCharCode(b[this.pos + 1]!, b[this.pos + 2]!), 16));
          this.pos += 3;
        } else name += String.fromCharCode(b[this.pos++]!);
      }
      return { kind: 'value', value: new PdfName(name) };
    }
    if (c === 0x28) return { kind: 'value', value: this.literalString() };
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return { kind: 'value', value: dict };
        }
        const key = this.next();
        if (!key || key.kind !== 'value' || !(key.value instanceof PdfName)) throw new Error(`bad dictionary key at ${this.pos}`);
        dict.set(key.value.name, this.value());
      }
    }
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, this.pos);
      const hex = String.fromCharCode(...b.subarray(this.pos + 1, end)).replace(/\s/g, '');
      this.pos = end + 1;
      let text = '';
      for (let i = 0; i < hex.length; i += 2) text += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
      return { kind: 'value', value: text };
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return { kind: 'value', value: items };
        }
        items.push(this.value());
      }
    }
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) {
      this.pos++;
      return { kind: 'keyword', word: String.fromCharCode(c) };
    }
    let word = '';
    while (this.pos < b.length && !WHITESPACE.has(b[this.pos]!) && !DELIMITERS.has(b[this.pos]!)) word += String.fromCharCode(b[this.pos++]!);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // `12 0 R` is a reference: look ahead without consuming anything else.
      const save = this.pos;
      const gen = /^\s+(\d+)\s+R(?=[\s/<[\]>(%]|$)/.exec(String.fromCharCode(...b.subarray(this.pos, this.pos + 24)));
      if (gen && /^\d+$/.test(word)) {
        this.pos = save + gen[0].length;
        return { kind: 'value', value: new PdfRef(Number(word), Number(gen[1])) };
      }
      return { kind: 'value', value: Number(word) };
    }
    if (word === 'true' || word === 'false') return { kind: 'value', value: word === 'true' };
    if (word === 'null') return { kind: 'value', value: null };
    return { kind: 'keyword', word };
  }

  /** A value where one must be: keywords there are an error. */
  value(): PdfValue {
    const token = this.next();
    if (!token || token.kind !== 'value') throw new Error(`expected a value at ${this.pos}`);
    return token.value;
  }

  private literalString(): string {
    const b = this.bytes;
    this.pos++;
    let depth = 1;
    let out = '';
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const n = b[this.pos++]!;
        const simple: Record<number, string> = { 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x62: '\b', 0x66: '\f', 0x28: '(', 0x29: ')', 0x5c: '\\' };
        if (simple[n] !== undefined) out += simple[n];
        else if (n >= 0x30 && n <= 0x37) {
          let octal = String.fromCharCode(n);
          while (octal.length < 3 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37) octal += String.fromCharCode(b[this.pos++]!);
          out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
        } else if (n === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (n !== 0x0a) out += String.fromCharCode(n);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) break;
      out += String.fromCharCode(c);
    }
    return out;
  }
}

/** Every token of a content stream, in order (inline image data is skipped). */
export function tokenize(content: Uint8Array): Token[] {
  const lexer = new Lexer(content);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    if (!token) return tokens;
    tokens.push(token);
    if (token.kind === 'keyword' && token.word === 'ID') {
      // Inline image data runs to the next whitespace-delimited EI.
      let at = lexer.pos + 1;
      while (at < content.length && !(WHITESPACE.has(content[at - 1]!) && content[at] === 0x45 && content[at + 1] === 0x49 && (at + 2 >= content.length || WHITESPACE.has(content[at + 2]!)))) at++;
      lexer.pos = at;
    }
  }
}

/** A content stream as operators with their operands. */
export interface Operation {
  readonly operator: string;
  readonly operands: readonly PdfValue[];
}

export function operations(content: Uint8Array): Operation[] {
  const result: Operation[] = [];
  let operands: PdfValue[] = [];
  for (const token of tokenize(content)) {
    if (token.kind === 'value') operands.push(token.value);
    else {
      result.push({ operator: token.word, operands });
      operands = [];
    }
  }
  return result;
}

export interface PdfPage {
  readonly dict: PdfDict;
  readonly mediaBox: readonly number[];
  readonly trimBox?: readonly number[];
  readonly bleedBox?: readonly number[];
  readonly resources: PdfDict;
  /** The page's content streams, decoded and joined. */
  readonly content: Uint8Array;
}

export class PdfFile {
  readonly objects = new Map<number, PdfObject>();
  readonly trailer: PdfDict;

  constructor(readonly bytes: Uint8Array) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const header = /(\d+)\s+(\d+)\s+obj\b/g;
    for (let match = header.exec(text); match; match = header.exec(text)) {
      const lexer = new Lexer(bytes);
      lexer.pos = match.index + match[0].length;
      let value: PdfValue;
      try {
        value = lexer.value();
      } catch {
        continue;
      }
      const after = new Lexer(bytes);
      after.pos = lexer.pos;
      const keyword = after.next();
      let stream: Uint8Array | undefined;
      if (keyword?.kind === 'keyword' && keyword.word === 'stream' && value instanceof Map) {
        let start = after.pos;
        if (bytes[start] === 0x0d) start++;
        if (bytes[start] === 0x0a) start++;
        const declared = value.get('Length');
        const length = typeof declared === 'number' ? declared : text.indexOf('endstream', start) - start;
        stream = bytes.subarray(start, start + length);
        header.lastIndex = start + length;
      }
      this.objects.set(Number(match[1]), { value, ...(stream ? { stream } : {}) });
    }
    // Indirect stream lengths, and objects inside object streams.
    for (const object of [...this.objects.values()]) {
      if (!(object.value instanceof Map) || !(object.value.get('Type') instanceof PdfName) || (object.value.get('Type') as PdfName).name !== 'ObjStm') continue;
      const data = this.decode(object);
      const n = this.resolve(object.value.get('N')) as number;
      const first = this.resolve(object.value.get('First')) as number;
      const pairs = new Lexer(data.subarray(0, first));
      const numbers: number[] = [];
      for (let token = pairs.next(); token && token.kind === 'value'; token = pairs.next()) numbers.push(token.value as number);
      for (let i = 0; i < n; i++) {
        const lexer = new Lexer(data);
        lexer.pos = first + numbers[2 * i + 1]!;
        if (!this.objects.has(numbers[2 * i]!)) this.objects.set(numbers[2 * i]!, { value: lexer.value() });
      }
    }
    const trailerAt = text.lastIndexOf('trailer');
    if (trailerAt >= 0) {
      const lexer = new Lexer(bytes);
      lexer.pos = trailerAt + 'trailer'.length;
      this.trailer = lexer.value() as PdfDict;
    } else {
      const xref = [...this.objects.values()].reverse().find((o) => o.value instanceof Map && (o.value.get('Type') as PdfName | undefined)?.name === 'XRef');
      this.trailer = (xref?.value as PdfDict | undefined) ?? new Map();
    }
  }

  resolve(value: PdfValue | undefined): PdfValue | undefined {
    let current = value;
    for (let guard = 0; current instanceof PdfRef && guard < 32; guard++) current = this.objects.get(current.num)?.value;
    return current;
  }

  dict(value: PdfValue | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    return resolved instanceof Map ? resolved : undefined;
  }

  object(value: PdfValue | undefined): PdfObject | undefined {
    return value instanceof PdfRef ? this.objects.get(value.num) : undefined;
  }

  /** A stream's data with its filters undone (FlateDecode only; other filters are returned as stored). */
  decode(object: PdfObject): Uint8Array {
    if (!object.stream) return new Uint8Array();
    const dict = object.value as PdfDict;
    const filter = this.resolve(dict.get('Filter'));
    const filters = Array.isArray(filter) ? filter : filter ? [filter] : [];
    let data: Uint8Array = object.stream;
    for (const f of filters) {
      if (f instanceof PdfName && f.name === 'FlateDecode') data = inflateSync(data);
      else break;
    }
    return data;
  }

  /** Pages in order, with inherited boxes and resources. */
  pages(): PdfPage[] {
    const root = this.dict(this.trailer.get('Root'));
    const result: PdfPage[] = [];
    const walk = (node: PdfDict, inherited: { mediaBox?: number[]; resources?: PdfDict }): void => {
      const mediaBox = (this.resolve(node.get('MediaBox')) as number[] | undefined) ?? inherited.mediaBox;
      const resources = this.dict(node.get('Resources')) ?? inherited.resources;
      const kids = this.resolve(node.get('Kids'));
      if (Array.isArray(kids)) {
        for (const kid of kids) {
          const dict = this.dict(kid);
          if (dict) walk(dict, { ...(mediaBox ? { mediaBox } : {}), ...(resources ? { resources } : {}) });
        }
        return;
      }
      const contents = this.resolve(node.get('Contents'));
      const streams = (Array.isArray(contents) ? contents : [node.get('Contents')]).map((ref) => this.object(ref as PdfValue)).filter((o): o is PdfObject => o !== undefined);
      const parts = streams.map((s) => this.decode(s));
      const content = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
      let at = 0;
      for (const part of parts) {
        content.set(part, at);
        at += part.length;
        content[at++] = 0x0a;
      }
      const box = (key: string): number[] | undefined => this.resolve(node.get(key)) as number[] | undefined;
      result.push({
        dict: node,
        mediaBox: mediaBox ?? [0, 0, 612, 792],
        ...(box('TrimBox') ? { trimBox: box('TrimBox')! } : {}),
        ...(box('BleedBox') ? { bleedBox: box('BleedBox')! } : {}),
        resources: resources ?? new Map(),
        content,
      });
    };
    const pages = root && this.dict(root.get('Pages'));
    if (pages) walk(pages, {});
    return result;
  }
}

export const nameOf = (value: PdfValue | undefined): string | undefined => (value instanceof PdfName ? value.name : undefined);

/** A PDF text string as text: UTF-16BE after a byte order mark, else PDFDocEncoding (read as Latin-1). */
export function textString(value: PdfValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.startsWith('\xFE\xFF')) return value;
  let text = '';
  for (let i = 2; i + 1 < value.length; i += 2) text += String.fromCharCode((value.charCodeAt(i) << 8) | value.charCodeAt(i + 1));
  return text;
}
