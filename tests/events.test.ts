/**
 * Any signing event: every event in tests/events (and the repository's content.yaml, the real 2020
 * article) is copied ALONE into an empty folder — no templates, no theme — and built with the
 * built-in defaults. Each must check clean, pass the output checkers, and print its figures with
 * their qualifiers; Traditional-Chinese events come out in Traditional wording, fonts and lang.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { amount } from '../src/compose/helpers.js';
import { Content } from '../src/model/content.js';
import { readPdf } from './support/pdf.js';
import { readPptx } from './support/pptx.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const tools = path.resolve(root, '..', 'shared', 'tools');
const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const canValidatePptx = existsSync(path.join(tools, 'ooxml', 'validate-pptx')) && has('xmllint');
const canScoreTypography = existsSync(path.join(tools, 'pdf-typography')) && has('pdftotext');

const events: Record<string, string> = {
  article: path.join(root, 'content.yaml'),
  ...Object.fromEntries(
    readdirSync(path.join(root, 'tests', 'events'))
      .sort()
      .map((name) => [name, path.join(root, 'tests', 'events', name, 'content.yaml')]),
  ),
};

interface Built {
  readonly dir: string;
  readonly content: Content;
  readonly check: { status: number | null; stderr: string };
  readonly pdfText: string;
  readonly slideText: string;
  readonly slideXml: string;
}

const built = new Map<string, Built>();
/** Text with line breaks and spaces removed: a figure may wrap, but its characters stay in order. */
const squeezed = (text: string): string => text.replace(/\s+/g, '');

