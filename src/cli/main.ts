/**
 * The command line: parses arguments, calls the pipeline, prints diagnostics and progress, and is
 * the only place that sets the exit code. Exit codes: 0 ok, 1 a problem in the content, templates
 * or fonts, 2 wrong usage.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { build, preflightPrint, prepare, type Output } from '../build.js';
import { initProject } from './init.js';
import { DiagnosticPrinter, summary } from './print.js';
import { watchProject } from './watch.js';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { fileInTheWay } from '../write/destinations.js';

const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

/** The version in jianbao's package.json. */
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

/** A usage mistake caught before building: `--out` naming a file (exit 2 with a sentence, not a raw EEXIST). */
function outFolderMistake(out: string): string | undefined {
  const blocker = fileInTheWay(out);
  if (blocker === undefined) return undefined;
  return `jianbao: --out ${out}: ${blocker === out ? 'that is' : `${blocker} is`} a file, not a folder; give a folder for the outputs (it is created if missing)`;
}

interface Io {
  readonly quiet: boolean;
  readonly debug: boolean;
}

function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  // A printer per report: it caches the files' lines, and under `watch` they change between reports.
  const printer = new DiagnosticPrinter();
  for (const d of diagnostics) console.error(printer.format(d));
  if (diagnostics.length > 0) console.error(summary(diagnostics));
}

/** Runs a command body; a DiagnosticError is printed as such, anything else as one line (a trace with --debug). */
async function guarded(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DiagnosticError) {
      printDiagnostics(error.diagnostics);
      return EXIT.problem;
    }
    if (io.debug) console.error(error);
    else console.error(`jianbao: ${(error as Error).message} (run with --debug for details)`);
    return EXIT.problem;
  }
}

