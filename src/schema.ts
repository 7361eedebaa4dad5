/** `npm run schema`: prints content.schema.json. */
import { contentJsonSchema } from './model/json-schema.js';

process.stdout.write(`${JSON.stringify(contentJsonSchema(), null, 2)}\n`);
