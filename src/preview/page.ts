/**
 * The one page `jianbao preview` serves: styles and script inline, nothing fetched from elsewhere.
 * It listens on /events for the state of each build (state.ts), swaps in the slides and pages that
 * changed once their fonts have loaded (so text never flashes in a fallback font), lists the
 * problems at the top and, on an error, keeps the last good drawing visible, marked stale.
 */
import { inScriptOf } from '../compose/script.js';
import type { Lang } from '../model/content.js';

const STYLE = `
:root { --red: #9E1B1B; --ink: #1F1F1F; --muted: #5F5F5F; --rule: #D9D9D9; --paper: #F4F2EF; --amber: #A15C00; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 14px/1.5 var(--ui-font, system-ui), system-ui, sans-serif; }
header { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 10px 24px; background: #fff; border-bottom: 3px solid var(--red); box-shadow: 0 1px 4px rgba(0,0,0,.08); }
.brand { font-weight: 700; font-size: 16px; color: var(--red); letter-spacing: .05em; }
.brand small { color: var(--muted); font-weight: 400; margin-left: 6px; letter-spacing: 0; }
.file { font-family: ui-monospace, "DejaVu Sans Mono", monospace, var(--ui-font, sans-serif); color: var(--muted); }
nav { display: flex; gap: 16px; }
nav a { color: var(--ink); text-decoration: none; border-bottom: 2px solid transparent; }
nav a:hover { border-color: var(--red); }
.status { margin-left: auto; padding: 3px 10px; border-radius: 12px; font-size: 13px; background: #E8F3EA; color: #1E6B32; }
.status.failed { background: #FBE9E9; color: var(--red); font-weight: 700; }
.status.waiting { background: #EEE; color: var(--muted); }
#problems { margin: 16px 24px 0; background: #fff; border: 1px solid var(--rule); border-radius: 6px; }
#problems h2 { margin: 0; padding: 8px 14px; font-size: 14px; border-bottom: 1px solid var(--rule); }
#problems ol { list-style: none; margin: 0; padding: 0; max-height: 40vh; overflow: auto; }
#problems li { border-left: 4px solid var(--amber); padding: 6px 12px; border-bottom: 1px solid #F0F0F0; }
#problems li.error { border-left-color: var(--red); background: #FFF8F8; }
#problems pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace, var(--ui-font, sans-serif); }
.stale-banner { margin: 12px 24px 0; padding: 8px 14px; border-radius: 6px; background: var(--red); color: #fff; font-weight: 700; }
main { padding: 8px 24px 120px; }
main h2 { font-size: 15px; color: var(--muted); font-weight: 700; margin: 24px 0 10px; letter-spacing: .1em; }
.slide-item { display: grid; grid-template-columns: 36px minmax(0, 3fr) minmax(220px, 1fr); gap: 14px; margin-bottom: 18px; align-items: start; }
.slide-item .number { text-align: right; color: var(--muted); font-weight: 700; padding-top: 4px; }
/* Off-screen slides and pages are not laid out or painted (a save then costs the browser only the
   ones in view); each keeps its place by its aspect ratio, set from its drawing. */
.canvas { content-visibility: auto; contain-intrinsic-size: auto 540px; }
.slide-item svg, .page-item svg { display: block; width: 100%; height: 100%; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.18); }
details.notes-box { background: #fff; border: 1px solid var(--rule); border-radius: 4px; padding: 6px 12px; }
details.notes-box summary { cursor: pointer; font-weight: 700; color: var(--muted); font-size: 12px; }
.notes { margin-top: 4px; font-size: 13px; color: #333; white-space: pre-wrap; }
.notes:empty::after { content: "（无备注）"; color: #999; }
#page-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 18px; }
.page-item figcaption { text-align: center; color: var(--muted); font-size: 12px; margin-top: 4px; }
body.stale #slide-list, body.stale #page-list { opacity: .45; filter: grayscale(1); }
g.text { cursor: pointer; }
g.text:hover { opacity: .75; }
rect.picked { fill: rgba(255, 196, 0, .35); stroke: #E0A800; stroke-width: 1; }
#source { position: fixed; left: 24px; right: 24px; bottom: 16px; z-index: 20; background: #1F1F1F; color: #fff; border-radius: 6px; padding: 10px 44px 10px 14px; box-shadow: 0 4px 16px rgba(0,0,0,.3); }
#source .where { font-weight: 700; color: #FFD27A; }
#source pre { margin: 4px 0 0; white-space: pre-wrap; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace, var(--ui-font, sans-serif); }
#source button { position: absolute; top: 6px; right: 8px; background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; }
/* A phone: one column, each slide the screen's width, notes folded under it, the header two short lines. */
@media (max-width: 900px) {
  header { padding: 6px 12px; gap: 4px 14px; }
  .file { display: none; }
  .status { margin-left: 0; font-size: 12px; }
  #problems ol { max-height: 30vh; }
  main { padding: 4px 12px 120px; }
  #problems, .stale-banner { margin-left: 12px; margin-right: 12px; }
  .slide-item { grid-template-columns: minmax(0, 1fr); gap: 6px; }
  .slide-item .number { text-align: left; }
  #page-list { grid-template-columns: minmax(0, 1fr); }
}
`;

