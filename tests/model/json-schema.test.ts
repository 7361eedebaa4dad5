import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { contentJsonSchema } from '../../src/model/json-schema.js';

it('content.schema.json is the schema of the content model as it is now (run `npm run schema` after changing it)', () => {
  const committed: unknown = JSON.parse(readFileSync(new URL('../../content.schema.json', import.meta.url), 'utf8'));
  expect(committed).toEqual(contentJsonSchema());
});
