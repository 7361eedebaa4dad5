/**
 * check: every character of the content and of the templates' own wording has a glyph in the
 * fonts that will draw it, so no output ever shows an empty box. A missing glyph is an error
 * naming the character, where it is, and which fonts lack it. Characters are checked as they will
 * be drawn: template entities decoded, spaces and line breaks as composing sets them (`drawnAs`).
 * A character no document can hold (a control character, a lone surrogate) is an error too.
 */
import { keptFaceName, keptResults, writtenAfterLayout, type KeptResults } from '../cache/kept.js';
import { identityOf, memo, memosAnswer } from '../cache/memo.js';
import type { Template } from '../compose/compose.js';
import { decodeEntity, drawnAs, ENTITY, MarkupError } from '../compose/markup.js';
import type { FontSet, LoadedFace } from '../load/fonts.js';
import { codePoint, forbiddenCharacter } from '../load/guard.js';
import type { YamlSource } from '../load/yaml.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** Line breaks are layout, not glyphs. */
const isLineBreak = (ch: string): boolean => ch === '\n';

type Place = Omit<Diagnostic, 'severity' | 'message'>;

function faces(fonts: FontSet): LoadedFace[] {
  return [fonts.sans.regular, fonts.sans.bold, fonts.serif.regular, fonts.serif.bold];
}

const faceName = (face: LoadedFace): string => `${face.family} ${face.bold ? 'Bold' : 'Regular'}`;

/**
 * Texts found to have every character drawable by the faces, remembered between builds: a rebuild
 * after an edit looks again at the edited texts only. Keyed by the faces, which stay the same
 * objects while their fonts do (load/fonts.ts).
 */
const REMEMBERED_TEXTS = 8000;
const drawableTexts = memo<boolean>(REMEMBERED_TEXTS);

/**
 * Texts and single characters found drawable by processes before this one (cache/kept.ts), per
 * set of faces: a build after an edit looks into a font only for a character no build has checked.
 */
const keptDrawable = new Map<string, KeptResults<true>>();

/** What is kept drawable by the faces named `names`, or undefined when a face has no name on disk. */
function keptDrawableBy(names: readonly (string | undefined)[]): KeptResults<true> | undefined {
  if (!memosAnswer() || names.some((name) => name === undefined)) return undefined;
  const key = JSON.stringify(names);
  let kept = keptDrawable.get(key);
  if (!kept) {
    kept = writtenAfterLayout(keptResults<true>('drawable-texts', ['check/glyphs', 'compose/markup', 'load/guard'], [key]));
    keptDrawable.set(key, kept);
  }
  return kept;
}

/**
 * What a template's verdict is kept under, before its source: no text checked is ever kept under
 * such a key, since a text with U+0000 is never drawable.
 */
const TEMPLATE_VERDICT = '\u0000template\u0000';

interface Wording {
  /** The template with its {{ … }} tags blanked out, lines kept. */
  readonly wording: string;
  readonly lineStarts: readonly number[];
  readonly entities: readonly { readonly entity: string; readonly index: number }[];
}

/** Templates' wording as found in their source, for the few sources a process sees. */
const wordings = memo<Wording>(8);

