/**
 * A strict, fast well-formedness check of XML 1.0 text (no DTDs: OOXML parts must not have one).
 * The finishing pass edits XML as text and pptxgenjs interpolates some values unescaped; a part
 * that is not well-formed makes PowerPoint refuse the whole file, so it must never be written.
 */

const NAME = '[A-Za-z_:\\u00C0-\\uFFFF][\\w.:\\-\\u00B7\\u00C0-\\uFFFF]*';
const OPEN_NAME = new RegExp(`<(${NAME})`, 'y');
const ATTRIBUTE = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`, 'y');
const TAG_END = /\s*(\/?)>/y;
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
const DECLARATION = /<\?xml(?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\?>/y;
const WHITESPACE = /[ \t\r\n]*/y;
const REFERENCE = /&(?:#x([0-9A-Fa-f]+);|#([0-9]+);|(amp|lt|gt|quot|apos);)/y;
/** Characters XML 1.0 does not allow, or a UTF-16 surrogate (then checked for its pair: the slow search). */
const SUSPECT_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;
const ILLEGAL_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface ParseState {
  readonly xml: string;
  /** Names of the elements open at this point, outermost first. */
  readonly open: string[];
  roots: number;
  readonly nextAmpersand: NextOccurrence;
  readonly nextCdataEnd: NextOccurrence;
}

/** Where `needle` next occurs at or after `from`, -1 if nowhere; `from` must never decrease (one pass over the text). */
type NextOccurrence = (from: number) => number;

function occurrences(xml: string, needle: string): NextOccurrence {
  let found = xml.indexOf(needle);
  return (from) => {
    if (found >= 0 && found < from) found = xml.indexOf(needle, from);
    return found;
  };
}

/** Throws an Error naming the first place where `xml` is not well-formed. */
export function assertWellFormed(xml: string): void {
  const illegal = SUSPECT_CHARACTER.test(xml) ? ILLEGAL_CHARACTER.exec(xml) : null;
  if (illegal) fail(xml, illegal.index, `character U+${illegal[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
  const state: ParseState = { xml, open: [], roots: 0, nextAmpersand: occurrences(xml, '&'), nextCdataEnd: occurrences(xml, ']]>') };
  DECLARATION.lastIndex = 0;
  let at = DECLARATION.test(xml) ? DECLARATION.lastIndex : 0;
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const end = next < 0 ? xml.length : next;
    if (state.open.length > 0) checkCharacterData(state, at, end);
    else {
      WHITESPACE.lastIndex = at;
      WHITESPACE.test(xml);
      if (WHITESPACE.lastIndex < end) fail(xml, at, 'text outside the root element');
    }
    if (next < 0) break;
    at = markup(state, next);
  }
  if (state.open.length > 0) fail(xml, xml.length, `<${state.open.at(-1)}> is not closed`);
  if (state.roots === 0) fail(xml, 0, 'no root element');
}

/** Reads the markup at `at` (a tag, comment, CDATA section or processing instruction); returns where it ends. */
function markup(state: ParseState, at: number): number {
  const { xml, open } = state;
  if (xml.startsWith('<!--', at)) {
    const end = xml.indexOf('-->', at + 4);
    if (end < 0 || xml.slice(at + 4, end).includes('--')) fail(xml, at, 'bad comment');
    return end + 3;
  }
  if (xml.startsWith('<![CDATA[', at)) {
    const end = xml.indexOf(']]>', at);
    if (end < 0 || open.length === 0) fail(xml, at, 'bad CDATA section');
    return end + 3;
  }
  if (xml.startsWith('<?', at)) {
    const end = xml.indexOf('?>', at);
    if (end < 0 || /^<\?xml[\s?]/i.test(xml.slice(at, at + 6))) fail(xml, at, 'bad processing instruction');
    return end + 2;
  }
  if (xml.startsWith('</', at)) {
    END_TAG.lastIndex = at;
    const end = END_TAG.exec(xml);
    if (!end || open.pop() !== end[1]) fail(xml, at, `an end tag that does not close <${open.at(-1) ?? ''}>`);
    return END_TAG.lastIndex;
  }
  return startTag(state, at);
}

function startTag(state: ParseState, at: number): number {
  const { xml, open } = state;
  OPEN_NAME.lastIndex = at;
  const name = OPEN_NAME.exec(xml)?.[1];
  if (name === undefined) fail(xml, at, "'<' that starts no tag");
  let attributesEnd = OPEN_NAME.lastIndex;
  const seen: string[] = [];
  for (;;) {
    ATTRIBUTE.lastIndex = attributesEnd;
    const attribute = ATTRIBUTE.exec(xml);
    if (!attribute) break;
    const attributeName = attribute[1] ?? '';
    if (seen.includes(attributeName)) fail(xml, at, `attribute ${attributeName} given twice`);
    seen.push(attributeName);
    checkReferences(state, attributesEnd, ATTRIBUTE.lastIndex); // names hold no '&': only the value is searched
    attributesEnd = ATTRIBUTE.lastIndex;
  }
  TAG_END.lastIndex = attributesEnd;
  const end = TAG_END.exec(xml);
  if (!end) fail(xml, at, `a malformed start tag <${name}`);
  if (open.length === 0 && ++state.roots > 1) fail(xml, at, 'a second root element');
  if (end[1] !== '/') open.push(name);
  return TAG_END.lastIndex;
}

function checkCharacterData(state: ParseState, from: number, to: number): void {
  const cdataEnd = state.nextCdataEnd(from);
  if (cdataEnd >= 0 && cdataEnd < to) fail(state.xml, cdataEnd, "']]>' in character data");
  checkReferences(state, from, to);
}

/** Every '&' in xml[from, to) starts a predefined entity or a reference to an allowed character. */
function checkReferences(state: ParseState, from: number, to: number): void {
  const { xml } = state;
  for (let ampersand = state.nextAmpersand(from); ampersand >= 0 && ampersand < to; ampersand = state.nextAmpersand(ampersand + 1)) {
    REFERENCE.lastIndex = ampersand;
    const reference = REFERENCE.exec(xml);
    if (!reference || REFERENCE.lastIndex > to) fail(xml, ampersand, "'&' that starts no entity or character reference");
    const [, hex, decimal] = reference;
    const code = hex !== undefined ? parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : undefined;
    if (code !== undefined && !isXmlCharacter(code)) fail(xml, ampersand, `${reference[0]} is not a character XML can hold`);
  }
}

function isXmlCharacter(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function fail(xml: string, at: number, reason: string): never {
  const line = xml.slice(0, at).split('\n').length;
  throw new Error(`${reason} (line ${line}, near "${xml.slice(at, at + 40)}")`);
}