/** One line per stage with its time (a tick on a terminal, a dash otherwise); nothing with --quiet. */
function withProgress(io: Io): { onStage?: (stage: string, ms: number) => void } {
  if (io.quiet) return {};
  return { onStage: (stage, ms) => console.log(`${process.stdout.isTTY ? '✓' : '-'} ${stage.padEnd(8)} ${String(ms).padStart(5)} ms`) };
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('jianbao')
    .description('One YAML content model → an editable PowerPoint briefing deck, a print-ready PDF report and a PDF handout of the slides, in Simplified or Traditional Chinese.')
    .option('-q, --quiet', 'print only problems')
    .option('--debug', 'show stack traces of internal errors')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  jianbao build                         content.yaml → out/briefing.pptx, out/briefing.pdf, out/briefing-slides.pdf, out/manifest.json
  jianbao build --only slides --notes   only the handout of the slides, each with its speaker notes below
  jianbao build events/2021.yaml --out dist --only report
  jianbao build --print                 also out/briefing-print.pdf: CMYK, 3 mm bleed, crop marks
  jianbao check                         validate, check glyphs and layout; writes nothing
  jianbao check --print                 … and preflight the print edition
  jianbao watch                         rebuild whenever content, templates, theme or fonts change
  jianbao preview                       a live web page of the slides, the report and every problem
  jianbao init new-event                a commented content.yaml skeleton and the templates

Exit codes: 0 ok · 1 a problem in the content, templates or fonts · 2 wrong usage`,
    );
  const io = (): Io => ({ quiet: Boolean(cli.opts().quiet), debug: Boolean(cli.opts().debug) });
  const onlyOption = new Option('--only <output>', 'build just one output: deck (.pptx), report (.pdf) or slides (the handout, -slides.pdf)').choices(['deck', 'report', 'slides']);
  /** A command on a project: the content file argument, the templates folder and, when it writes, the output folder. */
  const projectCommand = (name: string, description: string, writes: boolean): Command => {
    const command = cli.command(name).description(description).argument('[content]', 'content file', 'content.yaml');
    if (writes) {
      command.option('-o, --out <dir>', 'output folder', 'out').hook('preAction', () => {
        const mistake = outFolderMistake(String(command.opts().out));
        if (mistake === undefined) return;
        console.error(mistake);
        throw new CommanderError(EXIT.usage, 'jianbao.outIsAFile', mistake);
      });
    }
    return command.option('-t, --templates <dir>', 'templates folder (default: templates/ beside the content)');
  };
  const templatesOf = (options: { templates?: string }): { templatesDir?: string } => (options.templates ? { templatesDir: options.templates } : {});

  projectCommand('build', 'build the deck, the report and the handout of the slides', true)
    .addOption(onlyOption)
    .option('--print', 'also write the print edition of the report, PDF/X-4 (CMYK, FOGRA39 profile, 3 mm bleed, crop marks; needs document.date or SOURCE_DATE_EPOCH): <name>-print.pdf')
    .option('--notes', "set each slide's speaker notes under it in the handout (<name>-slides.pdf)")
    .action(async (content: string, options: { out: string; templates?: string; only?: Output; print?: boolean; notes?: boolean }) => {
      setExit(
        await guarded(io(), async () => {
          const result = await build({
            contentFile: content,
            outDir: options.out,
            ...templatesOf(options),
            ...(options.only ? { only: options.only } : {}),
            ...(options.print ? { print: true } : {}),
            ...(options.notes ? { notes: true } : {}),
            ...withProgress(io()),
          });
          printDiagnostics(result.warnings);
          if (!io().quiet) for (const output of result.outputs) console.log(`wrote ${output.file} (${Math.round(output.bytes / 1024)} KiB)`);
          return EXIT.ok;
        }),
      );
    });

  projectCommand('check', 'validate the content, check every character has a glyph and every slide fits; writes nothing', false)
    .option('--print', 'also preflight the print edition against PDF/X-4 as a print shop would (fonts, colour, boxes, output intent, bleed, safety zone, image resolution)')
    .action(async (content: string, options: { templates?: string; print?: boolean }) => {
      setExit(
        await guarded(io(), async () => {
          const prepared = await prepare({ contentFile: content, ...templatesOf(options) });
          const printProblems = options.print ? await preflightPrint(prepared, 'briefing-print.pdf') : [];
          const problems = [...prepared.warnings, ...printProblems];
          printDiagnostics(problems);
          if (problems.some((p) => p.severity === 'error')) return EXIT.problem;
          if (!io().quiet) console.log(`${content}: ok (${prepared.laidOut.deck.slides.length} slides, ${prepared.laidOut.report.pageCount} pages${options.print ? ', print edition passes preflight' : ''})`);
          return EXIT.ok;
        }),
      );
    });

  projectCommand('watch', 'rebuild on every change to the content, templates, theme or fonts', true)
    .action(async (content: string, options: { out: string; templates?: string }) => {
      const watching = await watchProject({ contentFile: content, outDir: options.out, ...templatesOf(options) }, printDiagnostics);
      await untilStopped();
      watching.close();
    });

  projectCommand('preview', 'a live web page of the slides, the report and every problem, updated on every save', false)
    .option('-p, --port <n>', 'port on 127.0.0.1 (default: a free one)', (value: string): number => {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new InvalidArgumentError('a port is a whole number from 1 to 65535');
      return Number(value);
    })
    .action(async (content: string, options: { templates?: string; port?: number }) => {
      setExit(
        await guarded(io(), async () => {
          // Loaded here: the preview's web server is no part of a build (nor of the start-up snapshot).
          const { startPreview } = await import('../preview/server.js');
          const preview = await startPreview({ contentFile: content, ...templatesOf(options), ...(options.port ? { port: options.port } : {}), ...(io().quiet ? {} : { log: console.log }) });
          console.log(`preview at ${preview.url} (Ctrl-C to stop)`);
          await untilStopped();
          await preview.close();
          return EXIT.ok;
        }),
      );
    });

  cli
    .command('init')
    .description('start a new event: a commented content.yaml skeleton and the templates')
    .argument('<dir>', 'folder to create (must be empty or missing)')
    .action(async (dir: string) => {
      setExit(
        await guarded(io(), async () => {
          const created = initProject(dir);
          if (!io().quiet) console.log(`created ${created.join(', ')}\nnext: cd ${dir} && jianbao build`);
          return EXIT.ok;
        }),
      );
    });
  return cli;
}

/** Until the user stops a command that runs until then (Ctrl-C, or a SIGTERM). */
const untilStopped = (): Promise<void> => new Promise((stopped) => ['SIGINT', 'SIGTERM'].forEach((signal) => process.once(signal, () => stopped())));

/**
 * Ends the process once a command has finished with `code`. Left to end by itself, Node first tears
 * down V8's heap (20 ms after a build, for no one); it still does when a write to a terminal or pipe
 * is pending (asynchronous on some platforms), so that no output is lost.
 */
export function endProcess(code: number): void {
  process.exitCode = code;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}

export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const cli = program((c) => {
    code = c;
  });
  try {
    await cli.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not errors.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  if (argv.length === 0) {
    cli.outputHelp({ error: true });
    return EXIT.usage;
  }
  return code;
}

