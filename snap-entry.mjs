import PDFDocument from 'pdfkit';
import * as fontkit from 'fontkit';
import pptxgen from 'pptxgenjs';
import * as YAML from 'yaml';
import * as z from 'zod';
import Handlebars from 'handlebars';
import JSZip from 'jszip';
import LineBreaker from 'linebreak';
import fs from 'node:fs';
const v8 = require('node:v8');
const fonts = ['/work/wt-speed-start/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'].map(f => fontkit.create(fs.readFileSync(f)));
for (const f of fonts) { f.layout('中文 test 测试'); }
globalThis.kept = { PDFDocument, fontkit, pptxgen, YAML, z, Handlebars, JSZip, LineBreaker, fonts };
v8.startupSnapshot.setDeserializeMainFunction(() => {
  const t = performance.now();
  const doc = new globalThis.kept.PDFDocument();
  console.log('main', (performance.now() - t).toFixed(1), Object.keys(globalThis.kept).length, globalThis.kept.fonts[0].layout('你好').glyphs.length);
});
