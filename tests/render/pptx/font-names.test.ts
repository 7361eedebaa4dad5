/**
 * The article deck names only the family it embeds: theme (East Asian and Hans-script fonts),
 * the master's bullets, chart text and app.xml's fonts used. PowerPoint takes these names for any
 * text an official types into the deck, so a name it does not carry (等线 Light, Arial, Calibri)
 * would set that text in a substitute font.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticleDeck, FAMILY, hasValidator, validatePptx } from './decks.js';

/** Every font name in the deck's XML parts, as `part: typeface` (theme references and empty names aside). */
async function fontNames(zip: JSZip): Promise<string[]> {
  const names: string[] = [];
  for (const part of Object.keys(zip.files).filter((name) => name.endsWith('.xml')).sort()) {
    const xml = await zip.file(part)!.async('string');
    for (const [, typeface] of xml.matchAll(/\btypeface="([^"]*)"/g)) {
      if (typeface !== '' && !typeface!.startsWith('+')) names.push(`${part}: ${typeface}`);
    }
  }
  return names;
}

describe('the article deck names only its embedded family', () => {
  let deck: Uint8Array;
  let zip: JSZip;

  beforeAll(async () => {
    deck = await buildArticleDeck();
    zip = await JSZip.loadAsync(deck);
  }, 60_000);

  it('in every part: theme, masters, slides, charts', async () => {
    const names = await fontNames(zip);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !name.endsWith(`: ${FAMILY}`))).toEqual([]);
  });

  it('the theme maps the Hans script to it, in heading and body fonts alike', async () => {
    const theme = await zip.file('ppt/theme/theme1.xml')!.async('string');
    expect(theme.match(/<a:font script="Hans" typeface="Noto Sans SC"\/>/g)).toHaveLength(2);
    expect(theme).not.toContain('等线');
  });

  it('the master gives its bullets the family', async () => {
    const master = await zip.file('ppt/slideMasters/slideMaster1.xml')!.async('string');
    const bulletFonts = [...master.matchAll(/<a:buFont\s[^>]*\/>/g)].map(([element]) => element);
    expect(bulletFonts.length).toBeGreaterThan(0);
    expect(new Set(bulletFonts)).toEqual(new Set([`<a:buFont typeface="${FAMILY}"/>`]));
  });

  it('app.xml lists the embedded family as the one font used', async () => {
    const app = await zip.file('docProps/app.xml')!.async('string');
    expect(app).toMatch(/<vt:lpstr>Fonts Used<\/vt:lpstr><\/vt:variant>\s*<vt:variant><vt:i4>1<\/vt:i4>/);
    const titles = /<TitlesOfParts><vt:vector size="(\d+)" baseType="lpstr">([\s\S]*?)<\/vt:vector>/.exec(app);
    const entries = [...(titles?.[2] ?? '').matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map(([, entry]) => entry);
    expect(Number(titles?.[1])).toBe(entries.length);
    expect(entries.slice(0, 2)).toEqual([FAMILY, 'Office Theme']);
    expect(app).not.toMatch(/Arial|Calibri/);
  });

  it.skipIf(!hasValidator)('and still passes validate-pptx --powerpoint', () => {
    const { findings, summary } = validatePptx(deck, '--powerpoint');
    expect(findings).toEqual([]);
    expect(summary).toMatch(/ 0 errors$/);
  });
});
