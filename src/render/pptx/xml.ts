/**
 * Just enough XML handling for editing generated OOXML as text: elements that do not nest in
 * themselves (a:p, c:barChart, p:presentation) and their child elements. Attribute values may hold
 * any character but '"'/"'" (so a '>' inside one does not end a tag).
 */

const TAG = /<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

export interface ChildElement {
  readonly name: string;
  readonly xml: string;
}

/** Rewrites the content of every `name` element (which must not contain another `name`). */
export function editElements(xml: string, name: string, edit: (content: string) => string): string {
  const element = new RegExp(`(<${name}(?:\\s(?:[^>"']|"[^"]*"|'[^']*')*)?>)([\\s\\S]*?)(</${name}>)`, 'g');
  return xml.replace(element, (_all, open: string, content: string, close: string) => open + edit(content) + close);
}

/** The child elements of an element's content; whitespace and comments between them are dropped. */
export function childElements(content: string): ChildElement[] {
  const children: ChildElement[] = [];
  let depth = 0;
  let start = 0;
  let name = '';
  for (const tag of content.matchAll(TAG)) {
    const [text, closing, tagName, , selfClosing] = tag;
    if (tagName === undefined) continue; // a comment
    const index = tag.index;
    if (depth === 0) {
      if (content.slice(start, index).trim() !== '') throw new Error(`xml: text between child elements near "${text}"`);
      start = index;
      name = tagName;
    }
    if (closing) depth -= 1;
    else if (!selfClosing) depth += 1;
    if (depth === 0) {
      children.push({ name, xml: content.slice(start, index + text.length) });
      start = index + text.length;
    }
  }
  if (depth !== 0 || content.slice(start).trim() !== '') throw new Error('xml: unbalanced element content');
  return children;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_all, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? '';
  });
}

export function encodeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The character data of a part (all text nodes, entities decoded). */
export function textContent(xml: string): string {
  return decodeEntities(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '').replace(TAG, ''));
}

/** Sets (or replaces) attributes on the first start tag of `name`. */
export function setAttributes(xml: string, name: string, attributes: Record<string, string>): string {
  const startTag = new RegExp(`<${name}((?:\\s+[\\w.:-]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  return xml.replace(startTag, (_all, existing: string, selfClosing: string) => {
    let kept = existing;
    for (const attribute of Object.keys(attributes)) {
      kept = kept.replace(new RegExp(`\\s+${attribute}\\s*=\\s*(?:"[^"]*"|'[^']*')`), '');
    }
    const added = Object.entries(attributes).map(([key, value]) => ` ${key}="${encodeAttribute(value)}"`);
    return `<${name}${kept}${added.join('')}${selfClosing}>`;
  });
}
