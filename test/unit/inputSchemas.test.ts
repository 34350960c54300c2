/**
 * The library's input schemas: the JSON Schemas shipped for editors are up to date, and each
 * schema refuses a wrong field with its JSON path while accepting what the types allow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accountInputSchema,
  environmentInputSchema,
  environmentUpdateSchema,
  inputJsonSchemas,
  roleInputSchema,
  schemaProblemOf,
} from '../../machines/inputSchemas';
import { specFor } from '../support/world';

const spec = specFor('alpha');

describe('library input schemas', () => {
  it.each(Object.entries(inputJsonSchemas()))('ships schemas/%s.schema.json up to date (npm run schema)', (name, schema) => {
    const shipped = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', `${name}.schema.json`), 'utf8')) as unknown;
    expect(shipped).toEqual(schema);
  });

  it('accepts a spec read back from GetEnvironment, log group ARNs included', () => {
    const logging = { taskLogs: { enabled: true, logLevel: 'INFO', cloudWatchLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:airflow-alpha-Task' } };
    expect(schemaProblemOf(environmentInputSchema, { operation: 'create', region: 'eu-west-1', spec: { ...spec, loggingConfiguration: logging } })).toBeNull();
  });

  it('names every wrong field of an update with its path, up to three', () => {
    const problem = schemaProblemOf(environmentUpdateSchema, { name: 'alpha', maxWorkers: '5', schedulers: 2.5, tags: {}, extra: 1 });
    expect(problem).toMatch(/\$\.maxWorkers: .*expected number/);
    expect(problem).toMatch(/\$\.schedulers: .*expected int/);
    expect(problem).toMatch(/\$\.tags: unknown field/);
    expect(problem).toMatch(/and 1 more/);
  });

  it('tells each operation its own fields', () => {
    expect(schemaProblemOf(environmentInputSchema, { operation: 'delete', region: 'eu-west-1', name: 'alpha', spec })).toBe('$.spec: unknown field');
    expect(schemaProblemOf(roleInputSchema, { operation: 'ensure', force: true })).toBe('$.force: unknown field');
    expect(schemaProblemOf(roleInputSchema, { operation: 'delete' })).toMatch(/^\$\.verdict: delete needs verdict\.surveyedAt/);
  });

  it('accepts Infinity only where waiting for ever means something', () => {
    const input = { plan: 'deleteRole', regions: ['eu-west-1'] };
    expect(schemaProblemOf(accountInputSchema, { ...input, timeouts: { blockedMs: Infinity } })).toBeNull();
    expect(schemaProblemOf(accountInputSchema, { ...input, timeouts: { settleMs: Infinity } })).toMatch(/\$\.timeouts\.settleMs/);
    expect(schemaProblemOf(accountInputSchema, { ...input, timeouts: { blockedMs: -1 } })).toMatch(/\$\.timeouts\.blockedMs/);
  });
});
