/**
 * East Asian line breaking, stated on every paragraph of the slides (text boxes, table cells) and
 * the notes rather than left to each application's default: Chinese line-start and line-end rules
 * apply (eaLnBrk), 、。，． may hang past the edge (hangingPunct), Latin words stay whole
 * (latinLnBrk="0"). These are the rules layout/deck/measure.ts predicts the lines by.
 */
import { editXmlParts, type Parts } from './opc-package.js';
import { editElements, setAttributes } from './xml.js';

const RULES = { eaLnBrk: '1', latinLnBrk: '0', hangingPunct: '1' } as const;

/** Runs after repairSchemaErrors (each paragraph then has at most one a:pPr, first) and the empty text bodies PowerPoint habits add. */
export function stateEastAsianLineBreaking(parts: Parts): void {
  editXmlParts(parts, /^ppt\/(?:slides\/slide|notesSlides\/notesSlide)\d+\.xml$/, 'line breaking', (xml) => editElements(xml, 'a:p', withRules));
}

function withRules(content: string): string {
  if (/^\s*<a:pPr[\s/>]/.test(content)) return setAttributes(content, 'a:pPr', RULES);
  const attributes = Object.entries(RULES).map(([key, value]) => ` ${key}="${value}"`).join('');
  return `<a:pPr${attributes}/>${content}`;
}
