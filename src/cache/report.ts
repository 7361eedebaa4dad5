/**
 * The report kept whole between builds (whole.ts): what its layout comes to, and its two editions
 * (the standard PDF and the print edition). An edit only the deck shows (the event's message, a
 * slide's own wording) leaves the report made from the same source: a build neither lays it out nor
 * renders it again, and its bytes stay as they were (its file ID is a digest of that source too).
 * Everything is named by reportSourceOf, a digest of all the report is made from: the document's
 * report as compose made it (its pictures by their bytes), the theme and the fonts (by their
 * bytes); the editions also by their date and options.
 *
 * On disk the layout is kept as what a build needs of it when the editions are kept too: its page
 * count and what verifyReport found on its pages. The laid-out report itself is not kept: for the
 * article it is 300 KB of JSON, which reads back in 5-10 ms where laying it out from its kept blocks
 * takes 40-90, but writing it would cost every build that lays the report out 10-35 ms more, to
 * spare only the few that render an edition not kept (a first `--print`, `check --print`, `preview`).
 */
import { layoutReport } from '../layout/report/report.js';
import { reportStyles } from '../layout/report/style.js';
import { verifyReport } from '../layout/report/verify.js';
import type { FontSet } from '../load/fonts.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Report } from '../model/document.js';
import type { LaidOutReport } from '../model/pages.js';
import type { Theme } from '../model/theme.js';
import { cacheKey } from './disk.js';
import { keptOutputs, makers, speltBlocks, speltFace, WholeStore } from './whole.js';

/** A digest of everything the report, laid out and rendered, is made from (but jianbao's code: see reportMakers). */
export function reportSourceOf(report: Report, theme: Theme, fonts: FontSet): string {
  const composed = { ...report, sections: report.sections.map((section) => ({ ...section, blocks: speltBlocks(section.blocks) })) };
  const faces = Object.values(fonts).flatMap(({ regular, bold }) => [regular, bold]);
  return cacheKey('report', JSON.stringify(composed), JSON.stringify(theme), JSON.stringify(faces.map(speltFace)));
}

/**
 * What the report's entries on disk are made with besides their source: jianbao's code that lays
 * out, checks and renders the report (and build, which gives the renderer its options), and the
 * packages it uses.
 */
const reportMakers = makers(['build', 'cache', 'layout/grid', 'layout/report', 'layout/text', 'load/fonts', 'model', 'render/pdf'], ['fontkit', 'linebreak', 'pdfkit']);

/** What a build needs of the laid-out report when its editions are kept: both functions of its source alone. */
interface ReportSummary {
  readonly pageCount: number;
  /** What verifyReport found on its pages. */
  readonly problems: readonly Diagnostic[];
}

/** The laid-out report as a build has it: its summary, and the report itself laid out on first use if it was not here already. */
export interface KeptReport extends ReportSummary {
  laidOut(): LaidOutReport;
}

const laidOutReports = new WholeStore<KeptReport>('laid-out-reports', reportMakers);

const storedForm = ({ pageCount, problems }: KeptReport): Buffer => Buffer.from(JSON.stringify({ pageCount, problems } satisfies ReportSummary), 'utf8');

/** The report laid out and verified: remembered from the last build, its summary kept on disk by an earlier process, or done now. */
export function keptReport(source: string, report: Report, theme: Theme, fonts: FontSet): KeptReport {
  const layOut = (): LaidOutReport => layoutReport(report, reportStyles(theme, fonts), theme.report.margins);
  const found = laidOutReports.find(source, (stored) => {
    let laidOut: LaidOutReport | undefined;
    return { ...(JSON.parse(stored.toString('utf8')) as ReportSummary), laidOut: () => (laidOut ??= layOut()) };
  });
  if (found) return found;
  const laidOut = layOut();
  const made: KeptReport = { pageCount: laidOut.pages.length, problems: verifyReport(laidOut, theme.report.margins), laidOut: () => laidOut };
  laidOutReports.keep(source, made, storedForm);
  return made;
}

/** The report's editions: the standard PDF (`report-outputs`) and the print edition (`print-outputs`). */
export type ReportEdition = 'report' | 'print';

/** An edition of the report, made from `from` (reportSourceOf with the edition's date and options), kept whole. */
export const keptEdition = keptOutputs<ReportEdition>(['report', 'print'], reportMakers);
