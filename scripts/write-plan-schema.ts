/**
 * Writes schemas/plan.schema.json, the JSON Schema of plan and scenario files, for editors
 * (`"$schema": "./schemas/plan.schema.json"` or an editor's schema mapping). Run `npm run schema`
 * after changing cli/planSchema.ts; a test fails while the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planJsonSchema } from '../cli/planSchema';

const target = join(__dirname, '..', 'schemas', 'plan.schema.json');
writeFileSync(target, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
