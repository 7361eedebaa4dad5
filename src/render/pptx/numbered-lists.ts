/**
 * pptxgenjs writes startAt="1" on every numbered paragraph. PowerPoint still counts on through a
 * list, but LibreOffice restarts at each explicit startAt ("1. 1. 1."); 1 is the default anyway.
 */
import { editXmlParts, type Parts } from './opc-package.js';

export function continueNumberedLists(parts: Parts): void {
  editXmlParts(parts, /^ppt\/slides\/slide\d+\.xml$/, 'numbered lists', (xml) => xml.replace(/(<a:buAutoNum\s[^>]*?)\s+startAt="1"/g, '$1'));
}
