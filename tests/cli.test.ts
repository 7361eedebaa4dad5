/** The command line as staff use it: exit codes, messages, progress, init, check, watch, safe and reproducible outputs. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { helpers } from '../src/compose/helpers.js';
import { cli, newProject, root, run, type CliRun } from './support/cli.js';
import { readPdf } from './support/pdf.js';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

let project: string;
let templateCopies = 0;

/** A copy of the project's templates, its report.hbs edited; the folder's name, relative to the project. */
function editedReportTemplate(edit: (source: string) => string): string {
  const templates = `edited-templates-${++templateCopies}`;
  cpSync(path.join(project, 'templates'), path.join(project, templates), { recursive: true });
  const file = path.join(project, templates, 'report.hbs');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return templates;
}

/** A copy of the project's templates whose report.hbs ends with `text` on lines of its own, and the number of its first line. */
function reportTemplateEndingWith(text: string): { templates: string; line: number } {
  let line = 0;
  const templates = editedReportTemplate((source) => {
    const lines = source.replace(/\n$/, '').split('\n');
    line = lines.length + 1;
    return `${[...lines, text].join('\n')}\n`;
  });
  return { templates, line };
}

beforeAll(() => {
  project = newProject();
});

describe('jianbao build', () => {
  it('builds the deck, the report, the handout of the slides and a manifest into out/, a line per stage', () => {
    const result = run(['build'], project);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/load\s+\d+ ms[\s\S]*layout\s+\d+ ms[\s\S]*render\s+\d+ ms/);
    expect(readdirSync(path.join(project, 'out')).sort()).toEqual(['briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx', 'manifest.json']);
  }, 60_000);

  it('lists every output in the manifest with its checksum, size, pages or slides and embedded fonts', () => {
    const manifest = JSON.parse(readFileSync(path.join(project, 'out', 'manifest.json'), 'utf8')) as {
      outputs: { file: string; sha256: string; bytes: number; pages?: number; slides?: number; fonts: { name: string; glyphs: number }[] }[];
      timingsMs: Record<string, number>;
    };
    const [deck, report] = manifest.outputs;
    expect(deck!.sha256).toBe(sha(path.join(project, 'out', 'briefing.pptx')));
    expect(report!.sha256).toBe(sha(path.join(project, 'out', 'briefing.pdf')));
    expect(deck!.slides).toBeGreaterThanOrEqual(13);
    expect(report!.pages).toBeGreaterThan(10);
    expect(deck!.fonts.map((f) => f.name.split(' ')[0])).toEqual(['NotoSansSC-Regular', 'NotoSansSC-Bold']);
    expect(report!.fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Regular']);
    for (const font of [...deck!.fonts, ...report!.fonts]) expect(font.glyphs).toBeGreaterThan(100);
    expect(manifest.timingsMs.render).toBeGreaterThan(0);
  });

  it('gives byte-identical files when the same input is built again', () => {
    const again = path.join(project, 'again');
    expect(run(['build', '--out', 'again', '--quiet'], project).status).toBe(0);
    expect(sha(path.join(again, 'briefing.pptx'))).toBe(sha(path.join(project, 'out', 'briefing.pptx')));
    expect(sha(path.join(again, 'briefing.pdf'))).toBe(sha(path.join(project, 'out', 'briefing.pdf')));
    expect(sha(path.join(again, 'briefing-slides.pdf'))).toBe(sha(path.join(project, 'out', 'briefing-slides.pdf')));
  }, 60_000);

  it('builds one output with --only and prints nothing with --quiet', () => {
    const result = run(['build', '--only', 'report', '--out', 'only', '--quiet'], project);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(readdirSync(path.join(project, 'only')).sort()).toEqual(['briefing.pdf', 'manifest.json']);
  }, 60_000);

  it('stops on a bad content file with file:line:col, the field, the line with a caret and a hint, and no stack trace', () => {
    const lines = readFileSync(path.join(project, 'content.yaml'), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('investor: 平安建设投资有限公司'));
    lines[index] = lines[index]!.replace('investor:', 'investr:');
    writeFileSync(path.join(project, 'typo.yaml'), lines.join('\n'));
    const result = run(['build', 'typo.yaml', '--templates', 'templates'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`typo.yaml:${index + 1}:5  projects.0.investr  unknown key "investr"`);
    expect(result.stderr).toContain(`  ${index + 1} |     investr: 平安建设投资有限公司\n`);
    expect(result.stderr).toMatch(/\n\s+\| {5}\^\n/);
    expect(result.stderr).toContain('hint: did you mean "investor"?');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('points a template mistake at the template line', () => {
    let line = 0;
    const templates = editedReportTemplate((source) => {
      const lines = source.split('\n');
      const index = lines.findIndex((text) => text.includes('{{event.name}}'));
      lines[index] = lines[index]!.replace('{{event.name}}', '{{event.nmae}}');
      line = index + 1;
      return lines.join('\n');
    });
    const result = run(['build', '--templates', templates, '--out', 'never'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${templates}/report\\.hbs:${line}:\\d+  "nmae" is not in the content here`));
    expect(existsSync(path.join(project, 'never'))).toBe(false);
  }, 30_000);

  it('names a helper or a partial that does not exist as such, each at its line, with the helpers there are', () => {
    const { templates, line } = reportTemplateEndingWith('{{nosuchhelper "x"}}\n  {{> nosuch}}');
    const result = run(['check', '--templates', templates], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${templates}/report.hbs:${line}:1  there is no helper named "nosuchhelper"`);
    const listed = /hint: the helpers are (.*)/.exec(result.stderr)?.[1]?.split(', ') ?? [];
    expect(listed).toEqual(expect.arrayContaining([...Object.keys(helpers), 'if', 'each', 'with']));
    expect(result.stderr).not.toContain('is not in the content');
    expect(result.stderr).toContain(`${templates}/report.hbs:${line + 1}:3  there is no partial named "nosuch"`);
    expect(result.stderr).toContain(`  ${line + 1} |   {{> nosuch}}\n`);
  }, 30_000);

  it('says a number too large for YAML (1e309, read as Infinity) is not a finite number, at its line', () => {
    const dir = newProject();
    const lines = readFileSync(path.join(dir, 'content.yaml'), 'utf8').split('\n');
    const index = lines.findIndex((text) => /^\s+value: \d/.test(text));
    lines[index] = lines[index]!.replace(/value: .*/, 'value: 1e309');
    writeFileSync(path.join(dir, 'content.yaml'), lines.join('\n'));
    const result = run(['check'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`content\\.yaml:${index + 1}:\\d+  \\S+\\.value  is not a finite number \\(YAML reads it as Infinity\\)`));
    expect(result.stderr).not.toContain('expected number, found number');
  }, 30_000);

  it('says how to use it and exits 2 on a wrong command or option', () => {
    const wrongCommand = run(['biuld'], project);
    expect(wrongCommand.status).toBe(2);
    expect(wrongCommand.stderr).toContain("unknown command 'biuld'");
    expect(wrongCommand.stderr).toContain('(Did you mean build?)');
    expect(run(['build', '--only', 'notes'], project).status).toBe(2);
    const help = run(['--help'], project);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes: 0 ok');
  }, 30_000);

  it('prints its version with --version', () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const result = run(['--version'], project);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  }, 30_000);

  it('calls --out naming a file a usage mistake (exit 2, a sentence) and writes nothing', () => {
    const dir = newProject();
    writeFileSync(path.join(dir, 'notes.txt'), 'not a folder');
    for (const [out, blocker] of [['notes.txt', 'that is'], ['notes.txt/deck', 'notes.txt is']] as const) {
      const result = run(['build', '--out', out], dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`jianbao: --out ${out}: ${blocker} a file, not a folder; give a folder for the outputs (it is created if missing)\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(['content.yaml', 'notes.txt', 'templates']);
  }, 30_000);

  it('changes no output when one destination cannot be written, so the manifest never goes stale', () => {
    const dir = newProject();
    expect(run(['build', '--quiet'], dir).status).toBe(0);
    const out = path.join(dir, 'out');
    const before = { deck: sha(path.join(out, 'briefing.pptx')), manifest: sha(path.join(out, 'manifest.json')) };
    rmSync(path.join(out, 'briefing.pdf'));
    mkdirSync(path.join(out, 'briefing.pdf'));
    const content = path.join(dir, 'content.yaml');
    writeFileSync(content, readFileSync(content, 'utf8').replace('title: 西部（重庆）科学城2020', 'title: 新版西部（重庆）科学城2020'));
    const result = run(['build', '--quiet'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('out/briefing.pdf  is a folder, so the output cannot be written there');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect({ deck: sha(path.join(out, 'briefing.pptx')), manifest: sha(path.join(out, 'manifest.json')) }).toEqual(before);
  }, 60_000);
});

describe('npm run build', () => {
  /**
   * A copy of the package as installed (package.json, bin/, templates/, the compiled dist/ without
   * its snapshot, node_modules linked) with the repository's content, and one source file with its
   * compiled file, aged as asked.
   */
  function packageCopy(sourceAge: number, compiledAge: number): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-npm-'));
    for (const item of ['package.json', 'bin', 'templates', 'content.yaml']) cpSync(path.join(root, item), path.join(dir, item), { recursive: true });
    cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (file) => !path.basename(file).startsWith('jianbao.blob') });
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    mkdirSync(path.join(dir, 'src', 'layout'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'layout', 'page.ts'), 'export const page = 1;\n');
    writeFileSync(path.join(dir, 'dist', 'layout', 'page.js'), 'export const page = 1;\n');
    const now = Date.now() / 1000;
    utimesSync(path.join(dir, 'src', 'layout', 'page.ts'), now - sourceAge, now - sourceAge);
    utimesSync(path.join(dir, 'dist', 'layout', 'page.js'), now - compiledAge, now - compiledAge);
    return dir;
  }
  const npmBuild = (dir: string): CliRun => {
    const result = spawnSync('npm', ['run', '--silent', 'build', '--', '--quiet'], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('builds with the compiled code, compiling nothing', () => {
    const dir = packageCopy(60, 30);
    const compiled = statSync(path.join(dir, 'dist', 'layout', 'page.js')).mtimeMs;
    const result = npmBuild(dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx', 'manifest.json']);
    expect(statSync(path.join(dir, 'dist', 'layout', 'page.js')).mtimeMs).toBe(compiled);
  }, 120_000);

  it('refuses, with a sentence, when a source is newer than its compiled code', () => {
    const dir = packageCopy(30, 60);
    const result = npmBuild(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('jianbao: the compiled code in dist/ is older than src/layout/page.ts; run `npm run compile` first');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  }, 60_000);
});

describe('jianbao check', () => {
  it('is clean on the repository content and writes nothing', () => {
    const dir = newProject();
    const result = run(['check'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/content\.yaml: ok \(\d+ slides, \d+ pages\)/);
    expect(readdirSync(dir).sort()).toEqual(['content.yaml', 'templates']);
  }, 60_000);

  it('finds a character no font can draw, says which and where', () => {
    const dir = newProject();
    const source = readFileSync(path.join(dir, 'content.yaml'), 'utf8').replace('summary: 将结合科学城', 'summary: 🚀将结合科学城');
    writeFileSync(path.join(dir, 'content.yaml'), source);
    const line = source.split('\n').findIndex((l) => l.includes('🚀')) + 1;
    const result = run(['check'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`content\\.yaml:${line}:14  projects\\.0\\.summary  U\\+1F680 🚀 has no glyph in Noto Sans SC Regular, Noto Sans SC Bold, Noto Serif SC Regular, Noto Serif SC Bold`));
  }, 60_000);
});

describe('jianbao init', () => {
  it('scaffolds a project that builds as it is', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-init-')), 'new-event');
    expect(run(['init', dir], root).status).toBe(0);
    expect(readFileSync(path.join(dir, 'content.yaml'), 'utf8')).toContain('# 项目（可选）：每个点名的项目一条');
    expect(run(['build', '--quiet'], dir).status).toBe(0);
    expect(readdirSync(path.join(dir, 'out'))).toContain('briefing.pdf');
    expect(run(['init', dir], root).status).toBe(1);
  }, 60_000);
});

describe('outputs are never damaged', () => {
  it('leaves whole files in out/ when builds are killed at any moment (kill -9)', async () => {
    const dir = newProject();
    expect(run(['build', '--quiet'], dir).status).toBe(0);
    const old = { pdf: sha(path.join(dir, 'out', 'briefing.pdf')), pptx: sha(path.join(dir, 'out', 'briefing.pptx')) };
    writeFileSync(path.join(dir, 'content.yaml'), readFileSync(path.join(dir, 'content.yaml'), 'utf8').replace('title: 西部（重庆）科学城2020', 'title: 新版西部（重庆）科学城2020'));
    for (const delay of [150, 400, 600, 800, 950, 1100]) {
      const child = spawn(process.execPath, [cli, 'build', '--quiet'], { cwd: dir, stdio: 'ignore' });
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await closed;
      for (const [name, oldHash] of [['briefing.pdf', old.pdf], ['briefing.pptx', old.pptx]] as const) {
        const file = path.join(dir, 'out', name);
        // Either the earlier file or a complete new one, never a torn one.
        if (sha(file) === oldHash) continue;
        if (name.endsWith('.pdf')) expect((await readPdf(readFileSync(file))).pages.length).toBeGreaterThan(10);
        else expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
      }
    }
    expect(run(['build', '--quiet'], dir).status).toBe(0);
    expect(readdirSync(path.join(dir, 'out')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('lets two builds run at once without corrupting each other', async () => {
    const dir = newProject();
    const build = (): Promise<number | null> =>
      new Promise((resolve) => spawn(process.execPath, [cli, 'build', '--quiet'], { cwd: dir, stdio: 'ignore' }).on('close', resolve));
    expect(await Promise.all([build(), build()])).toEqual([0, 0]);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8')) as { outputs: { sha256: string }[] };
    expect(manifest.outputs.map((o) => o.sha256)).toEqual(['briefing.pptx', 'briefing.pdf', 'briefing-slides.pdf'].map((name) => sha(path.join(dir, 'out', name))));
  }, 60_000);
});

describe('jianbao watch', () => {
  it('rebuilds after an edit, keeps running after a mistake and says when it is fixed', async () => {
    const dir = newProject();
    const child = spawn(process.execPath, [cli, 'watch'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (pattern: RegExp, from: number): Promise<void> => {
      for (let i = 0; i < 300 && !pattern.test(output.slice(from)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(output.slice(from)).toMatch(pattern);
    };
    try {
      await waitFor(/built briefing\.pptx, briefing\.pdf, briefing-slides\.pdf in \d+ ms \(start\)/, 0);
      const file = path.join(dir, 'content.yaml');
      const good = readFileSync(file, 'utf8');
      let mark = output.length;
      writeFileSync(file, good.replace('共签约项目43个，总投资额高达', '共签约项目43个（已核），总投资额高达'));
      await waitFor(/built .* in \d+ ms \(content\.yaml\)/, mark);
      expect((await readPdf(readFileSync(path.join(dir, 'out', 'briefing.pdf')))).pages.join('').replace(/\s/g, '')).toContain('43个（已核）');

      mark = output.length;
      writeFileSync(file, good.replace('investor: 平安建设投资有限公司', 'investr: 平安建设投资有限公司'));
      await waitFor(/unknown key "investr"[\s\S]*waiting for the next change/, mark);
      mark = output.length;
      writeFileSync(file, good);
      await waitFor(/fixed — built/, mark);
      // Ctrl-C stops it as a finished command ends: exit code 0.
      const ended = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await ended).toBe(0);
    } finally {
      child.kill();
    }
  }, 60_000);
});
