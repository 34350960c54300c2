/**
 * Writes the JSON Schemas editors and other tools use: `schemas/plan.schema.json` (plan and
 * scenario files; `"$schema": "./schemas/plan.schema.json"` or an editor's schema mapping) and one
 * per library input (`schemas/*-input.schema.json`). Run `npm run schema` after changing a schema;
 * a test fails while a committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planJsonSchema } from '../cli/planSchema';
import { inputJsonSchemas } from '../machines/inputSchemas';

const write = (name: string, schema: unknown): void => {
  const target = join(__dirname, '..', 'schemas', name);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target}`);
};

write('plan.schema.json', planJsonSchema());
for (const [name, schema] of Object.entries(inputJsonSchemas())) write(`${name}.schema.json`, schema);
