/**
 * `jianbao watch`: rebuilds whenever the content, templates, theme or fonts change. Debounced, so an
 * editor's save-and-rename is one rebuild; an error is printed and watching goes on; the next good
 * build says the problem is fixed. Fonts stay open between builds (see load/fonts.ts).
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from '../build.js';
import { keepAfterReporting, keepHeldWrites, keptStoreReads } from '../cache/kept.js';
import { projectFiles, type ProjectPaths } from '../load/project.js';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';
import { facesInUse, shapeOnce } from './warm-up.js';

const DEBOUNCE_MS = 80;
/** The stores of results a rebuild after an edit of text reads: its lines broken, and its measures. */
const TEXT_STORES = ['paragraphs', 'measures'];

export interface WatchHandle {
  close(): void;
}

export function watchProject(options: BuildOptions, print: (diagnostics: readonly Diagnostic[]) => void, log: (line: string) => void = console.log): Promise<WatchHandle> {
  const files = projectFiles(options);
  keepAfterReporting(true);
  let failing = false;
  let running: Promise<void> = Promise.resolve();
  let building = false;
  let closed = false;
  const waiting = waitingWork(() => building || closed);
  let warmUpPlanned = false;

  const rebuild = async (reason: string): Promise<void> => {
    building = true;
    // Writes a rebuild queued during the last one came before are not timed with it.
    keepHeldWrites();
    const start = performance.now();
    try {
      const result = await build(options);
      print(result.warnings);
      const ms = Math.round(performance.now() - start);
      log(`${failing ? 'fixed — ' : ''}built ${result.outputs.map((o) => path.basename(o.file)).join(', ')} in ${ms} ms (${reason})`);
      failing = false;
      // Once, after the first build that worked: the stores of text's results read, and the fonts
      // its outputs are set in shaped with once (warm-up.ts).
      if (!warmUpPlanned) {
        warmUpPlanned = true;
        for (const read of keptStoreReads(TEXT_STORES)) waiting.add(read);
        for (const face of facesInUse(result.project)) waiting.add(() => shapeOnce(face));
      }
    } catch (error) {
      failing = true;
      if (error instanceof DiagnosticError) print(error.diagnostics);
      else log(`jianbao: ${(error as Error).message}`);
      log('waiting for the next change…');
    } finally {
      building = false;
    }
    // What only a next process reads is kept now that the build is reported; then what the next rebuild would do first.
    setImmediate(keepHeldWrites);
    waiting.resume();
  };
  const inputs = watchInputs(options, DEBOUNCE_MS, (reason) => {
    running = running.then(() => rebuild(reason));
  });
  log(`watching ${path.relative(process.cwd(), files.content) || files.content}, ${path.relative(process.cwd(), files.templatesDir) || files.templatesDir} and fonts (Ctrl-C to stop)`);
  running = rebuild('start');
  return running.then(() => ({
    close: () => {
      closed = true;
      inputs.close();
      keepHeldWrites();
      keepAfterReporting(false);
    },
  }));
}

interface WaitingWork {
  /** Adds `step` to the work, after the steps there. */
  add(step: () => void): void;
  /** Runs the steps left, one an event-loop turn, while not `busy`. */
  resume(): void;
}

/**
 * Work done while watch waits, one step an event-loop turn, so that a change is noticed between
 * steps; a step left when a rebuild starts waits until it is reported. A step that fails is
 * dropped with the rest: the next build says what is wrong.
 */
function waitingWork(busy: () => boolean): WaitingWork {
  const steps: (() => void)[] = [];
  let scheduled = false;
  const next = (): void => {
    scheduled = false;
    if (busy()) return;
    const step = steps.shift();
    if (!step) return;
    try {
      step();
    } catch {
      steps.length = 0;
      return;
    }
    resume();
  };
  const resume = (): void => {
    if (scheduled || steps.length === 0) return;
    scheduled = true;
    setImmediate(next);
  };
  return {
    add: (step) => {
      steps.push(step);
    },
    resume,
  };
}

/**
 * Calls `onChange` once the content, templates, theme or fonts have been quiet for `debounceMs`
 * after a change (an editor's save-and-rename is one change), with the file that changed.
 */
export function watchInputs(paths: ProjectPaths, debounceMs: number, onChange: (reason: string) => void): WatchHandle {
  const files = projectFiles(paths);
  let timer: NodeJS.Timeout | undefined;
  const schedule = (reason: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(reason), debounceMs);
  };
  const watchers: FSWatcher[] = [];
  const watchPath = (target: string, recursive: boolean): void => {
    if (!existsSync(target)) return;
    watchers.push(watch(target, { recursive }, (_event, name) => schedule(name ? path.join(path.relative(process.cwd(), target) || '.', String(name)) : target)));
  };
  // The folder, not the file: editors replace files on save, which would end a watch on the file.
  const contentDir = path.dirname(files.content);
  watchers.push(
    watch(contentDir, (_event, name) => {
      if (name && path.join(contentDir, String(name)) === files.content) schedule(path.basename(files.content));
    }),
  );
  watchPath(files.templatesDir, true);
  watchPath(files.fontsDir, true);
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
