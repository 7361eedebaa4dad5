/**
 * Speaker notes as PowerPoint writes them: pptxgenjs puts a slide's notes in one run, its
 * paragraphs joined by line feeds inside <a:t>, which DrawingML does not define as a break (each
 * application shows it its own way). Each line becomes a paragraph of its own, its run in the
 * deck's embedded family (a:latin and a:ea), as the slides' runs are.
 */
import { editXmlParts, type Parts } from './opc-package.js';
import { encodeAttribute } from './xml.js';

const PARAGRAPH = /<a:p>([\s\S]*?)<\/a:p>/g;
const RUN = /<a:r>(<a:rPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>))<a:t>([^<]*)<\/a:t><\/a:r>/g;

export function writeNotesAsParagraphs(parts: Parts, family: string): void {
  const typeface = encodeAttribute(family);
  editXmlParts(parts, /^ppt\/notesSlides\/notesSlide\d+\.xml$/, `notes as paragraphs in ${typeface}`, (xml) =>
    xml.replace(PARAGRAPH, (paragraph: string, content: string) => {
      if (!content.includes('<a:t>')) return paragraph;
      const end = /<a:endParaRPr\b[^>]*\/>/.exec(content)?.[0] ?? '';
      const lines: string[][] = [[]];
      for (const [, properties = '', text = ''] of content.matchAll(RUN)) {
        // pptxgenjs writes the line feeds it was given as CR LF.
        text.split(/\r?\n/).forEach((line, index) => {
          if (index > 0) lines.push([]);
          if (line !== '') lines.at(-1)!.push(`<a:r>${inFamily(properties, typeface)}<a:t>${line}</a:t></a:r>`);
        });
      }
      return lines.map((runs) => `<a:p>${runs.join('')}${end}</a:p>`).join('');
    }),
  );
}

/** Run properties naming `typeface` as the Latin and East Asian font, where they name none. */
function inFamily(properties: string, typeface: string): string {
  if (/<a:(?:latin|ea)\s/.test(properties)) return properties;
  const fonts = `<a:latin typeface="${typeface}"/><a:ea typeface="${typeface}"/>`;
  return properties.endsWith('/>') ? `${properties.slice(0, -2).trimEnd()}>${fonts}</a:rPr>` : properties.replace('</a:rPr>', `${fonts}</a:rPr>`);
}