/** A template's own wording: what lies outside {{ … }} tags, where its lines start, and its entities. */
function wordingOf(source: string): Wording {
  return wordings(source, () => {
    const wording = source.replace(/\{\{[\s\S]*?\}\}/g, (tag) => tag.replace(/[^\n]/g, ' '));
    const lineStarts = [0];
    for (let i = wording.indexOf('\n'); i !== -1; i = wording.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    return { wording, lineStarts, entities: [...wording.matchAll(ENTITY)].map(({ 0: entity, index }) => ({ entity, index })) };
  });
}

export function checkGlyphs(source: YamlSource, templates: readonly Template[], fonts: FontSet): Diagnostic[] {
  const all = faces(fonts);
  const facesKey = all.map(identityOf).join(',');
  const kept = keptDrawableBy(all.map(keptFaceName));
  /** Whether a document can hold the character `written` and every face has a glyph for what is drawn for it. */
  const drawableCharacter = (written: string): boolean => {
    if (kept?.get(written)) return true;
    if (forbiddenCharacter(written)) return false;
    for (const ch of drawnAs(written)) if (!isLineBreak(ch) && lacking(ch).length > 0) return false;
    kept?.set(written, true);
    return true;
  };
  /** Whether every character of `text` is drawable (see drawableCharacter). */
  const drawable = (text: string): boolean =>
    drawableTexts(`${facesKey}|${text}`, () => {
      if (kept?.get(text)) return true;
      for (const written of text) if (!drawableCharacter(written)) return false;
      kept?.set(text, true);
      return true;
    });
  const verdicts = new Map<number, LoadedFace[]>();
  const lacking = (ch: string): LoadedFace[] => {
    const cp = ch.codePointAt(0) ?? 0;
    let missing = verdicts.get(cp);
    if (!missing) {
      missing = all.filter((face) => !face.hasGlyph(cp));
      verdicts.set(cp, missing);
    }
    return missing;
  };
  /** Characters already checked: each is reported once, where it first occurs. */
  const checked = new Set<string>();
  const found: Diagnostic[] = [];
  /** Checks one character as written, by what will be drawn for it; `at` places it (only asked on a problem). */
  const checkChar = (written: string, at: () => Place): void => {
    if (checked.has(written)) return;
    checked.add(written);
    if (forbiddenCharacter(written)) {
      found.push({ severity: 'error', ...at(), message: `${codePoint(written)} is a control character or lone surrogate, which documents cannot contain`, hint: 'delete it' });
      return;
    }
    for (const ch of drawnAs(written)) {
      const missing = isLineBreak(ch) ? [] : lacking(ch);
      if (missing.length === 0) continue;
      const shown = ch === written ? `${codePoint(ch)} ${ch}` : `${codePoint(written)} (set as ${codePoint(ch)})`;
      found.push({
        severity: 'error',
        ...at(),
        message: `${shown} has no glyph in ${missing.map(faceName).join(', ')}`,
        hint: 'it would print as an empty box: replace the character, or name a font that has it in templates/theme.yaml',
      });
    }
  };
  /** Checks `text` a character at a time (a lone surrogate is one), each placed by its index; whether it holds no problem. */
  const check = (text: string, place: (index: number) => Place): boolean => {
    // A text known to hold no problem has none to report: a problem character is one wherever it stands.
    if (drawable(text)) return true;
    let index = 0;
    for (const ch of text) {
      const at = index;
      if (!checked.has(ch)) checkChar(ch, () => place(at));
      index += ch.length;
    }
    return false;
  };

  for (const { value, path, offset } of source.strings()) {
    check(value, (index) => ({ file: source.file, ...source.linePos(offset + index), path: path.join('.') }));
  }
  for (const template of templates) {
    // A template found to hold no problem with these faces, by a process before this one: its wording is not looked at.
    const verdict = `${TEMPLATE_VERDICT}${template.source}`;
    if (kept?.get(verdict)) continue;
    let clean = true;
    const { wording, lineStarts, entities } = wordingOf(template.source);
    const place = (index: number): Place => {
      let line = lineStarts.length;
      while (lineStarts[line - 1]! > index) line--;
      return { file: template.file, line, column: index - lineStarts[line - 1]! + 1, path: '' };
    };
    // Entities are checked as the character they stand for, at the place they are written.
    let plain = 0;
    for (const { entity, index } of entities) {
      const start = plain;
      clean = check(wording.slice(start, index), (at) => place(start + at)) && clean;
      plain = index + entity.length;
      try {
        const written = decodeEntity(entity);
        clean = drawableCharacter(written) && clean;
        checkChar(written, () => place(index));
      } catch (error) {
        if (!(error instanceof MarkupError)) throw error;
        clean = false;
        found.push({ severity: 'error', ...place(index), message: error.message, hint: 'write the character itself, or an entity of one a document can hold' });
      }
    }
    const rest = plain;
    clean = check(wording.slice(rest), (at) => place(rest + at)) && clean;
    if (clean) kept?.set(verdict, true);
  }
  return found;
}
