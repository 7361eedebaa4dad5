/**
 * ECMA-376 requires each shape's p:cNvPr/@id to be unique within its part; PowerPoint "repairs" a
 * slide where two shapes share one. pptxgenjs numbers shapes by their position on the slide
 * (index + 2), but a table's graphic frame by `tableIndex × slideNumber + 1`, which lands on
 * another shape's number as soon as a slide holds a table and enough shapes.
 */
import { editXmlParts, type Parts } from './opc-package.js';

const SHAPE_ID = /(<p:cNvPr\s(?:[^>]*?\s)?id=")(\d+)"/g;

/**
 * Renumbers the shapes of every part where an id repeats: 1, 2, 3… in document order (the shape
 * tree's own group first, as PowerPoint numbers it). Nothing pptxgenjs writes refers to a shape
 * by its id (no connectors, no animations), so no reference needs following.
 */
export function renumberShapeIds(parts: Parts): void {
  editXmlParts(parts, /^ppt\/(?:slides|slideLayouts|slideMasters|notesSlides|notesMasters|handoutMasters)\/[^/]+\.xml$/, 'shape ids', (xml) => {
    const ids = [...xml.matchAll(SHAPE_ID)].map(([, , id]) => id);
    if (new Set(ids).size === ids.length) return xml;
    let next = 1;
    return xml.replace(SHAPE_ID, (_all, prefix: string) => `${prefix}${next++}"`);
  });
}
