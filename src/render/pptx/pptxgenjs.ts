/**
 * pptxgenjs, loaded with a package of our own in place of JSZip: pptxgenjs hands it each part it
 * writes, and `write` returns those parts as they are. finishPptx edits parts, not a ZIP: JSZip took
 * ~50 ms to load and ~20 ms per deck to zip what finishPptx unzipped again at once.
 */
import type pptxgenjs from 'pptxgenjs';
import { isXmlPart, NO_DATE, type Parts, writeParts } from './opc-package.js';
import { pptxgenjsScript } from './pptxgenjs-script.js';

/**
 * The part of JSZip's interface pptxgenjs uses. Folders are only prefixes of part names: an OPC
 * package has no folder entries. XML parts are kept as text, every other part as bytes.
 */
class PackageWriter {
  constructor(
    private readonly parts: Parts = new Map(),
    private readonly prefix = '',
  ) {}

  folder(name: string): PackageWriter {
    return new PackageWriter(this.parts, `${this.prefix}${name}/`);
  }

  file(name: string, data: string, options?: { base64?: boolean }): PackageWriter {
    const partName = this.prefix + name;
    const bytes = options?.base64 ? Buffer.from(data, 'base64') : undefined;
    if (isXmlPart(partName)) this.parts.set(partName, bytes ? bytes.toString('utf8') : data);
    else this.parts.set(partName, new Uint8Array(bytes ?? Buffer.from(data, 'utf8')));
    return this;
  }

  /**
   * The deck (pptxgenjs asks for 'uint8array'): its parts, for finishPptx. An embedded workbook
   * (pptxgenjs asks for 'base64', then adds it to the deck as a part): zipped, undated;
   * stabiliseEmbeddedPackages dates it as the deck.
   */
  async generateAsync(options: { type: string }): Promise<Parts | string> {
    if (options.type === 'uint8array') return this.parts;
    if (options.type === 'base64') return Buffer.from(writeParts(this.parts, NO_DATE)).toString('base64');
    throw new Error(`pptx: internal error: pptxgenjs asked for a package as ${options.type}`);
  }
}

type PptxGenJSClass = typeof pptxgenjs.default;

/**
 * pptxgenjs's CommonJS build, run with PackageWriter as what it requires as 'jszip'. It runs as in
 * a browser (no `process`): it never imports node:fs and node:https to read media from paths or
 * URLs, which renderPptx never gives it (every image is given as data).
 */
function loadPptxGenJS(): PptxGenJSClass {
  const module: { exports: unknown } = { exports: {} };
  const requireFromPptxGenJS = (id: string): unknown => {
    if (id === 'jszip') return PackageWriter;
    throw new Error(`pptx: internal error: pptxgenjs requires ${id}`);
  };
  pptxgenjsScript()(module.exports as object, requireFromPptxGenJS, module, undefined);
  return module.exports as PptxGenJSClass;
}

export const PptxGenJS = loadPptxGenJS();
export type PptxGenJS = InstanceType<PptxGenJSClass>;

/** Every part of the deck pptxgenjs wrote. */
export async function writtenParts(pptx: PptxGenJS): Promise<Parts> {
  const written: unknown = await pptx.write({ outputType: 'uint8array' });
  if (!(written instanceof Map)) throw new Error('pptx: internal error: pptxgenjs wrote no package of parts');
  return written as Parts;
}
