// Writes shared/handoff.schema.json from the zod schema (a unit test keeps the two in sync).
import fs from 'node:fs';
import path from 'node:path';
import { handoffJsonSchema } from '../shared/handoff/model';

const file = path.resolve(import.meta.dirname, '../shared/handoff.schema.json');
fs.writeFileSync(file, JSON.stringify(handoffJsonSchema(), null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), file)}`);
