// Regenerates the broken-content corpus from scaffold/content.yaml: node tests/broken/generate.mjs
// Each case is the scaffold with one mistake a person could make. The first line of each file says
// where the build must point and what it must say: `# expect: LINE  text`.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const base = readFileSync(new URL('../../scaffold/content.yaml', import.meta.url), 'utf8').split('\n');
const find = (pattern) => {
  const index = base.findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return index;
};
/** Replace the line matching `pattern` by `replacement` (a string or lines); expect the problem on the first new line. */
const replace = (pattern, replacement, expectText, offset = 0) => {
  const index = find(pattern);
  const lines = [...base.slice(0, index), ...[].concat(replacement), ...base.slice(index + 1)];
  return { lines, line: index + 1 + offset, expectText };
};
/** Insert lines after the line matching `pattern`. */
const insertAfter = (pattern, added, expectText, offset = 0) => {
  const index = find(pattern);
  return { lines: [...base.slice(0, index + 1), ...added, ...base.slice(index + 1)], line: index + 2 + offset, expectText };
};
const remove = (pattern, expectText, line) => {
  const index = find(pattern);
  return { lines: [...base.slice(0, index), ...base.slice(index + 1)], line: line(index), expectText };
};

const cases = {
  'syntax-unclosed-quote': replace(/^  title: /, '  title: "活动名称招商签约成果', 'Missing closing "quote'),
  'syntax-tab-indent': replace(/^  author: /, '\tauthor: 主办单位', 'Tabs are not allowed'),
  'syntax-duplicate-key': insertAfter(/^  author: /, ['  author: 又一个主办单位'], 'Map keys must be unique'),
  'syntax-missing-colon': replace(/^  subject: /, '  subject 一句话说明本简报的内容', 'is a colon missing'),
  'syntax-bad-dash': replace(/^      - 建设内容一/, '      -建设内容一', 'expected'),
  'type-number-as-text': replace(/^      value: 1$/, '      value: 四十三', 'expected number, found string'),
  'type-list-as-text': replace(/^    builds:/, '    builds: 建设内容一', 'expected array, found string'),
  'type-text-as-number': replace(/^    name: 项目名称/, '    name: 123', 'expected string, found number'),
  'type-mapping-as-list': (() => {
    const index = find(/^  keywords:/);
    return { lines: [...base.slice(0, index), '  keywords: { a: 招商引资 }', ...base.slice(index + 2)], line: index + 1, expectText: 'expected array, found a mapping' };
  })(),
  'type-null-item': replace(/^      - 建设内容二/, '      -', 'expected string, found nothing'),
  'unknown-key-typo': replace(/^    investor: /, '    investr: 投资方全称', 'did you mean "investor"?'),
  'unknown-key-top-level': replace(/^projects:/, 'projetcs:', 'unknown key "projetcs"'),
  'missing-field': remove(/^    name: 项目名称/, 'projects.0.name  missing', (index) => find(/^  - id: first-project/) + 1),
  'misspelt-section': replace(/^signing:/, 'signin:', 'did you mean "signing"?'),
  'empty-title': replace(/^  title: /, '  title: ""', 'must not be empty'),
  'bad-id': replace(/^  - id: first-project/, '  - id: First Project', 'lower-case letters'),
  'bad-enum': replace(/^  lang: zh-CN/, '  lang: zh-SG', 'zh-CN'),
  'bad-kind': replace(/^    kinds: \[listed\]/, '    kinds: [Fortune 500]', 'lower-case letters'),
  'bad-date': replace(/^  # date: /, '  date: 2020-13-45', 'date'),
  'date-year-zero': replace(/^  # date: /, '  date: 0000-01-01', 'year 0000 cannot be written'),
  'negative-amount': replace(/^      value: 1$/, '      value: -5', 'Too small'),
  'missing-unit': remove(/^      unit: 个$/, 'unit  missing', (index) => index - 2),
  'no-figures-no-projects': (() => {
    const lines = cutBlock(/^projects:/, /^# 发言/, ['projects: []', '']);
    const start = lines.findIndex((line) => /^  figures:/.test(line));
    const end = lines.findIndex((line, i) => i > start && /^  # message/.test(line));
    return { lines: [...lines.slice(0, start), '  figures: []', ...lines.slice(end)], line: start + 1, expectText: 'at least one headline figure' };
  })(),
  'empty-quote-text': replace(/^      - 发言第一段。/, '      []', 'expected'),
  'duplicate-project-id': insertAfter(/^      - 建设内容二/, ['  - id: first-project', '    name: 第二个项目', '    investor: 投资方'], 'already used'),
  'reference-missing-project': replace(/^    project: first-project/, '    project: no-such-project', 'no project with id "no-such-project"'),
  'reference-missing-role': replace(/^    role: ceremony/, '    role: ghost-role', 'no signing role with id "ghost-role"'),
  'reference-missing-sector': replace(/^    sector: 产业名称/, '    sector: 不存在的产业', 'no sector'),
  'reference-missing-kind': replace(/^    kinds: \[listed\]/, '    kinds: [central-soe]', 'no investor kind with id "central-soe"'),
  'count-investors-of-kind': insertAfter(/^    label: 上市企业/, ['    count: { value: 0, unit: 家 }', 'investors:', '  - name: 甲集团', '    kinds: [listed]'], 'named under investors but the count is 0'),
  'count-signed': (() => {
    // A total of 0 signed, yet one project is named.
    const index = base.findIndex((line, i) => /^    value: 1$/.test(line) && /^  total:/.test(base[i - 1]));
    return { lines: base.map((line, i) => (i === index ? '    value: 0' : line)), line: index + 1, expectText: 'projects are named but only 0' };
  })(),
  'glyph-emoji': replace(/^    summary: /, '    summary: 项目一句话简介🚀', 'U+1F680', 0),
  'glyph-tibetan': replace(/^  subject: /, '  subject: 西藏ཀ项目', 'U+0F40'),
  'control-character': replace(/^  author: /, '  author: 主办\u0007单位', 'U+0007'),
  'escaped-surrogate': replace(/^  author: /, '  author: "主办\\uD800单位"', 'U+D800'),
  'alias-bomb': insertAfter(/^  keywords:/, ['    - &a [x, x, x, x, x, x, x, x, x]', '    - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', '    - [*b, *b, *b, *b, *b, *b, *b, *b, *b]'], 'alias', 1),
  'deep-nesting': replace(/^    - 招商引资/, `    - ${'['.repeat(100)}${']'.repeat(100)}`, 'nested more than'),
  'document-is-a-list': { lines: ['- 这是一个列表', '- 不是内容文件'], line: 1, expectText: 'expected object, found a list' },
  'image-missing': withImage('assets/missing.png', 'image "assets/missing.png" not found'),
  'image-outside-project': withImage('../../package.json', 'is outside the project folder'),
  'image-not-an-image': withImage('assets/not-an-image.png', 'is not a PNG or JPEG image'),
  'image-oversized': withImage('assets/huge-dimensions.png', 'images may be at most 12000 pixels a side'),
};

/** The scaffold with an `images` entry whose path is `file` (relative to tests/broken/); the problem is on the path line. */
function withImage(file, expectText) {
  const lines = [...base, 'images:', '  - id: aerial-view', `    path: ${file}`, '    caption: 鸟瞰图', '    alt: 科学城全景'];
  return { lines, line: base.length + 3, expectText };
}

function cutBlock(from, to, replacement) {
  const start = find(from);
  const end = find(to);
  return [...base.slice(0, start), ...replacement, ...base.slice(end)];
}

for (const name of readdirSync(here)) if (name.endsWith('.yaml')) rmSync(new URL(name, here));
let n = 0;
for (const [name, { lines, line, expectText }] of Object.entries(cases)) {
  n++;
  // The expectation is a comment on line 1, so every expected line moves down by one.
  const header = `# expect: ${line + 1}  ${expectText}`;
  writeFileSync(new URL(`${String(n).padStart(2, '0')}-${name}.yaml`, here), [header, ...lines].join('\n'));
}
writeFileSync(new URL(`${n + 1}-invalid-utf8.yaml`, here), Buffer.concat([Buffer.from('# expect: 3  not valid UTF-8\ndocument:\n  title: '), Buffer.from([0xe4, 0xb8, 0xff, 0x0a])]));
console.log(`${n + 1} cases written`);
