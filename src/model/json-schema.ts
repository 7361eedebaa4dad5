/** The content model as JSON Schema (content.schema.json), for editors that check content.yaml as you type. */
import { z } from 'zod';
import { Content } from './content.js';

export function contentJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(Content, { io: 'input' }), title: 'jianbao content.yaml' };
}
