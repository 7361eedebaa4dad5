/**
 * `jianbao preview`: a web server on 127.0.0.1 that builds the project in memory (nothing is written
 * to out/), serves one page of the slides, the report and every problem, and pushes each rebuild to
 * the page over Server-Sent Events as the content, templates, theme or fonts are saved.
 *
 * Safe by construction: it answers only its fixed routes, from memory (the page, the event stream
 * and the font subsets it made, looked up by their hash); no part of a request reaches the file
 * system. Requests naming another host are refused (a web page cannot reach it by DNS rebinding).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepare } from '../build.js';
import { watchInputs } from '../cli/watch.js';
import { shown, type Project, type ProjectPaths } from '../load/project.js';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';
import type { LaidOutDeck } from '../model/slides.js';
import { FontSubsets } from './fonts.js';
import { previewPage } from './page.js';
import { Drawer, drawnKeys, onlyNew, toProblems, type PreviewState } from './state.js';

const HOST = '127.0.0.1';
type StageTimer = NonNullable<Parameters<typeof prepare>[1]>;
/** Quiet time after a save before rebuilding: an editor's save-and-rename is one change. */
const DEBOUNCE_MS = 15;

export interface PreviewOptions extends ProjectPaths {
  /** 0 or absent: any free port. */
  readonly port?: number;
  /** One line per build. */
  readonly log?: (line: string) => void;
}

export interface PreviewServer {
  readonly url: string;
  /** The state the page was last sent. */
  current(): PreviewState;
  /** Stops watching, ends the page's connections and releases the port. */
  close(): Promise<void>;
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const log = options.log ?? (() => undefined);
  const drawer = new Drawer(new FontSubsets());
  let fonts: ReadonlyMap<string, Buffer> = new Map();
  let previousFonts: ReadonlyMap<string, Buffer> = new Map();
  const streams = new Set<ServerResponse>();
  let state: PreviewState = { version: 0, ok: false, complete: true, contentFile: shown(options.contentFile), lang: 'zh-CN', buildMs: 0, drawing: undefined, problems: [] };

  /** The whole state as one server-sent event, for a page that connects: made when one does, not on every save... */
  let wholeEvent: string | undefined;
  /** ...and for pages already shown the previous state, without the slides and pages they have. */
  let known = new Set<string>();
  const eventOf = (sent: PreviewState): string => `event: state\ndata: ${JSON.stringify(sent)}\n\n`;

  /** Sends the new state to every page. */
  const publish = (next: PreviewState): void => {
    state = next;
    // The previous update's files too: a page may still be loading them when this one is sent.
    const latest = drawer.files();
    fonts = new Map([...previousFonts, ...latest]);
    previousFonts = latest;
    wholeEvent = undefined;
    const newEvent = eventOf(onlyNew(state, known));
    known = drawnKeys(state);
    for (const stream of streams) stream.write(newEvent);
  };

  const rebuild = async (reason: string): Promise<void> => {
    const start = performance.now();
    const elapsed = (): number => Math.round(performance.now() - start);
    // Where a rebuild's time goes, in the log line: the engine's stages, then the drawing.
    const stages: string[] = [];
    const timed: StageTimer = async (stage, run) => {
      const stageStart = performance.now();
      const result = await run();
      stages.push(`${stage} ${Math.round(performance.now() - stageStart)}`);
      return result;
    };
    // The slides are sent as soon as the deck is laid out; the report's pages and the layout's warnings follow.
    let slidesMs: number | undefined;
    const showSlides = async (project: Project, deck: LaidOutDeck, checked: readonly Diagnostic[]): Promise<void> => {
      // A page opened at start waits for the whole first build.
      if (!state.drawing) return;
      const problems = toProblems(checked);
      const drawing = await drawer.drawDeck(project, deck, state.drawing, problems);
      slidesMs = elapsed();
      publish({ ...state, version: state.version + 1, ok: true, complete: false, lang: project.content.document.lang, buildMs: slidesMs, drawing, problems });
      // Node sends a response's writes on the next tick: let them go before the report is laid out.
      await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      const prepared = await prepare(options, timed, showSlides);
      const problems = toProblems(prepared.warnings);
      const drawing = await timed('draw', () => drawer.draw(prepared, problems));
      publish({ ...state, version: state.version + 1, ok: true, complete: true, lang: prepared.project.content.document.lang, buildMs: elapsed(), drawing, problems });
      const slides = slidesMs === undefined ? '' : `slides in ${slidesMs} ms, `;
      log(`${slides}updated in ${state.buildMs} ms (${reason}: ${stages.join(', ')})${prepared.warnings.length > 0 ? `, ${prepared.warnings.length} warnings` : ''}`);
    } catch (error) {
      // The last good drawing stays, marked stale by `ok: false`, with the errors above it.
      const problems = error instanceof DiagnosticError
        ? toProblems(error.diagnostics)
        : [{ severity: 'error' as const, headline: `jianbao: ${(error as Error).message}`, frame: `jianbao: ${(error as Error).message}` }];
      publish({ ...state, version: state.version + 1, ok: false, complete: true, buildMs: elapsed(), drawing: await drawer.keep(state.drawing, problems), problems });
      log(`${problems.length} problem${problems.length === 1 ? '' : 's'} (${reason}); the page shows them`);
    }
  };

  let port = options.port ?? 0;
  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const hostAllowed = request.headers.host === `${HOST}:${port}` || request.headers.host === `localhost:${port}`;
    if (!hostAllowed) return void response.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
    const route = (request.url ?? '/').split('?')[0];
    const secure = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    if (route === '/') {
      response.writeHead(200, {
        ...secure,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // Nothing from elsewhere: scripts and styles are the page's own, fonts and images come from here.
        'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; connect-src 'self'",
      });
      return void response.end(request.method === 'HEAD' ? undefined : previewPage(state.lang));
    }
    if (route === '/events') {
      response.writeHead(200, { ...secure, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
      streams.add(response);
      request.on('close', () => streams.delete(response));
      if (state.version > 0) response.write((wholeEvent ??= eventOf(state)));
      return;
    }
    const font = route === undefined ? undefined : fonts.get(route);
    if (font) {
      response.writeHead(200, { ...secure, 'content-type': 'font/ttf', 'cache-control': 'public, max-age=31536000, immutable' });
      return void response.end(request.method === 'HEAD' ? undefined : font);
    }
    response.writeHead(404, { ...secure, 'content-type': 'text/plain' }).end('not found\n');
  };

  // node:http is loaded here, not with the module: a start-up snapshot (src/snapshot.ts) cannot hold it.
  const { createServer } = await import('node:http');
  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // A failure outside the build itself (a font that cannot be subset) is logged; the next save builds again.
  const queue = (reason: string): Promise<void> => rebuild(reason).catch((error: unknown) => log(`jianbao: ${(error as Error).message}`));
  let running = queue('start');
  const inputs = watchInputs(options, DEBOUNCE_MS, (reason) => {
    running = running.then(() => queue(reason));
  });
  await running;
  // One more build, not shown, while staff open the page: the first save then runs on warm code.
  running = running.then(() => prepare(options).then(() => undefined, () => undefined));
  return {
    url: `http://${HOST}:${port}/`,
    current: () => state,
    close: async () => {
      inputs.close();
      await running;
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
