/**
 * Makes the deck name only the fonts it carries. pptxgenjs leaves Office's defaults behind: the
 * theme's script fonts (等线 Light for Hans, 游ゴシック, 新細明體…), Arial on the master's bullets
 * and a chart's hidden axis, and "Arial, Calibri" as app.xml's fonts used. PowerPoint takes these
 * for any text an official types into the deck, and substitutes a font the machine lacks.
 */
import { editXmlParts, type Parts, xmlPart, xmlPartNames } from './opc-package.js';
import { childElements, decodeEntities, editElements, encodeAttribute } from './xml.js';

/** Elements whose typeface sets the font of text or of a bullet. */
const TEXT_FONT = /<a:(latin|ea|cs|sym|buFont)\s([^>]*?)\/>/g;
const TYPEFACE = /\btypeface="([^"]*)"/;

/**
 * Points every text font that names a family outside `families` at `families[0]`, the deck's
 * main family; theme references (+mn-lt…) and empty typefaces name no font and stay. The theme
 * keeps one script font, Hans → the main family: PowerPoint takes it for zh-CN text.
 */
export function nameOnlyEmbeddedFamilies(parts: Parts, families: readonly string[]): void {
  const main = families[0];
  if (main === undefined) return;
  const typefaces = new Set(families.map(encodeAttribute));
  const mainTypeface = encodeAttribute(main);
  for (const name of xmlPartNames(parts, /^ppt\/theme\/theme\d+\.xml$/)) {
    let theme = xmlPart(parts, name);
    for (const fonts of ['a:majorFont', 'a:minorFont']) {
      theme = editElements(theme, fonts, (content) =>
        content.replace(/<a:font\s[^>]*\/>/g, '').replace(/(<a:cs\s[^>]*\/>)/, `$1<a:font script="Hans" typeface="${mainTypeface}"/>`),
      );
    }
    parts.set(name, theme);
  }
  editXmlParts(parts, /^ppt\/.*\.xml$/, `only ${JSON.stringify(families)}`, (xml) =>
    xml.replace(TEXT_FONT, (element: string, tag: string, attributes: string) => {
      const typeface = TYPEFACE.exec(attributes)?.[1];
      if (typeface === undefined || typeface === '' || typeface.startsWith('+') || typefaces.has(typeface)) return element;
      // panose, pitchFamily and charset describe the replaced font, not ours: drop them.
      return `<a:${tag} typeface="${mainTypeface}"/>`;
    }),
  );
}

/**
 * Lists the families the deck embeds (p:embeddedFontLst) as app.xml's "Fonts Used", in place of
 * the Arial and Calibri pptxgenjs always writes there. Run after the fonts are embedded.
 */
export function listEmbeddedFamiliesAsFontsUsed(parts: Parts): void {
  const APP = 'docProps/app.xml';
  if (!parts.has(APP)) return;
  const embedded = [...xmlPart(parts, 'ppt/presentation.xml').matchAll(/<p:embeddedFont>\s*<p:font\s[^>]*?\btypeface="([^"]*)"/g)].map(
    ([, typeface]) => decodeEntities(typeface ?? ''),
  );
  let app = xmlPart(parts, APP);
  const fontsUsed = /(<vt:lpstr>Fonts Used<\/vt:lpstr><\/vt:variant>\s*<vt:variant><vt:i4>)(\d+)(<\/vt:i4>)/.exec(app);
  if (fontsUsed === null) return;
  const listed = Number(fontsUsed[2]);
  app = app.replace(fontsUsed[0], `${fontsUsed[1]}${embedded.length}${fontsUsed[3]}`);
  // The titles list the fonts first, then the theme and the slides.
  app = editElements(app, 'TitlesOfParts', (titles) => {
    const vector = childElements(titles)[0];
    if (vector === undefined) return titles;
    const entries = childElements(/^<[^>]*>([\s\S]*)<\/vt:vector>$/.exec(vector.xml)?.[1] ?? '').map(({ xml }) => xml);
    const fonts = embedded.map((family) => `<vt:lpstr>${encodeAttribute(family)}</vt:lpstr>`);
    const rewritten = [...fonts, ...entries.slice(listed)];
    return `<vt:vector size="${rewritten.length}" baseType="lpstr">${rewritten.join('')}</vt:vector>`;
  });
  parts.set(APP, app);
}
