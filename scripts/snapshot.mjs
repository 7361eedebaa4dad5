#!/usr/bin/env node
/**
 * `npm run compile`'s last step: bundles dist/snapshot.js into one CommonJS file, dist/jianbao.cjs,
 * and has Node make the start-up snapshot dist/jianbao.blob of it (node --build-snapshot), which
 * bin/jianbao starts from. A Node without snapshots, or a failure here, leaves no blob: bin/jianbao
 * then runs dist/cli.js, as fast as before and no less correct.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { PPTXGENJS_PARAMETERS, pptxgenjsFile } from '../dist/render/pptx/pptxgenjs-script.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const bundleFile = path.join(dist, 'jianbao.cjs');
const blob = path.join(dist, 'jianbao.blob');
rmSync(blob, { force: true });

/**
 * A process started from a snapshot has no dynamic import(): Node's built-in modules, which
 * pptxgenjs and the preview import() on use, are required instead, as the namespace import() gives.
 */
const builtinImportsAsRequires = {
  name: 'builtin-imports-as-requires',
  renderChunk: (code) => code.replace(/\bimport\("(node:[a-z_/]+)"\)/g, 'Promise.resolve().then(() => { const m = require("$1"); return { ...m, default: m }; })'),
};

/**
 * pdfkit requires its standard fonts (jianbao draws with none) through its package's own imports
 * map, which is not the bundle's: by their exported names instead, so the bundle stays pdfkit.
 */
const pdfkitStandardFonts = {
  name: 'pdfkit-standard-fonts',
  renderChunk: (code) => code.replaceAll('("#standard-fonts/', '("pdfkit/standard-fonts/'),
};

/**
 * pdfkit imports AES from @noble/ciphers to encrypt documents, which jianbao never asks of it, and
 * the module computes 1.5 MB of tables as it loads, which the snapshot would hold: in the bundle,
 * functions that refuse instead.
 */
const pdfkitWithoutEncryption = {
  name: 'pdfkit-without-encryption',
  resolveId: (id, importer) => (id === '@noble/ciphers/aes' && /[\\/]pdfkit[\\/]/.test(importer ?? '') ? '\0pdfkit-without-encryption' : null),
  load: (id) =>
    id === '\0pdfkit-without-encryption'
      ? 'const refuse = () => { throw new Error("jianbao: pdfkit was asked to encrypt, which jianbao leaves out of its snapshot"); };\nexport const cbc = refuse, ecb = refuse;'
      : null,
};

/**
 * Brotli, which fontkit decodes WOFF2 fonts with, has its static dictionary as a literal of 122,784
 * numbers, 0.46 MB of the bundle's source and so of the snapshot: the package's browser build of it
 * instead, the same dictionary compressed (69 kB of base64), decompressed as Brotli loads. And
 * Brotli loads on fontkit's first WOFF2 font rather than with fontkit: the snapshot holds neither
 * the dictionary (twice) nor the decoder's tables.
 */
const brotliCompressedAndOnUse = {
  name: 'brotli-compressed-and-on-use',
  resolveId: (id, importer) => {
    if (id === './dictionary-data' && /[\\/]brotli[\\/]dec[\\/]dictionary\.js$/.test(importer ?? '')) return path.join(path.dirname(importer), 'dictionary-browser.js');
    if (id === 'brotli/decompress.js' && /[\\/]fontkit[\\/]/.test(importer ?? '')) return '\0brotli-on-use';
    return null;
  },
  load: (id) => (id === '\0brotli-on-use' ? 'export default (...args) => require("brotli/decompress.js")(...args);' : null),
};

/**
 * pptxgenjs as code of the bundle rather than a script compiled from its file
 * (src/render/pptx/pptxgenjs-script.ts), so that it is minified with the rest.
 */
const pptxgenjsInBundle = {
  name: 'pptxgenjs-in-bundle',
  load: (id) =>
    id === path.join(dist, 'render', 'pptx', 'pptxgenjs-script.js')
      ? `export const pptxgenjsScript = () => function (${PPTXGENJS_PARAMETERS.join(', ')}) {\n${readFileSync(pptxgenjsFile(), 'utf8')}\n};`
      : null,
};

/**
 * The bundle in ASCII, every other UTF-16 unit written as its \u escape (the same string, regular
 * expression or comment). V8 keeps a script's source in the heap, and a source with one character
 * beyond Latin-1 (the Chinese of jianbao's punctuation classes and defaults) is held at two bytes a
 * character: 5.9 MB of the snapshot instead of 3.0, about 20 ms more to load in every build.
 * Done on the written file: rolldown puts some characters back after its renderChunk hooks.
 */
function inAscii(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (match, backslashes, unit) => {
    // After an odd run of backslashes the escape would be escaped itself: refuse rather than change a string.
    if (backslashes.length % 2 === 1) throw new Error(`jianbao: an escaped U+${unit.charCodeAt(0).toString(16)} in the bundle`);
    return `${backslashes}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const bundle = await rolldown({
  input: path.join(dist, 'snapshot.js'),
  platform: 'node',
  logLevel: 'warn',
  // Loaded at run time from node_modules: HarfBuzz's WebAssembly (no snapshot keeps it) and OpenCC's tables (Traditional only).
  external: ['subset-font', 'opencc-js', 'opencc-js/cn2t'],
  plugins: [builtinImportsAsRequires, pdfkitStandardFonts, pdfkitWithoutEncryption, brotliCompressedAndOnUse, pptxgenjsInBundle],
});
// Without comments and whitespace (names and code as they are): V8 keeps the source of every script in
// the heap, so it is in the snapshot each build loads; 2.1 MB instead of 3.0.
await bundle.write({ file: bundleFile, format: 'cjs', codeSplitting: false, banner: '"use strict";', minify: { compress: false, mangle: false } });
await bundle.close();
writeFileSync(bundleFile, inAscii(readFileSync(bundleFile, 'utf8')));

// The V8 flags bin/jianbao runs the snapshot with, read from it: a snapshot made with other flags does not load.
const v8Flags = /^flags="(.*)"$/m.exec(readFileSync(path.join(root, 'bin', 'jianbao'), 'utf8'))[1].split(' ');
const made = spawnSync(process.execPath, [...v8Flags, '--snapshot-blob', blob, '--build-snapshot', bundleFile], { cwd: root, encoding: 'utf8' });
if (made.status !== 0) {
  rmSync(blob, { force: true });
  console.warn(`jianbao: no start-up snapshot (bin/jianbao runs dist/cli.js instead):\n${made.stderr}`);
} else {
  // bin/jianbao knows the Node that made the snapshot by this file's modification time, the
  // Node binary's own (touch -r copies it to the nanosecond; utimes, should touch be missing, to the
  // millisecond, which at worst makes bin/jianbao run dist/cli.js).
  const madeBy = `${blob}.node`;
  writeFileSync(madeBy, `${process.version}\n`);
  if (spawnSync('touch', ['-r', process.execPath, madeBy]).status !== 0) {
    const { atime, mtime } = statSync(process.execPath);
    utimesSync(madeBy, atime, mtime);
  }
}
