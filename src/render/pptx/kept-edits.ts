/**
 * What the finishing passes (finish.ts) made of each XML part, kept on disk (cache/kept.ts) for the
 * next process: after an edit of one slide, a fresh build edits again only the parts of the slides
 * it changed, and takes every other part's edits, pass by pass, from what a build before it kept.
 * A result is named by the pass (its name spells everything it depends on besides the part: see
 * editXmlParts), the part's name and a digest of the part's text; the entry by jianbao's code that
 * renders the deck. It is used only for exactly that text, so it cannot change a byte.
 */
import { contentDigest } from '../../cache/disk.js';
import { keptResults, type KeptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';

/** A pass's result: null when the pass left the part as it was, else the edited text with its digest. */
type KeptEdit = readonly [digest: string, text: string] | null;

/**
 * Results kept at most, the most recently computed: each of some dozen passes over each part of a
 * few decks (~1000 for a deck of 16 slides, a third of them a part's text). Every build reads the
 * whole entry, and an edit of a slide adds some dozens, so more would cost every build more than it saves.
 */
const KEPT_EDITS = 3000;

let edits: KeptResults<KeptEdit> | undefined;
let characters: KeptResults<string> | undefined;
const keptEdits = (): KeptResults<KeptEdit> => (edits ??= keptResults<KeptEdit>('pptx-part-edits', ['render/pptx'], [], KEPT_EDITS));
const keptCharacters = (): KeptResults<string> => (characters ??= keptResults<string>('pptx-part-characters', ['render/pptx']));

/**
 * The digests of texts of parts this process has seen, by text: a part's text after a pass whose
 * result was kept is known by its digest without hashing it. Forgotten when it grows past a few
 * decks' parts (the texts are the parts of the decks rendered last).
 */
const digests = new Map<string, string>();
const REMEMBERED_DIGESTS = 4000;

/** The SHA-256 of a part's text (contentDigest), hashed only when not known; a build without memos remembers none. */
export function textDigest(text: string): string {
  if (!memosAnswer()) return contentDigest(text);
  let digest = digests.get(text);
  if (digest === undefined) {
    if (digests.size >= REMEMBERED_DIGESTS) digests.clear();
    digests.set(text, (digest = contentDigest(text)));
  }
  return digest;
}

/** `edit`'s result on part `name`, whose text is `xml`: as kept by a build before this one, or done now and kept. */
export function keptEdit(pass: string, name: string, xml: string, edit: () => string): string {
  if (!memosAnswer()) return edit();
  const key = `${pass}\u0000${name}\u0000${textDigest(xml)}`;
  const kept = keptEdits().get(key);
  if (kept === null) return xml;
  if (kept !== undefined) {
    const [digest, text] = kept;
    if (!digests.has(text)) digests.set(text, digest);
    return text;
  }
  const edited = edit();
  keptEdits().set(key, edited === xml ? null : [textDigest(edited), edited]);
  return edited;
}

/** The characters of part `name`, whose text is `xml`, as `find` finds them: kept by a build before this one, or found now and kept. */
export function keptPartCharacters(name: string, xml: string, find: () => ReadonlySet<string>): ReadonlySet<string> {
  if (!memosAnswer()) return find();
  const key = `${name}\u0000${textDigest(xml)}`;
  const kept = keptCharacters().get(key);
  if (kept !== undefined) return new Set(kept);
  const found = find();
  keptCharacters().set(key, [...found].join(''));
  return found;
}

/** Writes the results added since the entries were read, for the next process (once a deck is written). */
export function keepPartEdits(): void {
  edits?.write();
  characters?.write();
}
