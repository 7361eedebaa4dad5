/**
 * Laid-out report pages → SVG, in points from the top-left as layout gives them: every line, run,
 * box and rule where the PDF renderer draws it, with the same runs, letter spacing and features.
 */
import type { LaidOutPage, LaidOutReport, PageItem } from '../model/pages.js';
import { drawLine, imageHref, num, type FamilyOf } from './svg.js';

const PNG_SIGNATURE = 0x89;

function drawItem(item: PageItem, familyOf: FamilyOf): string {
  switch (item.kind) {
    case 'text':
      return drawLine(item.runs, item.x, item.y, familyOf, () => item.color);
    case 'rect':
      return `<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" fill="#${item.fill}"/>`;
    case 'rule': {
      const dash = item.dash ? ` stroke-dasharray="${num(item.dash[0])} ${num(item.dash[1])}"` : '';
      return `<line x1="${num(item.x)}" x2="${num(item.x + item.width)}" y1="${num(item.y)}" y2="${num(item.y)}" stroke="#${item.color}" stroke-width="${num(item.thickness)}"${dash}/>`;
    }
    case 'image': {
      const format = item.data[0] === PNG_SIGNATURE ? 'png' : 'jpeg';
      return `<image x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" preserveAspectRatio="none" href="${imageHref(item.data, format)}"/>`;
    }
    case 'link':
    case 'anchor':
      // Navigation in the PDF; the preview shows every page at once.
      return '';
  }
}

export function pageSvg(page: LaidOutPage, report: LaidOutReport, familyOf: FamilyOf): string {
  const items = page.items.map((item) => drawItem(item, familyOf)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="page" viewBox="0 0 ${num(report.width)} ${num(report.height)}"><rect width="${num(report.width)}" height="${num(report.height)}" fill="#FFFFFF"/>${items}</svg>`;
}
