/**
 * check: every character of the content and of the templates' own wording has a glyph in the
 * fonts that will draw it, so no output ever shows an empty box. A missing glyph is an error
 * naming the character, where it is, and which fonts lack it.
 */
import type { Template } from '../compose/compose.js';
import type { FontSet, LoadedFace } from '../load/fonts.js';
import { codePoint } from '../load/guard.js';
import type { YamlSource } from '../load/yaml.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** Characters that are layout, not glyphs. */
const isLayout = (ch: string): boolean => /\s/.test(ch);

function faces(fonts: FontSet): LoadedFace[] {
  return [fonts.sans.regular, fonts.sans.bold, fonts.serif.regular, fonts.serif.bold];
}

const faceName = (face: LoadedFace): string => `${face.family} ${face.bold ? 'Bold' : 'Regular'}`;

export function checkGlyphs(source: YamlSource, templates: readonly Template[], fonts: FontSet): Diagnostic[] {
  const all = faces(fonts);
  const verdicts = new Map<number, LoadedFace[]>();
  const lacking = (ch: string): LoadedFace[] => {
    const cp = ch.codePointAt(0) ?? 0;
    let missing = verdicts.get(cp);
    if (!missing) {
      missing = all.filter((face) => !face.font.hasGlyphForCodePoint(cp));
      verdicts.set(cp, missing);
    }
    return missing;
  };
  const reported = new Set<string>();
  const found: Diagnostic[] = [];
  const check = (text: string, place: (index: number) => Omit<Diagnostic, 'severity' | 'message'>): void => {
    let index = 0;
    for (const ch of text) {
      const missing = isLayout(ch) || reported.has(ch) ? [] : lacking(ch);
      if (missing.length > 0) {
        reported.add(ch);
        found.push({
          severity: 'error',
          ...place(index),
          message: `${codePoint(ch)} ${ch} has no glyph in ${missing.map(faceName).join(', ')}`,
          hint: 'it would print as an empty box: replace the character, or name a font that has it in templates/theme.yaml',
        });
      }
      index += ch.length;
    }
  };

  for (const { value, path, offset } of source.strings()) {
    check(value, (index) => ({ file: source.file, ...source.linePos(offset + index), path: path.join('.') }));
  }
  for (const template of templates) {
    // Only the template's own wording: what lies outside {{ … }} tags.
    const wording = template.source.replace(/\{\{[\s\S]*?\}\}/g, (tag) => tag.replace(/[^\n]/g, ' '));
    const lineStarts = [0];
    for (let i = wording.indexOf('\n'); i !== -1; i = wording.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    check(wording, (index) => {
      let line = lineStarts.length;
      while (lineStarts[line - 1]! > index) line--;
      return { file: template.file, line, column: index - lineStarts[line - 1]! + 1, path: '' };
    });
  }
  return found;
}