const SCRIPT = `
'use strict';
const $ = (id) => document.getElementById(id);
const fontFaces = new Map();
let state;
let shownSlides = [];
let shownPages = [];
/** The markup of the slides and pages shown, by key. */
let svgs = new Map();
const wide = matchMedia('(min-width: 901px)');

/**
 * Loads the font files not loaded yet, then adds them all at once (so text never flashes in a
 * fallback font) and drops the ones no longer served. A file with a unicode-range adds characters
 * to its family; added after the family's first file, it is the one used for them.
 */
async function useFonts(fonts) {
  const fresh = await Promise.all(fonts.filter((font) => !fontFaces.has(font.url)).map(async (font) => {
    const face = new FontFace(font.family, 'url(' + font.url + ')', font.unicodeRange ? { unicodeRange: font.unicodeRange } : {});
    await face.load();
    return { font, face };
  }));
  const served = new Set(fonts.map((font) => font.url));
  for (const [url, face] of fontFaces) {
    if (!served.has(url)) { document.fonts.delete(face); fontFaces.delete(url); }
  }
  for (const { font, face } of fresh) {
    document.fonts.add(face);
    fontFaces.set(font.url, face);
  }
}

/** Makes the children of list match the items, replacing only those whose markup changed. */
function sync(list, shown, items, make, fill) {
  while (list.children.length > items.length) list.lastElementChild.remove();
  items.forEach((item, index) => {
    let element = list.children[index];
    if (!element) { element = make(index); list.appendChild(element); }
    if (shown[index] !== item.key) fill(element, item);
  });
  return items.map((item) => item.key);
}

/** Puts a drawing in its canvas, which takes the drawing's aspect ratio. */
function draw(canvas, svg) {
  canvas.innerHTML = svg;
  const box = canvas.firstElementChild.viewBox.baseVal;
  canvas.style.aspectRatio = box.width + ' / ' + box.height;
}

function makeSlide(index) {
  const article = document.createElement('article');
  article.className = 'slide-item';
  article.id = 'slide-' + (index + 1);
  article.innerHTML = '<div class="number">' + (index + 1) + '</div><div class="canvas"></div><details class="notes-box"><summary>备注</summary><div class="notes"></div></details>';
  // Open beside the slide on a wide window; folded under it on a phone.
  article.querySelector('details').open = wide.matches;
  return article;
}

function makePage(index) {
  const figure = document.createElement('figure');
  figure.className = 'page-item';
  figure.innerHTML = '<div class="canvas"></div><figcaption>第 ' + (index + 1) + ' 页</figcaption>';
  return figure;
}

function showProblems(problems, ok) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  $('problems').hidden = problems.length === 0;
  $('problems-title').textContent = [errors ? errors + ' 个错误' : '', warnings ? warnings + ' 个警告' : ''].filter(Boolean).join('，') + (ok ? '' : '（内容未能生成）');
  const list = $('problem-list');
  list.replaceChildren(...problems.map((problem) => {
    const item = document.createElement('li');
    item.className = problem.severity;
    const frame = document.createElement('pre');
    frame.textContent = problem.frame;
    item.appendChild(frame);
    return item;
  }));
}

function showStatus(next) {
  const status = $('status');
  const time = new Date().toLocaleTimeString('zh-CN', { hour12: false });
  status.className = 'status' + (next.ok ? '' : ' failed');
  status.textContent = next.ok ? '✓ 已更新 ' + time + ' · ' + next.buildMs + ' ms' : '✗ 有错误 ' + time + ' · 显示上次成功的版本';
}

async function apply(next) {
  $('file').textContent = next.contentFile;
  const drawing = next.drawing;
  if (drawing) {
    await useFonts(drawing.fonts);
    document.documentElement.style.setProperty('--ui-font', drawing.uiFamily);
  }
  // A failed build carries the last good drawing: a page opened since then shows it too.
  if (drawing) {
    // A drawing sent without its markup is one this page has: it is taken from what it shows.
    const svgOf = (item) => item.svg ?? svgs.get(item.key);
    svgs = new Map([...drawing.slides, ...drawing.pages].map((item) => [item.key, svgOf(item)]));
    shownSlides = sync($('slide-list'), shownSlides, drawing.slides.map((s) => ({ key: s.key + '\\u0000' + s.notes, slide: s })), makeSlide, (element, item) => {
      draw(element.querySelector('.canvas'), svgs.get(item.slide.key));
      element.querySelector('.notes').textContent = item.slide.notes;
    });
    shownPages = sync($('page-list'), shownPages, drawing.pages, makePage, (element, item) => {
      draw(element.querySelector('.canvas'), svgs.get(item.key));
    });
    $('slide-count').textContent = drawing.slides.length;
    $('page-count').textContent = drawing.pages.length;
  }
  document.body.classList.toggle('stale', !next.ok && Boolean(drawing));
  $('stale').hidden = next.ok || !drawing;
  showProblems(next.problems, next.ok);
  showStatus(next);
  state = next;
  document.body.dataset.version = String(next.version);
  document.body.dataset.complete = String(next.complete);
}

/** A click on a slide's text: the content.yaml line it came from, or that the templates wrote it. */
function pick(event) {
  const group = event.target.closest && event.target.closest('g.text');
  if (!group || !state) return;
  document.querySelectorAll('rect.picked').forEach((rect) => rect.remove());
  const box = group.getBBox();
  const mark = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  mark.setAttribute('class', 'picked');
  for (const [name, value] of [['x', box.x - 2], ['y', box.y - 2], ['width', box.width + 4], ['height', box.height + 4]]) mark.setAttribute(name, String(value));
  group.insertBefore(mark, group.firstChild);
  const source = group.dataset.source && state.drawing.sources[group.dataset.source];
  $('source').hidden = false;
  if (source) {
    $('source-where').textContent = state.contentFile + ':' + source.line + ':' + source.column + '  ' + source.path;
    $('source-line').textContent = source.line + ' | ' + source.lineText;
  } else {
    $('source-where').textContent = '模板文字：不在 ' + state.contentFile + ' 中';
    $('source-line').textContent = group.dataset.text + '\\n（由 templates/deck.hbs 写出，或由多处内容组合而成）';
  }
}

let queue = Promise.resolve();
const events = new EventSource('/events');
events.addEventListener('state', (event) => {
  const next = JSON.parse(event.data);
  // User Timing marks: a latency measurement reads when each build arrived and when it was shown.
  performance.mark('jianbao-received', { detail: next.version });
  queue = queue.then(() => apply(next)).then(() => performance.mark('jianbao-applied', { detail: next.version })).catch((error) => console.error(error));
});
events.addEventListener('error', () => {
  $('status').className = 'status waiting';
  $('status').textContent = '与 jianbao preview 的连接已断开，正在重连…';
});
$('slide-list').addEventListener('click', pick);
$('source-close').addEventListener('click', () => {
  $('source').hidden = true;
  document.querySelectorAll('rect.picked').forEach((rect) => rect.remove());
});
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jianbao 预览</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <div class="brand">简报 jianbao<small>预览</small></div>
  <div class="file" id="file"></div>
  <nav><a href="#slides">幻灯片 <b id="slide-count">–</b></a><a href="#report">报告 <b id="page-count">–</b> 页</a></nav>
  <div id="status" class="status waiting">正在生成…</div>
</header>
<section id="problems" hidden><h2 id="problems-title"></h2><ol id="problem-list"></ol></section>
<div id="stale" class="stale-banner" hidden>内容有错误：下面是上次成功生成的版本，已过期。改正并保存后会自动更新。</div>
<main>
  <section id="slides"><h2>幻灯片</h2><div id="slide-list"></div></section>
  <section id="report"><h2>报告</h2><div id="page-list"></div></section>
</main>
<aside id="source" hidden><div class="where" id="source-where"></div><pre id="source-line"></pre><button id="source-close" aria-label="关闭">×</button></aside>
<script>${SCRIPT}</script>
</body>
</html>
`;

const pages = new Map<Lang, string>();

/**
 * The page in the document's language and script: its wording is written in Simplified characters
 * and converted as the templates' are, so it reads right for zh-TW and zh-HK staff and the deck's
 * Traditional font (which the page's own text is set in) has every glyph of it.
 */
export function previewPage(lang: Lang): string {
  let page = pages.get(lang);
  if (page === undefined) pages.set(lang, (page = inScriptOf(lang, PAGE).replace('<html lang="zh-CN">', `<html lang="${lang}">`)));
  return page;
}
