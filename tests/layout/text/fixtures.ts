/** Real fonts, the article, and a reader's checks of a broken paragraph (independent of the engine's own tables). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import type { FontFace, Line, PlacedRun, TextStyle } from '../../../src/layout/text/types.js';

const root = new URL('../../../', import.meta.url);

function openFont(path: string): Font {
  const font = fontkit.openSync(fileURLToPath(new URL(path, root)));
  if (!('glyphForCodePoint' in font)) throw new Error(`${path} is a font collection`);
  return font;
}

export const SERIF_PATH = fileURLToPath(new URL('node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', root));
export const serif: FontFace = { key: 'serif', font: openFont(SERIF_PATH) };
export const sans: FontFace = { key: 'sans', font: openFont('node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf') };
export const sansBold: FontFace = { key: 'sans-bold', font: openFont('node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf') };

/** Body text of the report: Serif 10.5 pt on a 453 pt measure (A4 with 71 pt margins). */
export const body: TextStyle = { face: serif, size: 10.5 };
export const MEASURE = 453;

/** The article's paragraphs: lines joined, paragraphs separated by blank lines. */
export function articleParagraphs(): string[] {
  // A copy of ../shared/source/article.txt, so the tests need nothing outside the repository.
  const text = readFileSync(new URL('tests/fixtures/article.txt', root), 'utf8');
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((s) => s.trim()).join(''))
    .filter(Boolean);
}

/** A 120-character URL: wider than any line, to be cut after `/ . - ? &`. */
export const LONG_URL = 'https://www.example.com/segment00-path/segment01-path/segment02-path/segment03-path/segment04-path/segment05-path/segmen';

/** The mixed-Latin stress paragraph. */
export const STRESS =
  'IBM重庆项目将打造集办公、展示、研发、培训一体化的高科技创新集群（Watson Build重庆新型基础技术创新赋能中心），' +
  '国药集团医疗电子CD-MO智能智造基地暨研发服务平台、V2X车路协同示范区和5G网络相继落地，总投资额高达1012.4亿元。' +
  '科学城是“奠基石”——开展科学教学、加强科学研究……让“金篮子”装满“金鸡蛋”。';

const CLOSING = new Set([...'，。、；：？！）」』”’》〉】〕…—·%,.;:?!)%']);
const OPENING = new Set([...'（「『“‘《〈【〔(']);
const WORD = /[A-Za-z0-9.\-]/;
const UNIT = /[亿万元个]/;

/** What a reader would notice in a justified paragraph; empty when every rule holds. */
export function violations(text: string, lines: readonly Line[], width: number): string[] {
  const found: string[] = [];
  lines.forEach((line, i) => {
    const shown = text.slice(line.start, line.end);
    const next = lines[i + 1];
    if (line.width > width + 0.01) found.push(`line ${i} runs ${line.width - width} pt past the edge: ${shown}`);
    if (!next) return;
    if (text.slice(line.end, next.start).trim() !== '') found.push(`text lost between lines ${i} and ${i + 1}`);
    const before = shown.at(-1) ?? '';
    const after = text[next.start] ?? '';
    const typedBreak = text.slice(line.end, next.start);
    if (CLOSING.has(after)) found.push(`line ${i + 1} starts with ${after}`);
    if (OPENING.has(before)) found.push(`line ${i} ends with ${before}`);
    if ((before === '—' || before === '…') && after === before) found.push(`${before}${before} split after line ${i}`);
    if (typedBreak === '' && WORD.test(before) && WORD.test(after)) found.push(`word split after line ${i}: ${before}|${after}`);
    if (typedBreak === '' && /\d/.test(before) && UNIT.test(after)) found.push(`number and unit split after line ${i}`);
    if (!typedBreak.includes('\n') && Math.abs(line.width - width) > 0.01) {
      found.push(`line ${i} is ${line.width} pt wide, not ${width}: ${shown}`);
    }
  });
  return found;
}

/** The run of a line that draws the character `ch`. */
export function runHolding(line: Line, ch: string): PlacedRun | undefined {
  return line.runs.find((run) => run.text.includes(ch));
}