beforeAll(async () => {
  for (const [name, file] of Object.entries(events)) {
    const dir = mkdtempSync(path.join(tmpdir(), `jianbao-event-${name}-`));
    copyFileSync(file, path.join(dir, 'content.yaml'));
    const check = spawnSync(process.execPath, [cli, 'check'], { cwd: dir, encoding: 'utf8' });
    execFileSync(process.execPath, [cli, 'build', '--quiet'], { cwd: dir });
    // The text as it copies out: poppler's reading order where it is installed, else pdf.js's.
    const pdfFile = path.join(dir, 'out', 'briefing.pdf');
    const pdfPages = has('pdftotext') ? [execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' })] : (await readPdf(readFileSync(pdfFile))).pages;
    const deck = await readPptx(readFileSync(path.join(dir, 'out', 'briefing.pptx')));
    const slideNames = Object.keys(deck.zip.files).filter((part) => /^ppt\/slides\/slide\d+\.xml$/.test(part));
    const slideXml = (await Promise.all(slideNames.map((part) => deck.zip.file(part)!.async('string')))).join('\n');
    built.set(name, {
      dir,
      content: Content.parse(parse(readFileSync(file, 'utf8'))),
      check: { status: check.status, stderr: check.stderr },
      pdfText: squeezed(pdfPages.join('')),
      slideText: squeezed(deck.slides.map((slide) => slide.text).join('')),
      slideXml,
    });
  }
}, 600_000);

const event = (name: string): Built => {
  const found = built.get(name);
  if (!found) throw new Error(`event ${name} was not built`);
  return found;
};

describe.each(Object.keys(events))('event %s, built from its content.yaml alone', (name) => {
  it('checks with no error and no warning', () => {
    const { check } = event(name);
    expect(check.stderr).not.toMatch(/warning|error/);
    expect(check.status).toBe(0);
  });

  it('prints every headline figure, qualifier and suffix included, in the report', () => {
    const { content, pdfText } = event(name);
    for (const figure of content.event.figures) {
      expect(pdfText).toContain(squeezed(amount(figure)));
      expect(pdfText).toContain(squeezed(figure.label));
    }
  });

  it('shows every key figure on a slide, with its qualifier', () => {
    const { content, slideText } = event(name);
    for (const figure of content.event.figures.filter((f) => f.key)) expect(slideText).toContain(squeezed(amount(figure)));
  });

  it('states no zero count and no placeholder', () => {
    const { pdfText, slideText } = event(name);
    for (const text of [pdfText, slideText]) {
      expect(text).not.toMatch(/(?<![\d.])0(个|家|項|个项目)/);
      expect(text).not.toMatch(/未載|未载|undefined|null|NaN/);
    }
  });

  it.skipIf(!canValidatePptx)('writes a deck that passes validate-pptx', () => {
    const result = spawnSync(path.join(tools, 'ooxml', 'validate-pptx'), [path.join(event(name).dir, 'out', 'briefing.pptx')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/0 errors/);
    expect(result.status).toBe(0);
  });

  it.skipIf(!canScoreTypography)('writes a report that passes pdf-typography', () => {
    const result = spawnSync(path.join(tools, 'pdf-typography'), [path.join(event(name).dir, 'out', 'briefing.pdf')], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});

describe('language and script', () => {
  it('sets a zh-HK event in Traditional wording, Traditional fonts and lang zh-HK', async () => {
    const { pdfText, slideXml, dir } = event('citywide-zh-hk');
    expect(pdfText).toContain('目錄');
    expect(pdfText).not.toContain('目录');
    expect(slideXml).toMatch(/lang="zh-HK"/);
    expect(slideXml).not.toMatch(/lang="zh-CN"/);
    const pdf = readFileSync(path.join(dir, 'out', 'briefing.pdf')).toString('latin1');
    expect(pdf).toMatch(/\/Lang \(zh-HK\)/);
    expect(pdf).toMatch(/NotoSerifTC/);
    expect(pdf).not.toMatch(/NotoSerifSC/);
    const deck = await readPptx(readFileSync(path.join(dir, 'out', 'briefing.pptx')));
    const presentation = await deck.zip.file('ppt/presentation.xml')!.async('string');
    expect(presentation).toMatch(/<p:embeddedFont><p:font typeface="Noto Sans TC"/);
  });

  it('keeps the 2020 article in Simplified wording and SC fonts', () => {
    const { pdfText, slideXml } = event('article');
    expect(pdfText).toContain('目录');
    expect(slideXml).toMatch(/lang="zh-CN"/);
  });

  it('warns, at a line of the content, when the content is in the other script', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-script-'));
    const source = readFileSync(events['citywide-zh-hk']!, 'utf8').replace(/lang: zh-HK/, 'lang: zh-CN');
    const file = path.join(dir, 'content.yaml');
    execFileSync('sh', ['-c', `cat > "${file}"`], { input: source });
    const check = spawnSync(process.execPath, [cli, 'check'], { cwd: dir, encoding: 'utf8' });
    expect(check.stderr).toMatch(/content\.yaml:\d+:\d+ .*Traditional characters but document\.lang is zh-CN/);
    // A whole `jianbao check` in a fresh process: seconds on a busy machine, as the other CLI tests allow.
  }, 60_000);
});

describe('the default templates', () => {
  it('carry no wording of the 2020 event', () => {
    for (const file of ['deck.hbs', 'report.hbs']) {
      const template = readFileSync(path.join(root, 'templates', file), 'utf8');
      for (const word of ['科学城', '五个科学', '五个科技', '科学之城', '世界500强', '智博会', '见证', '导语']) {
        expect(template, `${file} says ${word}`).not.toContain(word);
      }
    }
  });

  it('chart a breakdown, not the few named projects, when the content has one', async () => {
    const { dir, content } = event('citywide-zh-hk');
    const deck = await readPptx(readFileSync(path.join(dir, 'out', 'briefing.pptx')));
    const charts = Object.keys(deck.zip.files).filter((part) => /^ppt\/charts\/chart\d+\.xml$/.test(part));
    const chartXml = (await Promise.all(charts.map((part) => deck.zip.file(part)!.async('string')))).join('');
    const [breakdown] = content.breakdowns;
    expect(breakdown?.categories.length).toBeGreaterThanOrEqual(2);
    for (const category of breakdown?.categories ?? []) {
      expect(chartXml).toContain(`<c:v>${category.label}</c:v>`);
      expect(chartXml).toContain(`<c:v>${category.count?.value}</c:v>`);
    }
  });
});

describe('the jianbao command on the PATH', () => {
  it('installs from the checkout with npm install -g, then inits and builds in an empty folder', () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'jianbao-prefix-'));
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', root], { stdio: 'pipe' });
    const jianbao = path.join(prefix, 'bin', 'jianbao');
    const work = mkdtempSync(path.join(tmpdir(), 'jianbao-anywhere-'));
    execFileSync(jianbao, ['init', 'new-event'], { cwd: work, stdio: 'pipe' });
    execFileSync(jianbao, ['build', '--quiet'], { cwd: path.join(work, 'new-event'), stdio: 'pipe' });
    expect(readdirSync(path.join(work, 'new-event', 'out')).sort()).toEqual(['briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx', 'manifest.json']);
  }, 240_000);
});
