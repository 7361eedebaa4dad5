/**
 * jianbao's pipeline, one stage per folder:
 *   load    (src/load)    content.yaml, theme and templates → validated Content, Theme, fonts
 *   compose (src/compose) Handlebars templates + content → document model (Deck, Report)
 *   layout  (src/layout)  fonts + document model → positioned lines, boxes and slides
 *   render  (src/render)  laid-out pages → .pdf bytes; laid-out slides → .pptx bytes
 *   write   (src/write)   atomic writes into the output folder
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { composeDeck, composeReport } from './compose/compose.js';
import { layoutDeck } from './layout/deck/deck.js';
import { layoutReport } from './layout/report/report.js';
import { reportStyles } from './layout/report/style.js';
import { loadProject, type ProjectPaths } from './load/project.js';
import { renderPdf } from './render/pdf/render.js';
import { warmUpSubsetter } from './render/pptx/embed-fonts.js';
import { renderPptx } from './render/pptx/render.js';
import { writeAtomic } from './write/atomic.js';

export interface BuildOptions extends ProjectPaths {
  readonly outDir: string;
  /** Base name of the outputs, e.g. `briefing` → briefing.pptx and briefing.pdf. */
  readonly name?: string;
}

export interface BuildResult {
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  /** Milliseconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Documents carry the date from the content, else SOURCE_DATE_EPOCH (reproducible builds), else none. */
function sourceDateEpoch(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, run: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await run();
    timings[stage] = Math.round(performance.now() - start);
    return result;
  };

  const project = await timed('load', () => loadProject(options));
  const { content, theme, fonts } = project;
  const subsetterReady = warmUpSubsetter(fonts[theme.deck.font].regular.data);
  const composed = await timed('compose', () => ({ deck: composeDeck(content, project.templates.deck), report: composeReport(content, project.templates.report) }));
  const date = composed.deck.meta.date ?? sourceDateEpoch();
  const meta = { deck: { ...composed.deck.meta, ...(date ? { date } : {}) }, report: { ...composed.report.meta, ...(date ? { date } : {}) } };

  const laidOut = await timed('layout', () => {
    const deckFaces = fonts[theme.deck.font];
    return {
      deck: layoutDeck(composed.deck, theme, deckFaces),
      report: layoutReport(composed.report, reportStyles(theme, fonts), theme.report.margins),
    };
  });
  await subsetterReady;
  const identity = createHash('sha256').update(project.contentSource).update(JSON.stringify(theme)).digest('hex');
  const [pdf, pptx] = await timed('render', () =>
    Promise.all([
      renderPdf(laidOut.report, fonts, { meta: meta.report, identity }),
      renderPptx(laidOut.deck, {
        meta: meta.deck,
        theme,
        family: { family: fonts[theme.deck.font].regular.family, regular: fonts[theme.deck.font].regular.data, bold: fonts[theme.deck.font].bold.data },
      }),
    ]),
  );

  const name = options.name ?? 'briefing';
  const outputs = [
    { path: path.join(options.outDir, `${name}.pptx`), data: pptx },
    { path: path.join(options.outDir, `${name}.pdf`), data: pdf },
  ];
  await timed('write', () => outputs.forEach((output) => writeAtomic(output.path, output.data)));
  return { files: outputs.map((o) => ({ path: o.path, bytes: o.data.byteLength })), timings };
}
