/**
 * What PowerPoint's own files always have and pptxgenjs's lack; files without them were reported to
 * open with PowerPoint's "repair" dialog (pptxgenjs issues #1441–#1444, #1449), though the schemas
 * allow them: a theme part per notes master, content-type Defaults only for extensions the package
 * has, a text body in every shape, an effect list beside a background's fill.
 */
import { posix } from 'node:path';
import { editXmlParts, type Parts, xmlPart, xmlPartNames } from './opc-package.js';
import { childElements, editElements } from './xml.js';

const CONTENT_TYPES = '[Content_Types].xml';
const THEME_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.theme+xml';
const RELATIONSHIP = /<Relationship\s[^>]*>/g;
const THEME_TYPE = /\sType="[^"]*\/relationships\/theme"/;
const TARGET = /\sTarget="([^"]*)"/;
const DRAWING_PARTS = /^ppt\/(?:slides|slideLayouts|slideMasters)\/[^/]+\.xml$/;

/** `language` is the slides' (finished-parts.ts): the empty paragraphs given to shapes are in it. */
export function followPowerPointHabits(parts: Parts, language: string | undefined): void {
  giveNotesMastersThemesOfTheirOwn(parts);
  giveShapesTextBodies(parts, language);
  giveBackgroundsEffectLists(parts);
  dropUnusedDefaults(parts); // last: after every part is added
}

/** The theme part a relationship of the .rels part `rels` points at, if it is a theme relationship. */
function themeOf(rels: string, relationship: string): string | undefined {
  const target = TARGET.exec(relationship)?.[1];
  return THEME_TYPE.test(relationship) && target !== undefined ? posix.join(posix.dirname(posix.dirname(rels)), target) : undefined;
}

/** pptxgenjs relates its notes master to the slide master's theme; each gets a copy of its own. */
function giveNotesMastersThemesOfTheirOwn(parts: Parts): void {
  const slideThemes = new Set(
    xmlPartNames(parts, /^ppt\/slideMasters\/_rels\/[^/]+\.rels$/).flatMap((rels) =>
      [...xmlPart(parts, rels).matchAll(RELATIONSHIP)].flatMap(([relationship]) => themeOf(rels, relationship) ?? []),
    ),
  );
  for (const rels of xmlPartNames(parts, /^ppt\/(?:notesMasters|handoutMasters)\/_rels\/[^/]+\.rels$/)) {
    const retargeted = xmlPart(parts, rels).replace(RELATIONSHIP, (relationship) => {
      const theme = themeOf(rels, relationship);
      if (theme === undefined || !slideThemes.has(theme)) return relationship;
      const copy = nextThemeName(parts);
      parts.set(copy, xmlPart(parts, theme));
      const contentTypes = xmlPart(parts, CONTENT_TYPES);
      parts.set(CONTENT_TYPES, contentTypes.replace('</Types>', `<Override PartName="/${copy}" ContentType="${THEME_CONTENT_TYPE}"/></Types>`));
      return relationship.replace(TARGET, ` Target="${posix.relative(posix.dirname(posix.dirname(rels)), copy)}"`);
    });
    parts.set(rels, retargeted);
  }
}

function nextThemeName(parts: Parts): string {
  let number = 1;
  while (parts.has(`ppt/theme/theme${number}.xml`)) number += 1;
  return `ppt/theme/theme${number}.xml`;
}

/** `xml` placed before the content's extension list (always last in its sequence), else at its end. */
function beforeExtensions(content: string, extensionList: string, xml: string): string {
  const children = childElements(content);
  const at = children.findIndex((child) => child.name === extensionList);
  const xmls = children.map((child) => child.xml);
  xmls.splice(at < 0 ? xmls.length : at, 0, xml);
  return xmls.join('');
}

/** An empty text body, as PowerPoint writes in a shape with no text (pptxgenjs's rectangles). */
function giveShapesTextBodies(parts: Parts, language: string | undefined): void {
  const endOfParagraph = language === undefined ? '' : `<a:endParaRPr lang="${language}"/>`;
  const textBody = `<p:txBody><a:bodyPr/><a:lstStyle/><a:p>${endOfParagraph}</a:p></p:txBody>`;
  editXmlParts(parts, DRAWING_PARTS, `text bodies ${textBody}`, (xml) =>
    editElements(xml, 'p:sp', (content) => (content.includes('<p:txBody') || content.includes('<p:ph') ? content : beforeExtensions(content, 'p:extLst', textBody))),
  );
}

/** A background's fill with the (empty) effect list PowerPoint writes after it. */
function giveBackgroundsEffectLists(parts: Parts): void {
  editXmlParts(parts, DRAWING_PARTS, 'background effects', (xml) =>
    editElements(xml, 'p:bgPr', (content) => (/<a:effect(?:Lst|Dag)[\s/>]/.test(content) ? content : beforeExtensions(content, 'a:extLst', '<a:effectLst/>'))),
  );
}

/** pptxgenjs declares Defaults for every media type it could write (jpeg, svg, mp4, vml…). */
function dropUnusedDefaults(parts: Parts): void {
  const extensions = new Set([...parts.keys()].map((name) => posix.extname(name).slice(1).toLowerCase()));
  const contentTypes = xmlPart(parts, CONTENT_TYPES);
  parts.set(
    CONTENT_TYPES,
    contentTypes.replace(/<Default\s[^>]*?Extension="([^"]*)"[^>]*\/>/g, (entry, extension: string) => (extensions.has(extension.toLowerCase()) ? entry : '')),
  );
}
