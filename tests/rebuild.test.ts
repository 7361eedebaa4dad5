/**
 * A rebuild in the same process (`watch`) after a one-line edit reuses what it remembers of the
 * build before (the content parsed, paragraphs broken, blocks and slides laid out, texts checked):
 * the edit must show where it was made and nowhere else, and the files must be byte for byte those
 * of a new process building the edited content.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { cli, root } from './support/cli.js';
import { readPdf } from './support/pdf.js';

/** Every output of a build into a new folder, by file name. */
async function builtInProcess(contentFile: string): Promise<Map<string, Buffer>> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-rebuild-'));
  const result = await build({ contentFile, outDir });
  return new Map(result.outputs.map((output) => [path.basename(output.file), readFileSync(output.file)]));
}

function builtByNewProcess(contentFile: string): Map<string, Buffer> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-rebuild-'));
  const result = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', outDir, '--quiet'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const outputs = readdirSync(outDir).filter((name) => name !== 'manifest.json');
  return new Map(outputs.map((name) => [name, readFileSync(path.join(outDir, name))]));
}

/** The report's text as a reader copies it, without the line breaks layout chose. */
const reportText = async (outputs: Map<string, Buffer>): Promise<string> => (await readPdf(outputs.get('briefing.pdf')!)).pages.join('').replace(/\s+/g, '');

describe('a rebuild in the same process after a one-line edit', () => {
  it('shows the new words where they were written, keeps every other word, and writes the bytes of a new process', async () => {
    const contentFile = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-rebuild-')), 'content.yaml');
    copyFileSync(path.join(root, 'content.yaml'), contentFile);
    const original = readFileSync(contentFile, 'utf8');
    const before = await builtInProcess(contentFile);

    // A word in a paragraph and a figure's value, each edited inside its line.
    const edited = original.replace('作为代表参与了', '作为代表出席了').replace('value: 1012.4', 'value: 1012.7');
    expect(edited).not.toBe(original);
    writeFileSync(contentFile, edited);
    const after = await builtInProcess(contentFile);

    const [oldText, newText] = [await reportText(before), await reportText(after)];
    expect(oldText).toContain('作为代表参与了');
    expect(newText).toContain('作为代表出席了');
    expect(newText).not.toContain('作为代表参与了');
    expect(newText).toContain('1012.7');
    // Everything else reads as it did: undoing the two edits in the text gives the old text back.
    expect(newText.replace('作为代表出席了', '作为代表参与了').replaceAll('1012.7亿元', '1012.4亿元')).toBe(oldText);

    const fresh = builtByNewProcess(contentFile);
    expect([...after.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, bytes] of fresh) expect(after.get(name)!.equals(bytes), name).toBe(true);
  }, 180_000);
});
