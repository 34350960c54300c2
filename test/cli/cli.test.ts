import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulatedAws } from '../../adapters/simulator';
import { parsePlan, PlanFileError } from '../../cli/planFile';
import { runAccount } from '../../cli/runAccount';
import { planFingerprint } from '../../cli/stateFile';
import { SNAPSHOT_SCHEMA_VERSION } from '../../machines/run';
import { specFor } from '../support/world';
import { plan, run as runCli, tmp } from './helpers';

const run = async (...argv: string[]): Promise<{ code: number; out: string; stdout: string; stderr: string }> => {
  const result = await runCli(...argv);
  return { ...result, out: `${result.stdout}\n${result.stderr}` };
};

describe('mwaa-lifecycle demo', () => {
  it('runs the whole lifecycle on the simulator and leaves nothing behind', async () => {
    const { code, out, stderr } = await run('demo', '--seed', '3');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(out).toContain('blocked by ap-southeast-2 environment legacy');
    // Every role line names the role machine's state or outcome, never a promise actor's.
    expect(out).not.toMatch(/role: (undefined)?$/m);
    expect(out).toMatch(/still creating eu-west-1\/analytics \(CREATING\) \[\d+m\d+s elapsed, expected 20–35 min\]/);
    expect(out).toContain('result: roleDeleted');
    expect(out).toContain('left behind: nothing');
  });

  it('writes a JSON line per inspection event when asked', async () => {
    const log = join(tmp(), 'events.jsonl');
    expect((await run('demo', '--inspect-log', log)).code).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; actor: string });
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((l) => l.type === '@xstate.snapshot' && l.actor.startsWith('create:'))).toBe(true);
  });
});

describe('plan files', () => {
  it('lists every problem with its JSON path before any AWS call', async () => {
    const dir = tmp();
    const file = join(dir, 'plan.json');
    writeFileSync(
      file,
      JSON.stringify({
        regions: ['eu-west-1', 'Mars'],
        environments: [
          { region: 'us-east-1', spec: specFor('alpha') },
          { region: 'eu-west-1', spec: { ...specFor('1bad') } },
        ],
        extra: true,
      }),
    );
    const { code, out, stdout } = await run('apply', '--plan', file, '--simulate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(out).toContain('$.regions[1]: "Mars" is not an AWS region name');
    expect(out).toContain('$.environments[0].region: us-east-1 is not listed in $.regions');
    expect(out).toContain('$.environments[1].spec:');
    expect(out).toContain('$.extra: unknown field');
  });

  it('takes the simulated world\'s uncertainty from the scenario, and rejects a bad one', () => {
    expect(parsePlan({ ...plan, simulator: { uncertainty: 'worst' } }).simulator?.uncertainty).toBe('worst');
    expect(() => parsePlan({ ...plan, simulator: { uncertainty: { roleInUseCheck: 'sometimes' } } })).toThrow(/roleInUseCheck/);
    expect(() => parsePlan({ ...plan, simulator: { uncertainty: { guesswork: true } } })).toThrow(/guesswork/);
  });

  it('rejects a scenario with an unknown fault operation', () => {
    expect(() => parsePlan({ ...plan, simulator: { faults: [{ operation: 'mwaa.explode', kind: 'throttle', rate: 2 }] } })).toThrow(PlanFileError);
  });

  it('reports an unreadable file clearly', async () => {
    const { code, out } = await run('teardown', '--plan', join(tmp(), 'missing.json'));
    expect(code).toBe(2);
    expect(out).toContain('cannot read the file');
  });

  it('refuses unknown options instead of ignoring them', async () => {
    const { code, stderr, stdout } = await run('apply', '--plan', 'x.json', '--dry-rn');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown option '--dry-rn'");
  });
});

/** The state file of a teardown interrupted 10 virtual minutes in. */
async function interruptedTeardown(stateFile: string): Promise<unknown> {
  const sim = createSimulatedAws({ seed: 6 });
  const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile };
  await runAccount({ ...common, command: 'apply' });
  const controller = new AbortController();
  sim.clock.setTimeout(() => controller.abort(), 10 * 60_000);
  await expect(runAccount({ ...common, command: 'teardown', signal: controller.signal })).rejects.toThrow('interrupted');
  return JSON.parse(readFileSync(stateFile, 'utf8'));
}

