/**
 * Speed may never change an output: the deck and the report, rendered concurrently in one build,
 * are byte for byte what each is when built alone.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../src/build.js';

const root = path.resolve(import.meta.dirname, '..');
const contentFile = path.join(root, 'content.yaml');

/** The bytes of each file the build wrote, by file name. */
async function built(options: Omit<BuildOptions, 'outDir' | 'contentFile'>): Promise<Map<string, Buffer>> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-speed-'));
  const result = await build({ contentFile, outDir, ...options });
  return new Map(result.outputs.map((output) => [path.basename(output.file), readFileSync(output.file)]));
}

describe('rendering the deck and the report concurrently', () => {
  it('writes the same bytes as building each output alone', async () => {
    const together = await built({ print: true });
    const deckAlone = await built({ only: 'deck' });
    const reportAlone = await built({ only: 'report' });
    expect([...together.keys()].sort()).toEqual(['briefing-print.pdf', 'briefing.pdf', 'briefing.pptx']);
    expect(together.get('briefing.pptx')!.equals(deckAlone.get('briefing.pptx')!)).toBe(true);
    expect(together.get('briefing.pdf')!.equals(reportAlone.get('briefing.pdf')!)).toBe(true);
  }, 120_000);
});
