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
