/** Reads a .pptx as a person would see it: each slide's text in order, its notes, the parts in the zip. */
import JSZip from 'jszip';

export interface SlideText {
  readonly text: string;
  readonly notes: string;
}

const decode = (xml: string): string =>
  xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The paragraphs of every text body (shape, table cell, notes) but those with no text at all, which show nothing. */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<([ap]):txBody>([\s\S]*?)<\/\1:txBody>/g)].flatMap(([, , body]) => {
    const paragraphs = [...(body ?? '').matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map(([, p]) => decode([...(p ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t]) => t).join('')));
    return paragraphs.some((paragraph) => paragraph !== '') ? paragraphs : [];
  });
}

export async function readPptx(data: Uint8Array): Promise<{ zip: JSZip; slides: SlideText[] }> {
  const zip = await JSZip.loadAsync(data);
  const slideNames = Object.keys(zip.files)
    .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
  const slides: SlideText[] = [];
  for (const name of slideNames) {
    const xml = await zip.file(name)!.async('string');
    const rels = (await zip.file(name.replace('slides/', 'slides/_rels/') + '.rels')?.async('string')) ?? '';
    const notesTarget = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)?.[1];
    const notesXml = notesTarget ? ((await zip.file(`ppt/notesSlides/${notesTarget}`)?.async('string')) ?? '') : '';
    slides.push({ text: paragraphsOf(xml).join('\n'), notes: paragraphsOf(notesXml).join('\n') });
  }
  return { zip, slides };
}
