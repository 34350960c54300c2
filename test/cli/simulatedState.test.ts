/**
 * A simulated world lives in the process that ran it: a state file from a `--simulate` run that
 * did not finish is refused with the usage exit code, never resumed against a new, empty world.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunState, runAccount } from '../../cli/runAccount';
import { prepareWorld } from '../../cli/scenarioWorld';
import { StateFileError } from '../../cli/stateFile';
import type { PlanFile } from '../../cli/planFile';
import { specFor } from '../support/world';

const plan: PlanFile = { regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: specFor('alpha') }] };

describe('state files of simulated runs', () => {
  it('refuses to resume an unfinished simulated run in a new world, naming the way out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwaa-sim-state-'));
    const path = join(dir, 'state.json');
    const first = await prepareWorld({ seed: 1 });
    const applied = await runAccount({ command: 'apply', plan, ports: first.sim.ports(), clock: first.sim.clock, virtualClock: first.sim.clock, stateFile: path });
    expect(applied.kind).toBe('ready');

    const second = await prepareWorld({ seed: 1 });
    const state = openRunState(path, plan, true);
    try {
      await expect(runAccount({ command: 'teardown', plan, ports: second.sim.ports(), clock: second.sim.clock, virtualClock: second.sim.clock, state })).rejects.toThrow(StateFileError);
      await expect(runAccount({ command: 'teardown', plan, ports: second.sim.ports(), clock: second.sim.clock, virtualClock: second.sim.clock, state })).rejects.toThrow(/simulated world that ended with its process/);
    } finally {
      state.release();
    }
    expect(second.sim.calls()).toEqual([]);
  });
});
