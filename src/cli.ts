#!/usr/bin/env node
/** The command line: parses arguments, runs the pipeline, prints diagnostics, sets the exit code. */
import { parseArgs } from 'node:util';
import { build } from './build.js';
import { DiagnosticError, formatDiagnostic } from './model/diagnostic.js';

const usage = `Usage: jianbao build [content.yaml] [--out DIR] [--templates DIR]

Builds the briefing deck (.pptx) and the report (.pdf) from a content file.

Examples:
  jianbao build                       # content.yaml → out/briefing.pptx, out/briefing.pdf
  jianbao build events/2021.yaml --out dist

Exit codes: 0 built, 1 a problem in the content or templates, 2 wrong usage.`;

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'out' },
        templates: { type: 'string' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, contentFile = 'content.yaml', ...extra] = positionals;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (command !== 'build' || extra.length > 0) {
    console.error(usage);
    return 2;
  }
  try {
    const result = await build({ contentFile, outDir: values.out, ...(values.templates ? { templatesDir: values.templates } : {}) });
    for (const file of result.files) console.log(`wrote ${file.path} (${Math.round(file.bytes / 1024)} KiB)`);
    console.log(Object.entries(result.timings).map(([stage, ms]) => `${stage} ${ms} ms`).join(' · '));
    return 0;
  } catch (error) {
    if (error instanceof DiagnosticError) {
      for (const d of error.diagnostics) console.error(formatDiagnostic(d));
      return 1;
    }
    if (values.debug) throw error;
    console.error(`jianbao: ${(error as Error).message} (run with --debug for details)`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
