/**
 * Streams deflated once per process. A `watch` rebuild draws most pages as the build before drew
 * them, and deflating their content is most of the work of writing them: every stream pdfkit
 * would deflate is looked up by the SHA-256 of its plain bytes, and deflated only when it is new.
 * A stream whose deflate is known already (a known page's content, kept with it on disk by
 * pages.ts) is written with it when its bytes are those it was made from: its head (what pdfkit
 * wrote first) and then its content, the very bytes written, so they are not even joined. zlib
 * is deterministic, so the bytes are those pdfkit would write. A deflated stream is written
 * directly (pdf-object.ts), not copied once more by pdfkit.
 */
import { deflateSync } from 'node:zlib';
import { contentDigest, remembering } from '../../cache/disk.js';
import { writeObjectDirectly, type ObjectReference, type ObjectWriter } from './pdf-object.js';

/** pdfkit's PDFReference, as far as writing its stream goes (not in its type definitions). */
interface StreamReference extends ObjectReference {
  readonly document: ObjectWriter;
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

interface ReferenceMaker {
  ref(data?: object): unknown;
}

/** A stream's plain bytes and what zlib deflates them to. */
interface Deflation {
  readonly plain: Uint8Array;
  readonly deflated: Uint8Array;
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

/** A stream's deflate known before it is written: for its bytes `head` and then `content`, this very array written last. */
interface KnownDeflation {
  readonly head: Uint8Array;
  readonly content: Uint8Array;
  readonly deflated: Uint8Array;
}

/** Deflations known for streams not yet written, and who wants to know a stream's once it is. */
const knownDeflations = new WeakMap<object, KnownDeflation>();
const deflationWatchers = new WeakMap<object, (deflation: Deflation) => void>();

/** `stream` (pdfkit's reference) is written deflated as `deflation.deflated` if it then holds `deflation.head` and `deflation.content`. */
export function deflatesAs(stream: object, deflation: KnownDeflation): void {
  knownDeflations.set(stream, deflation);
}

/** Whether `chunks` are `known`'s head and then its content, the content the same array (its bytes not compared). */
function holds(chunks: readonly Uint8Array[], known: KnownDeflation): boolean {
  if (chunks[chunks.length - 1] !== known.content) return false;
  let at = 0;
  for (let i = 0; i < chunks.length - 1; i++) {
    const chunk = chunks[i]!;
    if (at + chunk.length > known.head.length || !Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).equals(known.head.subarray(at, at + chunk.length))) return false;
    at += chunk.length;
  }
  return at === known.head.length;
}

/** `watch` is told `stream`'s bytes and their deflate when it is written deflated (by a document caching is on for). */
export function whenDeflated(stream: object, watch: (deflation: Deflation) => void): void {
  deflationWatchers.set(stream, watch);
}

/**
 * A stream's finalize: the plain bytes deflated through the process's memory, or as known, and
 * written directly (pdf-object.ts), or by pdfkit's own finalize (its prototype's) when its
 * dictionary holds what that writer leaves to pdfkit. One function for every reference: a document
 * makes thousands (each structure element is one).
 */
function finalizeDeflated(this: StreamReference): void {
  // pdfkit set /Filter on the first write.
  if (this.compress && this.buffer.length > 0) {
    const known = knownDeflations.get(this);
    // A stream known is not watched: pages.ts watches the streams of pages not known.
    const watcher = deflationWatchers.get(this);
    let bytes: Uint8Array;
    if (known && holds(this.buffer, known)) bytes = known.deflated;
    else {
      const plain = Buffer.concat(this.buffer);
      bytes = deflatedOnce(plain);
      watcher?.({ plain, deflated: bytes });
    }
    this.compress = false;
    this.data.Length = bytes.length;
    if (writeObjectDirectly(this.document, this, bytes)) {
      this.buffer = [];
      return;
    }
    this.buffer = [bytes];
  }
  (Object.getPrototypeOf(this) as StreamReference).finalize.call(this);
}

/** Makes every stream `doc` creates from now on deflate through the process's memory (unless caching is off). */
export function deflateRemembered(doc: object): void {
  if (!remembering()) return;
  const maker = doc as ReferenceMaker;
  const ref = maker.ref.bind(maker);
  maker.ref = (data?: object): unknown => {
    const stream = ref(data) as StreamReference;
    stream.finalize = finalizeDeflated;
    return stream;
  };
}