describe('state files', () => {
  it('carries the role ownership from apply to teardown, so the role it created is deleted', async () => {
    const sim = createSimulatedAws({ seed: 4 });
    const stateFile = join(tmp(), 'state.json');
    const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile };
    const applied = await runAccount({ ...common, command: 'apply' });
    expect(applied.kind).toBe('ready');
    expect(existsSync(stateFile)).toBe(true);
    const torn = await runAccount({ ...common, command: 'teardown' });
    expect(torn).toMatchObject({ kind: 'done', outcome: { result: 'roleDeleted' } });
    expect(existsSync(stateFile)).toBe(false);
    expect(sim.inventory()).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
  });

  it('keeps the role\'s ownership in the state file when a teardown ends blocked, so the rerun still deletes it', async () => {
    const sim = createSimulatedAws({ seed: 8 });
    const stateFile = join(tmp(), 'state.json');
    const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile };
    await runAccount({ ...common, command: 'apply' });
    // Someone else's environment keeps the role in use past the blocked budget.
    await sim.ports().mwaa.createEnvironment('eu-west-1', specFor('theirs'));
    const blocked = await runAccount({ ...common, command: 'teardown' });
    expect(blocked).toMatchObject({ kind: 'done', outcome: { result: 'blocked' } });
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ snapshot: null, ownership: 'created' });
    await sim.clock.advance(40 * 60_000);
    await sim.ports().mwaa.deleteEnvironment('eu-west-1', 'theirs');
    const rerun = await runAccount({ ...common, command: 'teardown' });
    expect(rerun).toMatchObject({ kind: 'done', outcome: { result: 'roleDeleted' } });
    expect(existsSync(stateFile)).toBe(false);
  });

  it('resumes an interrupted teardown from its state file', async () => {
    const sim = createSimulatedAws({ seed: 5 });
    const stateFile = join(tmp(), 'state.json');
    const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile };
    await runAccount({ ...common, command: 'apply' });
    const controller = new AbortController();
    sim.clock.setTimeout(() => controller.abort(), 10 * 60_000);
    await expect(runAccount({ ...common, command: 'teardown', signal: controller.signal })).rejects.toThrow('interrupted');
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { command: string; snapshot: { value: unknown } };
    expect(saved.command).toBe('teardown');
    // Saved in the middle of the teardown (which watches the account while the environments go).
    expect(saved.snapshot.value).toMatchObject({ tearingDown: expect.any(String) as unknown });
    const resumed = await runAccount({ ...common, command: 'teardown' });
    expect(resumed).toMatchObject({ kind: 'done', outcome: { result: 'roleDeleted' } });
    expect(sim.calls().filter((c) => c.operation === 'mwaa.deleteEnvironment' && c.outcome === 'ok')).toHaveLength(2);
  });

  it('refuses to start another command over an unfinished run', async () => {
    const sim = createSimulatedAws({ seed: 6 });
    const stateFile = join(tmp(), 'state.json');
    const saved = await interruptedTeardown(stateFile);
    writeFileSync(stateFile, JSON.stringify(saved));
    await expect(runAccount({ plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile, command: 'delete-role' })).rejects.toThrow(
      'holds an unfinished teardown run',
    );
  });


  it('refuses a state file written by machines of another shape', async () => {
    const sim = createSimulatedAws({ seed: 6 });
    const stateFile = join(tmp(), 'state.json');
    const file = { version: 2, schema: SNAPSHOT_SCHEMA_VERSION + 1, command: 'apply', plan: planFingerprint(plan, 'simulator'), target: 'simulator', snapshot: null };
    writeFileSync(stateFile, JSON.stringify(file));
    await expect(runAccount({ plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile, command: 'apply' })).rejects.toThrow(
      'whose state machines differ',
    );
    expect(sim.calls()).toHaveLength(0);
  });
});

describe('mwaa-lifecycle policy', () => {
  it('prints the least-privilege policy as JSON', async () => {
    const { code, stdout } = await run('policy', '--account-id', '123456789012', '--execution-role-arns', 'arn:aws:iam::123456789012:role/mwaa-execution');
    expect(code).toBe(0);
    const policy = JSON.parse(stdout) as { Statement: Array<{ Action: string | string[] }> };
    const actions = policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(expect.arrayContaining(['iam:CreateServiceLinkedRole', 'airflow:CreateEnvironment', 'ec2:DescribeVpcEndpoints']));
  });
});
