/**
 * pptxgenjs numbers chart parts (chartN.xml, Microsoft_Excel_WorksheetN.xlsx) with a counter shared
 * by every deck the process builds, so the second deck of a run names its first chart chart2.xml.
 * Renumbering them from 1, in the order of their numbers, makes the names depend on the deck only.
 */
import { posix } from 'node:path';
import type { Parts } from './opc-package.js';

const NUMBERED = [/^(ppt\/charts\/chart)(\d+)(\.xml)$/, /^(ppt\/embeddings\/Microsoft_Excel_Worksheet)(\d+)(\.xlsx)$/];
const CONTENT_TYPES = '[Content_Types].xml';

export function renumberCharts(parts: Parts): void {
  const renames = chartRenames(parts);
  if (renames.size === 0) return;
  const renamed: Parts = new Map();
  for (const [name, content] of parts) {
    const newName = renames.get(name) ?? name;
    renamed.set(newName, name.endsWith('.rels') && typeof content === 'string' ? retarget(content, sourceOf(name), renames) : content);
  }
  const contentTypes = renamed.get(CONTENT_TYPES);
  if (typeof contentTypes === 'string') {
    renamed.set(CONTENT_TYPES, contentTypes.replace(/(PartName="\/)([^"]+)"/g, (_all, prefix: string, part: string) => `${prefix}${renames.get(part) ?? part}"`));
  }
  parts.clear();
  for (const [name, content] of renamed) parts.set(name, content);
}

/** Old part name → new, for the numbered parts, their relationship parts included. */
function chartRenames(parts: Parts): Map<string, string> {
  const renames = new Map<string, string>();
  for (const pattern of NUMBERED) {
    const numbered = [...parts.keys()]
      .map((name) => pattern.exec(name))
      .filter((match) => match !== null)
      .sort((a, b) => Number(a[2]) - Number(b[2]));
    numbered.forEach(([name, prefix, , suffix], index) => {
      const newName = `${prefix}${index + 1}${suffix}`;
      if (newName === name) return;
      renames.set(name, newName);
      renames.set(relsOf(name), relsOf(newName));
    });
  }
  return renames;
}

function relsOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/** The part whose relationships a .rels part holds ('' for the package's _rels/.rels). */
function sourceOf(rels: string): string {
  const folder = posix.dirname(posix.dirname(rels));
  return posix.join(folder === '.' ? '' : folder, posix.basename(rels, '.rels'));
}

/** Points relationship targets at renamed parts, keeping each target absolute or relative as it was. */
function retarget(rels: string, source: string, renames: ReadonlyMap<string, string>): string {
  const folder = posix.dirname(source);
  return rels.replace(/<Relationship\s[^>]*>/g, (relationship) => {
    if (relationship.includes('TargetMode="External"')) return relationship;
    return relationship.replace(/Target="([^"]+)"/, (attribute, target: string) => {
      const absolute = target.startsWith('/');
      const newPart = renames.get(absolute ? target.slice(1) : posix.join(folder, target));
      if (newPart === undefined) return attribute;
      return `Target="${absolute ? `/${newPart}` : posix.relative(folder, newPart)}"`;
    });
  });
}
