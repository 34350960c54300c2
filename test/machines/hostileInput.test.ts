/**
 * Inputs no caller should send, from untyped code or a hand-written file: every machine refuses
 * each with a clear message before any AWS call, and none of them crashes the host process.
 */
import { createSimulatedAws } from '../../adapters/simulator';
import { runMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { specFor } from '../support/world';

const spec = specFor('alpha');
const account = (over: Record<string, unknown>): unknown => ({ plan: 'apply', regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec }], ...over });

const ACCOUNT_INPUTS: Array<[string, unknown]> = [
  ['no input at all', undefined],
  ['a number', 5],
  ['regions: 5', account({ regions: 5 })],
  ['regions with a number in it', account({ regions: ['eu-west-1', 7] })],
  ['environments: {}', account({ environments: {} })],
  ['environments: [null]', account({ environments: [null] })],
  ['an environment without spec', account({ environments: [{ region: 'eu-west-1' }] })],
  ['an environment with a bad spec', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, dagS3Path: 42 } }] })],
  ['an environment with an invalid name', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, name: '1bad' } }] })],
  ['roleDescription: 123', account({ roleDescription: 123 })],
  ['a roleDescription IAM refuses', account({ roleDescription: 'é'.repeat(10) + '\u0001' })],
  ['environment timeouts that are not budgets', account({ timeouts: { environment: { createMs: -1 } } })],
  ['role timeouts that are not budgets', account({ timeouts: { role: { visibleMs: 'soon' } } })],
  ['timeouts: "long"', account({ timeouts: 'long' })],
  ['forceRoleDeletion: "yes"', account({ plan: 'deleteRole', forceRoleDeletion: 'yes' })],
  ['roleOwnership: "mine"', account({ plan: 'teardown', roleOwnership: 'mine' })],
  ['discoverRegions: 1', account({ discoverRegions: 1 })],
  ['plan: "destroy"', account({ plan: 'destroy' })],
  ['a misspelt spec field (maxWorker)', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, maxWorker: 5 } }] })],
  ['a __proto__ key in a spec', account({ environments: [{ region: 'eu-west-1', spec: JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(spec).slice(1)}`) as unknown }] })],
  ['a configuration value that is a number', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, airflowConfigurationOptions: { 'core.parallelism': 32 } } }] })],
  ['a tag value that is a boolean', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, tags: { owner: true } } }] })],
  ['an unknown top-level field', account({ region: 'eu-west-1' })],
  ['regions from two partitions', account({ regions: ['eu-west-1', 'cn-north-1'] })],
  [
    'an execution role from another partition',
    account({ environments: [{ region: 'eu-west-1', spec: { ...spec, executionRoleArn: 'arn:aws-cn:iam::123456789012:role/x' } }] }),
  ],
];

/** Inputs whose refusal names the JSON path of the wrong field. */
const PATHS: Array<[string, unknown, RegExp]> = [
  ['maxWorker', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, maxWorker: 5 } }] }), /\$\.environments\[0\]\.spec\.maxWorker: unknown field/],
  ['dagS3Path', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, dagS3Path: 42 } }] }), /\$\.environments\[0\]\.spec\.dagS3Path: .*expected string/],
  ['configuration', account({ environments: [{ region: 'eu-west-1', spec: { ...spec, airflowConfigurationOptions: { a: 1 } } }] }), /\$\.environments\[0\]\.spec\.airflowConfigurationOptions\.a/],
  ['timeouts', account({ timeouts: { role: { visibleMs: 'soon' } } }), /\$\.timeouts\.role\.visibleMs/],
];

const ENVIRONMENT_INPUTS: Array<[string, unknown]> = [
  ['no input at all', undefined],
  ['create without spec', { operation: 'create', region: 'eu-west-1' }],
  ['create with spec null', { operation: 'create', region: 'eu-west-1', spec: null }],
  ['update without update', { operation: 'update', region: 'eu-west-1' }],
  ['delete with a numeric name', { operation: 'delete', region: 'eu-west-1', name: 5 }],
  ['delete with a bad network', { operation: 'delete', region: 'eu-west-1', name: 'alpha', network: { subnetIds: 'subnet-a' } }],
  ['an unknown operation', { operation: 'destroy', region: 'eu-west-1', name: 'alpha' }],
  ['a region that is a number', { operation: 'delete', region: 3, name: 'alpha' }],
  ['an update that changes the KMS key', { operation: 'update', region: 'eu-west-1', update: { name: 'alpha', kmsKey: 'alias/other' } }],
  ['a create with a misspelt field', { operation: 'create', region: 'eu-west-1', spec: { ...spec, executionRoleARN: 'x' } }],
  ['a create in China with a commercial role', { operation: 'create', region: 'cn-north-1', spec }],
];

const ROLE_INPUTS: Array<[string, unknown]> = [
  ['no input at all', undefined],
  ['an unknown operation', { operation: 'remove' }],
  ['a description that is a number', { operation: 'ensure', description: 12 }],
  ['delete without a verdict', { operation: 'delete', force: true }],
  ['delete with a verdict of the wrong type', { operation: 'delete', force: true, verdict: { surveyedAt: 'now' } }],
];

describe('hostile inputs', () => {
  const sim = createSimulatedAws();
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const run = (logic: typeof bound.account | typeof bound.environment | typeof bound.serviceLinkedRole, input: unknown) =>
    sim.clock.run(runMachine(logic as typeof bound.account, input as never));

  it.each(ACCOUNT_INPUTS)('the account machine refuses %s before any call', async (_name, input) => {
    const before = sim.calls().length;
    await expect(run(bound.account, input)).resolves.toMatchObject({ result: 'invalidInput', message: expect.any(String) as unknown });
    expect(sim.calls()).toHaveLength(before);
  });

  it.each(PATHS)('names the JSON path of a wrong %s', async (_name, input, message) => {
    await expect(run(bound.account, input)).resolves.toMatchObject({ result: 'invalidInput', message: expect.stringMatching(message) as unknown });
  });

  it('accepts a blocked budget of Infinity, which only code can pass', async () => {
    const outcome = await run(bound.account, account({ plan: 'deleteRole', timeouts: { blockedMs: Infinity, settleMs: 0 }, environments: [] }));
    expect(outcome.result).not.toBe('invalidInput');
  });

  it.each(ENVIRONMENT_INPUTS)('the environment machine refuses %s before any call', async (_name, input) => {
    const before = sim.calls().length;
    await expect(run(bound.environment, input)).resolves.toMatchObject({ result: 'invalidInput', message: expect.any(String) as unknown });
    expect(sim.calls()).toHaveLength(before);
  });

  it.each(ROLE_INPUTS)('the role machine refuses %s before any call', async (_name, input) => {
    const before = sim.calls().length;
    await expect(run(bound.serviceLinkedRole, input)).resolves.toMatchObject({ result: 'invalidInput', message: expect.any(String) as unknown });
    expect(sim.calls()).toHaveLength(before);
  });
});
