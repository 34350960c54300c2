/**
 * The account survey on its own: which regions it watches, which it skips and why, and what it
 * counts as MWAA's network interfaces.
 */
import { createSimulatedAws } from '../../adapters/simulator';
import { runMachine } from '../../machines/run';
import { surveyAccount } from '../../machines/survey';
import { bindMachines } from '../../machines/wiring';
import { specFor } from '../support/world';

const MIN = 60_000;

describe('account survey', () => {
  it('watches every enabled region, and skips regions the account has not enabled', async () => {
    const sim = createSimulatedAws();
    const found = await surveyAccount(sim.ports(), { regions: ['eu-west-1', 'af-south-1'], discoverRegions: true, knownNetworks: [] }, () => sim.clock.now());
    expect(found.surveyed).toEqual(expect.arrayContaining(['eu-west-1', 'us-west-1', 'ap-northeast-3']));
    expect(found.surveyed).not.toContain('af-south-1');
    expect(found.skipped).toEqual(expect.arrayContaining([{ region: 'af-south-1', reason: 'notEnabled' }]));
    expect(found.errors).toEqual([]);
  });

  it('skips a region where MWAA has no endpoint and never published one, then watches it once MWAA launches there', async () => {
    const sim = createSimulatedAws({
      uncertainty: { regions: { mwaaRegions: ['eu-west-1', 'us-east-1'], enabledOptInRegions: ['mx-central-1'], launchedLater: [{ region: 'mx-central-1', afterMs: 30 * MIN }] } },
    });
    const input = { regions: ['eu-west-1'], discoverRegions: true, knownNetworks: [] };
    const before = await surveyAccount(sim.ports(), input, () => sim.clock.now());
    expect(before.skipped).toEqual(expect.arrayContaining([{ region: 'mx-central-1', reason: 'noMwaaEndpoint' }]));
    // A region where AWS publishes an MWAA endpoint but none answers is a fault, not an absence.
    expect(before.errors).toEqual(expect.arrayContaining([expect.objectContaining({ region: 'us-west-2', error: expect.objectContaining({ code: 'NoEndpoint' }) as unknown })]));
    await sim.clock.advance(31 * MIN);
    const after = await surveyAccount(sim.ports(), input, () => sim.clock.now());
    expect(after.surveyed).toContain('mx-central-1');
  });

  it('counts every interface in a subnet and security group MWAA used, whatever its other attributes', async () => {
    const sim = createSimulatedAws({ uncertainty: { interfaces: { requesterManaged: false, interfaceType: 'lambda', description: 'blank', lingerAfterCleanup: { minMs: 0, maxMs: 0 } } } });
    const bound = bindMachines(sim.ports(), { clock: sim.clock });
    await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    const found = await surveyAccount(sim.ports(), { regions: ['eu-west-1'], discoverRegions: false, knownNetworks: [] }, () => sim.clock.now());
    const mine = sim.inventory().networkInterfaces.map((n) => n.networkInterfaceId).sort();
    expect(found.blockers.filter((b) => b.kind === 'networkInterface').map((b) => b.id).sort()).toEqual(mine);
  });
});
