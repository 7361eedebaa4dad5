/**
 * Streams deflated once per process. A `watch` rebuild draws most pages as the build before drew
 * them, and deflating their content is most of the work of writing them: every stream pdfkit
 * would deflate is looked up by the SHA-256 of its plain bytes, and deflated only when it is new.
 * zlib is deterministic, so the bytes are those pdfkit would write.
 */
import { deflateSync } from 'node:zlib';
import { contentDigest, remembering } from '../../cache/disk.js';

/** pdfkit's PDFReference, as far as writing its stream goes (not in its type definitions). */
interface StreamReference {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

interface ReferenceMaker {
  ref(data?: object): unknown;
}

/** Deflated streams kept: the pages of a report and its handout, and some of the build before. */
const REMEMBERED_STREAMS = 256;
const deflated = new Map<string, Uint8Array>();

function deflatedOnce(plain: Buffer): Uint8Array {
  const key = contentDigest(plain);
  let bytes = deflated.get(key);
  if (bytes) deflated.delete(key);
  else bytes = deflateSync(plain);
  deflated.set(key, bytes);
  if (deflated.size > REMEMBERED_STREAMS) deflated.delete(deflated.keys().next().value!);
  return bytes;
}

/** Makes every stream `doc` creates from now on deflate through the process's memory (unless caching is off). */
export function deflateRemembered(doc: object): void {
  if (!remembering()) return;
  const maker = doc as ReferenceMaker;
  const ref = maker.ref.bind(maker);
  maker.ref = (data?: object): unknown => {
    const stream = ref(data) as StreamReference;
    const finalize = stream.finalize.bind(stream);
    stream.finalize = () => {
      // pdfkit set /Filter on the first write; it now writes the deflated bytes as they are.
      if (stream.compress && stream.buffer.length > 0) {
        stream.buffer = [deflatedOnce(Buffer.concat(stream.buffer))];
        stream.compress = false;
      }
      finalize();
    };
    return stream;
  };
}
