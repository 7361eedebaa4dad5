/**
 * Gives text the embedded family and the deck's language where pptxgenjs leaves them open: the
 * theme's East Asian fonts (written empty), chart text (a:latin only; titles without lang),
 * bullets (no a:buFont) and speaker notes (no font, lang="en-US" whatever the text).
 */
import { editXmlParts, type Parts, xmlPart, xmlPartNames } from './opc-package.js';
import { editElements, encodeAttribute } from './xml.js';

/** Fills the empty ea typeface of each theme's major and minor font with `family`. */
export function fillThemeEastAsianFont(parts: Parts, family: string): void {
  for (const name of xmlPartNames(parts, /^ppt\/theme\/theme\d+\.xml$/)) {
    let theme = xmlPart(parts, name);
    for (const fonts of ['a:majorFont', 'a:minorFont']) {
      theme = editElements(theme, fonts, (content) => content.replace(/<a:ea\s+typeface=""/, `<a:ea typeface="${encodeAttribute(family)}"`));
    }
    parts.set(name, theme);
  }
}

/**
 * Where a run names one of `families` as its Latin font but gives no East Asian font (chart text),
 * names it as the East Asian font too, right after a:latin as the schema orders them.
 */
export function addEastAsianBesideLatin(parts: Parts, families: readonly string[]): void {
  const typefaces = new Set(families.map(encodeAttribute));
  editXmlParts(parts, /^ppt\/.*\.xml$/, `East Asian beside Latin ${JSON.stringify(families)}`, (xml) =>
    xml.replace(/(<a:latin\s[^>]*?\btypeface="([^"]*)"[^>]*\/>)(?!\s*<a:ea[\s/>])/g, (latin: string, _tag: string, typeface: string) =>
      typefaces.has(typeface) ? `${latin}<a:ea typeface="${typeface}"/>` : latin,
    ),
  );
}

/**
 * Gives a bullet character with no font of its own the Latin font of its paragraph's first run,
 * where that is one of `families`. PowerPoint does so by itself; LibreOffice takes its own
 * symbol font instead, which a machine without it replaces by whatever has the glyph.
 */
export function giveBulletsTheirTextFont(parts: Parts, families: readonly string[]): void {
  const typefaces = new Set(families.map(encodeAttribute));
  editXmlParts(parts, /^ppt\/.*\.xml$/, `bullet fonts ${JSON.stringify(families)}`, (xml) =>
    editElements(xml, 'a:p', (content) => {
      if (!content.includes('<a:buChar') || /<a:buFont(?:Tx)?[\s/>]/.test(content)) return content;
      const typeface = /<a:rPr[\s>][\s\S]*?<a:latin\s[^>]*?\btypeface="([^"]*)"/.exec(content)?.[1];
      return typeface !== undefined && typefaces.has(typeface) ? content.replace('<a:buChar', `<a:buFont typeface="${typeface}"/><a:buChar`) : content;
    }),
  );
}

/**
 * Gives speaker notes and chart text `language`, the language of the slides' text (their most used
 * lang: finished-parts.ts): pptxgenjs marks notes en-US and chart titles not at all, so PowerPoint
 * would spell-check Chinese there as English.
 */
export function tagTextWithSlideLanguage(parts: Parts, language: string | undefined): void {
  if (language === undefined) return;
  editXmlParts(parts, /^ppt\/notesSlides\/notesSlide\d+\.xml$/, `language of notes ${language}`, (xml) =>
    xml.replace(/(<a:(?:rPr|endParaRPr)\s[^>]*?\blang=")[^"]*"/g, `$1${language}"`),
  );
  editXmlParts(parts, /^ppt\/charts\/chart\d+\.xml$/, `language of charts ${language}`, (xml) => xml.replace(/<a:rPr(?![^>]*\blang=)(?=[\s/>])/g, `<a:rPr lang="${language}"`));
}
