/**
 * `jianbao preview` in a real browser (Debian's chromium driven by playwright-core): the page shows
 * as many slides as the .pptx, with their text in the embedded font, follows edits of content.yaml,
 * shows an error at its line over the last good slides and recovers; the server is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, newProject, run } from './support/cli.js';
import { readPptx } from './support/pptx.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`tests/preview.test.ts skipped: no ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`);

let project: string;
let contentFile: string;
let original: string;
let preview: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;

/** Starts `jianbao preview` in the project; resolves with the URL it prints. */
function startPreview(): Promise<string> {
  preview = spawn(process.execPath, [cli, 'preview'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  return new Promise((resolve, reject) => {
    preview.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const found = /preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed);
      if (found?.[1]) resolve(found[1]);
    });
    preview.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    preview.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${printed}`)));
  });
}

/** Raw GET with a chosen Host header (a browser would not send a path with `..` as written). */
function get(target: string, host: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: target, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** The page's state, once the build it shows is complete (a save shows its slides first, then its report pages). */
const settled = async (): Promise<number> => {
  await page.waitForFunction(() => document.body.dataset.complete === 'true', undefined, { timeout: 20_000 });
  return page.evaluate(() => Number(document.body.dataset.version ?? 0));
};

/**
 * Saves content.yaml and waits until the page shows the whole build of that save; the milliseconds
 * until its first update (the slides). The previous save's build ends first: its last update is not taken for this one's.
 */
async function save(text: string): Promise<number> {
  const before = await settled();
  const start = Date.now();
  writeFileSync(contentFile, text);
  await page.waitForFunction((seen) => Number(document.body.dataset.version ?? 0) > seen, before, { timeout: 20_000 });
  const ms = Date.now() - start;
  await page.waitForFunction((seen) => Number(document.body.dataset.version ?? 0) > seen && document.body.dataset.complete === 'true', before, { timeout: 20_000 });
  return ms;
}

/** The fonts Chromium drew an element's glyphs with, each a web font (a system font would be named with `(system)`). */
async function drawnWith(selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return [...new Set(fonts.map((font) => (font.isCustomFont ? font.familyName : `${font.familyName} (system)`)))];
}

const slideTexts = (slide: number): Promise<string[]> =>
  page.$$eval(`#slide-${slide} g.text`, (groups) => groups.map((group) => (group as SVGGElement).dataset.text ?? ''));

describe.skipIf(!haveChromium)('jianbao preview in Chromium', () => {
  beforeAll(async () => {
    project = newProject();
    contentFile = path.join(project, 'content.yaml');
    original = readFileSync(contentFile, 'utf8');
    url = await startPreview();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The page weight: every byte the first load brings, the event stream's first state included.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const received = new Map<string, number>();
    cdp.on('Network.dataReceived', ({ requestId, encodedDataLength }) => received.set(requestId, (received.get(requestId) ?? 0) + encodedDataLength));
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => received.set(requestId, Math.max(received.get(requestId) ?? 0, encodedDataLength)));
    await page.goto(url);
    await page.waitForFunction(() => Number(document.body.dataset.version ?? 0) > 0, undefined, { timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    const kib = Math.round([...received.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024);
    console.log(`preview: first load ${kib} KiB in ${received.size} responses (page, state, fonts)`);
    await cdp.detach();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (preview && preview.exitCode === null) preview.kill('SIGINT');
  });

  it('shows every slide of the .pptx, each with its text, and the report pages', async () => {
    const built = run(['build', '--quiet'], project);
    expect(built.status, built.stderr).toBe(0);
    const deck = await readPptx(readFileSync(path.join(project, 'out', 'briefing.pptx')));
    expect(await page.locator('#slide-list svg.slide').count()).toBe(deck.slides.length);
    // Slide 2's title, as the .pptx has it, is drawn on the page's slide 2.
    const title = (await slideTexts(2))[0] ?? '';
    expect(title.length).toBeGreaterThan(1);
    expect(deck.slides[1]?.text).toContain(title);
    const notes = await page.locator('#slide-2 .notes').textContent();
    expect(deck.slides[1]?.notes.replace(/\s/g, '')).toContain((notes ?? '').replace(/\s/g, '').slice(0, 20));
    const manifest = JSON.parse(readFileSync(path.join(project, 'out', 'manifest.json'), 'utf8')) as { outputs: { file: string; pages?: number }[] };
    const pdfPages = manifest.outputs.find((output) => output.file.endsWith('.pdf'))?.pages;
    expect(await page.locator('#page-list svg.page').count()).toBe(pdfPages);
  }, 60_000);

  it('draws slide text with the deck font served by the page, not a fallback', async () => {
    const text = page.locator('#slide-2 g.text text').first();
    const family = await text.evaluate((element) => getComputedStyle(element).fontFamily);
    expect(family).toMatch(/^"?jb-/);
    expect(await page.evaluate((name) => document.fonts.check(`24px ${name}`, '核心数据'), family)).toBe(true);
    expect(await drawnWith('#slide-2 g.text text')).toEqual(['Noto Sans SC']);
  });

  it('shows the content.yaml scalar a clicked text comes from: file:line:column and field path', async () => {
    // Projects whose names contain one another, short and long (a search of the file finds the
    // first name that contains the clicked one), and the real quotes, whose highlights are sentences of their text.
    const projects = original.slice(original.indexOf('\nprojects:'));
    const names = [...projects.matchAll(/^ {2}- id: .+\n {4}name: (.+)$/gm)].map((found) => found[1] ?? '');
    const renamed = ['研发中心', '中心', '科学城智能网联汽车研发中心二期', '科学城智能网联汽车研发中心'];
    const edited = renamed.reduce((text, name, index) => text.replace(`    name: ${names[index]}\n`, `    name: ${name}\n`), original);
    // Only the slides that changed are drawn again: the cover, which names no project, is the same element after the save.
    await page.evaluate(() => document.querySelectorAll('#slide-list svg.slide').forEach((svg) => ((svg as SVGSVGElement).dataset.before = 'yes')));
    await save(edited);
    expect(await page.locator('#slide-1 svg.slide[data-before]').count()).toBe(1);
    const named = page.locator('#slide-list article', { has: page.locator('g.text[data-text="研发中心"]') }).first();
    expect(await named.locator('svg.slide[data-before]').count()).toBe(0);
    const lines = edited.split('\n');
    const lineOf = (text: string): number => lines.indexOf(text) + 1;
    /** Clicks the first slide text that is exactly `text`; what the page says of its source. */
    const click = async (text: string): Promise<string> => {
      await page.locator(`#slide-list g.text[data-text="${text}"]`).first().click();
      await expect.poll(() => page.locator('#source').isVisible()).toBe(true);
      return `${await page.locator('#source-where').textContent()}\n${await page.locator('#source-line').textContent()}`;
    };
    expect(await click('中心')).toContain(`content.yaml:${lineOf('    name: 中心')}:11  projects[1].name`);
    expect(await click('研发中心')).toContain(`content.yaml:${lineOf('    name: 研发中心')}:11  projects[0].name`);
    expect(await click('研发中心')).toContain(`${lineOf('    name: 研发中心')} |     name: 研发中心`);
    expect(await click('科学城智能网联汽车研发中心')).toContain(`content.yaml:${lineOf('    name: 科学城智能网联汽车研发中心')}:11  projects[3].name`);

    // The highlight, drawn large, is its `highlight:` line, not the line of the text that also holds it.
    const highlight = /^ {4}highlight: (.+)$/m.exec(edited)?.[1] ?? '';
    expect(edited.indexOf(highlight)).toBeLessThan(edited.indexOf(`highlight: ${highlight}`));
    expect(await click(highlight)).toContain(`content.yaml:${lineOf(`    highlight: ${highlight}`)}:16  quotes[0].highlight`);

    // The templates' wording points nowhere in content.yaml, even a heading (类型) that some content sentence contains.
    expect(original).toContain('同类型实验室');
    expect(await page.locator('#slide-list g.text[data-text="类型"]').first().getAttribute('data-source')).toBeNull();
    expect(await click('类型')).toContain('模板文字');
    await save(original);
  }, 60_000);

  it('follows a save, shows an error at its line over the stale slides, and recovers', async () => {
    const slides = await page.locator('#slide-list svg.slide').count();
    const title = /^ {2}title: (.+)$/m.exec(original)?.[1] ?? '';
    expect(title).not.toBe('');
    // 鲸 and 舞 are nowhere in the content: the page loads a small font file of them, and draws them in it.
    expect(original).not.toMatch(/[鲸舞]/);
    const edited = original.replace(`  title: ${title}`, '  title: 预览测试标题鲸舞');
    const ms = await save(edited);
    console.log(`preview: save → page updated in ${ms} ms`);
    expect((await slideTexts(1)).join('')).toContain('预览测试标题鲸舞');
    expect(await drawnWith('#slide-1 g.text[data-source="document.title"] text')).toEqual(['Noto Sans SC']);
    expect(await page.evaluate(() => document.body.classList.contains('stale'))).toBe(false);

    const broken = edited.replace(/^(\s+)investor:/m, '$1investr:');
    const brokenLine = broken.split('\n').findIndex((line) => line.includes('investr:')) + 1;
    await save(broken);
    const problems = (await page.locator('#problem-list li.error').allTextContents()).join('\n');
    expect(problems).toContain(`content.yaml:${brokenLine}:`);
    expect(problems).toContain('investr');
    expect(await page.evaluate(() => document.body.classList.contains('stale'))).toBe(true);
    expect(await page.locator('#stale').isVisible()).toBe(true);
    // The last good slides stay, also on a page opened after the content broke.
    expect(await page.locator('#slide-list svg.slide').count()).toBe(slides);
    expect((await slideTexts(1)).join('')).toContain('预览测试标题');
    const opened = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await opened.goto(url);
    await opened.waitForFunction(() => document.body.classList.contains('stale'), undefined, { timeout: 20_000 });
    expect(await opened.locator('#slide-list svg.slide').count()).toBe(slides);
    await opened.close();

    await save(original);
    expect(await page.locator('#problem-list li.error').count()).toBe(0);
    expect(await page.evaluate(() => document.body.classList.contains('stale'))).toBe(false);
    expect((await slideTexts(1)).join('')).toContain(title);
  }, 60_000);

  it('answers only its own routes for its own host, and frees the port on Ctrl-C', async () => {
    const { host, port } = new URL(url);
    expect(await get('/', host)).toBe(200);
    expect(await get('/../../content.yaml', host)).toBe(404);
    expect(await get('/content.yaml', host)).toBe(404);
    expect(await get('/fonts/../content.yaml', host)).toBe(404);
    expect(await get('/', 'attacker.example')).toBe(421);

    const exited = new Promise<number | null>((resolve) => preview.once('exit', resolve));
    preview.kill('SIGINT');
    expect(await exited).toBe(0);
    const free = createServer();
    await new Promise<void>((resolve, reject) => free.once('error', reject).listen(Number(port), '127.0.0.1', resolve));
    await new Promise((resolve) => free.close(resolve));
  });
});
