/**
 * Repairs what pptxgenjs writes against the ECMA-376 schemas (PowerPoint opens such files only
 * after "repairing" them). Each repair fixes a kind of error wherever it occurs, not one deck.
 */
import { editXmlParts, type Parts, xmlPart } from './opc-package.js';
import { childElements, editElements, type ChildElement } from './xml.js';

const CONTENT_TYPES = '[Content_Types].xml';
const PRESENTATION = 'ppt/presentation.xml';

/** CT_Presentation's sequence (pml.xsd). */
const PRESENTATION_CHILDREN = [
  'p:sldMasterIdLst', 'p:notesMasterIdLst', 'p:handoutMasterIdLst', 'p:sldIdLst', 'p:sldSz', 'p:notesSz',
  'p:smartTags', 'p:embeddedFontLst', 'p:custShowLst', 'p:photoAlbum', 'p:custDataLst', 'p:kinsoku',
  'p:defaultTextStyle', 'p:modifyVerifier', 'p:extLst',
];

/** CT_LineSer's sequence (dml-chart.xsd); pptxgenjs writes c:dLbls before c:marker. */
const LINE_SERIES_CHILDREN = [
  'c:idx', 'c:order', 'c:tx', 'c:spPr', 'c:marker', 'c:dPt', 'c:dLbls', 'c:trendline', 'c:errBars', 'c:cat', 'c:val', 'c:smooth', 'c:extLst',
];

/** 2-D chart groups take exactly two c:axId (dml-chart.xsd); pptxgenjs adds a third, for a series axis. */
const TWO_AXIS_CHARTS = ['c:barChart', 'c:lineChart', 'c:areaChart', 'c:radarChart', 'c:scatterChart', 'c:bubbleChart', 'c:stockChart'];

/** Line chart groups must start with c:grouping (EG_LineChartShared); pptxgenjs writes none. */
const LINE_CHARTS = ['c:lineChart', 'c:line3DChart'];

/** Only bar and bubble series may carry c:invertIfNegative; pptxgenjs writes it in every series. */
const CHARTS_WITHOUT_INVERT = ['c:lineChart', 'c:line3DChart', 'c:areaChart', 'c:area3DChart', 'c:radarChart', 'c:scatterChart'];

export function repairSchemaErrors(parts: Parts): void {
  dropOverridesOfMissingParts(parts);
  parts.set(PRESENTATION, editElements(xmlPart(parts, PRESENTATION), 'p:presentation', inSchemaOrder(PRESENTATION_CHILDREN)));
  editXmlParts(parts, /^ppt\/.*\.xml$/, 'one a:pPr', (xml) => editElements(xml, 'a:p', keepOneParagraphProperties));
  editXmlParts(parts, /^ppt\/charts\/chart\d+\.xml$/, 'chart repairs', (xml) => {
    let chart = xml;
    for (const group of TWO_AXIS_CHARTS) chart = editElements(chart, group, keepTwoAxisIds);
    for (const group of LINE_CHARTS) chart = editElements(chart, group, repairLineChart);
    for (const group of CHARTS_WITHOUT_INVERT) chart = editElements(chart, group, (content) => content.replace(/<c:invertIfNegative\b[^>]*\/>/g, ''));
    return chart;
  });
}

/** pptxgenjs declares a slide master per slide (slideMaster2.xml…) though it writes only one. */
function dropOverridesOfMissingParts(parts: Parts): void {
  const contentTypes = xmlPart(parts, CONTENT_TYPES).replace(/<Override\s[^>]*?PartName="\/([^"]*)"[^>]*\/>/g, (override: string, part: string) =>
    parts.has(decodeURIComponent(part)) ? override : '',
  );
  parts.set(CONTENT_TYPES, contentTypes);
}

/**
 * Sorts an element's children into the order of its schema sequence (stable, so repeated
 * elements keep their order; unknown ones go last). pptxgenjs writes p:notesMasterIdLst after
 * p:sldIdLst, and a line series' c:dLbls before its c:marker.
 */
function inSchemaOrder(sequence: readonly string[]): (content: string) => string {
  const rank = (child: ChildElement): number => {
    const index = sequence.indexOf(child.name);
    return index < 0 ? sequence.length : index;
  };
  return (content) =>
    childElements(content)
      .sort((a, b) => rank(a) - rank(b))
      .map((child) => child.xml)
      .join('');
}

const PARAGRAPH_PROPERTIES_TAG = /<a:pPr[\s/>]/g;
const FIRST_PARAGRAPH_PROPERTIES = /^<a:pPr[\s/>]/;

/**
 * A paragraph has at most one a:pPr, first. pptxgenjs writes one before each run of a multi-run
 * paragraph; the first, written for the paragraph's first run, is kept.
 */
function keepOneParagraphProperties(content: string): string {
  // Most paragraphs have none, or one that comes first: seen without reading every child (a third of finishing a deck).
  const tags = content.match(PARAGRAPH_PROPERTIES_TAG)?.length ?? 0;
  if (tags === 0 || (tags === 1 && FIRST_PARAGRAPH_PROPERTIES.test(content))) return content;
  const children = childElements(content);
  const properties = children.filter((child) => child.name === 'a:pPr');
  const [first] = properties;
  if (first === undefined || (properties.length === 1 && children[0] === first)) return content;
  const others = children.filter((child) => child.name !== 'a:pPr');
  return [first, ...others].map((child) => child.xml).join('');
}

function keepTwoAxisIds(content: string): string {
  const children = childElements(content);
  if (children.filter((child) => child.name === 'c:axId').length <= 2) return content;
  let axisIds = 0;
  return children
    .filter((child) => child.name !== 'c:axId' || ++axisIds <= 2)
    .map((child) => child.xml)
    .join('');
}

/** Adds the missing c:grouping ("standard": lines neither stacked nor percent) and orders each series. */
function repairLineChart(content: string): string {
  const ordered = editElements(content, 'c:ser', inSchemaOrder(LINE_SERIES_CHILDREN));
  return /<c:grouping[\s/>]/.test(ordered) ? ordered : `<c:grouping val="standard"/>${ordered}`;
}
