/** Prints the content model as JSON Schema, for editors that check and complete content.yaml. */
import { z } from 'zod';
import { Content } from './model/content.js';

const schema = z.toJSONSchema(Content, { io: 'input' });
process.stdout.write(`${JSON.stringify({ ...schema, title: 'jianbao content.yaml' }, null, 2)}\n`);
