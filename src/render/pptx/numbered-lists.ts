/**
 * pptxgenjs writes startAt="1" on every numbered paragraph. PowerPoint still counts on through a
 * list, but LibreOffice restarts at each explicit startAt ("1. 1. 1."); 1 is the default anyway.
 */
import { type Parts, xmlPart, xmlPartNames } from './opc-package.js';

export function continueNumberedLists(parts: Parts): void {
  for (const name of xmlPartNames(parts, /^ppt\/slides\/slide\d+\.xml$/)) {
    parts.set(name, xmlPart(parts, name).replace(/(<a:buAutoNum\s[^>]*?)\s+startAt="1"/g, '$1'));
  }
}
