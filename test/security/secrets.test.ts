/**
 * Airflow configuration values never rest in clear: not in the machines' context, their persisted
 * snapshots or inspection events, nor in any file a CLI run writes; yet the port receives them in
 * clear, a resumed run in a new process gets them back from the same input (the CLI's plan file),
 * and a restore without them stops before any AWS call, naming the key.
 */
import { join } from 'node:path';
import type { InspectionEvent, Snapshot } from 'xstate';
import type { AwsPorts, EnvironmentSpec } from '../../adapters/port';
import { createSimulatedAws } from '../../adapters/simulator';
import { openRunState, runAccount } from '../../cli/runAccount';
import type { PlanFile } from '../../cli/planFile';
import { runMachine, startMachine } from '../../machines/run';
import { MissingSecretError, SECRET_HANDLE, SecretVault, sealInput } from '../../machines/secrets';
import { bindMachines } from '../../machines/wiring';
import { plan as twoEnvironments, run, tmp, writeJson } from '../cli/helpers';
import { filesIn, findNeedles, secretSpec, SECRETS, spyOn } from './support';

const REGION = 'eu-west-1';

/** The simulator's ports with every createEnvironment recorded as the port received it. */
function recordedPorts(sim: ReturnType<typeof createSimulatedAws>, creates: unknown[][]): AwsPorts {
  const ports = sim.ports();
  return { ...ports, mwaa: spyOn(ports.mwaa, 'createEnvironment', creates) };
}

describe('the environment machine on the library path', () => {
  it('keeps handles in context, snapshots and inspection events, and sends clear values to the port', async () => {
    const sim = createSimulatedAws({ seed: 3 });
    const creates: unknown[][] = [];
    const bound = bindMachines(recordedPorts(sim, creates), { clock: sim.clock });
    const snapshots: Snapshot<unknown>[] = [];
    const events: InspectionEvent[] = [];
    const spec = secretSpec('secretive');
    const outcome = await sim.clock.run(
      runMachine(bound.environment, { operation: 'create', region: REGION, spec }, { persist: (s) => snapshots.push(s), inspect: (e) => events.push(e) }),
    );

    expect(outcome.result).toBe('available');
    expect(creates).toHaveLength(1);
    expect((creates[0]?.[1] as EnvironmentSpec).airflowConfigurationOptions).toEqual(spec.airflowConfigurationOptions);
    expect(snapshots.length).toBeGreaterThan(3);
    expect(findNeedles(snapshots)).toEqual([]);
    expect(findNeedles(JSON.parse(JSON.stringify(snapshots)))).toEqual([]);
    expect(findNeedles(events)).toEqual([]);
    expect(findNeedles(outcome)).toEqual([]);
    const held = (snapshots.at(-1) as unknown as { context: { spec: EnvironmentSpec } }).context.spec.airflowConfigurationOptions ?? {};
    expect(Object.keys(held).sort()).toEqual(Object.keys(spec.airflowConfigurationOptions ?? {}).sort());
    for (const key of Object.keys(SECRETS)) expect(held[key]).toMatch(SECRET_HANDLE);
    // The caller's own input is not changed.
    expect(spec.airflowConfigurationOptions?.['core.fernet_key']).toBe(SECRETS['core.fernet_key']);
  });

  it('stops a restore whose vault lacks a value before any AWS call, naming the key', async () => {
    const sim = createSimulatedAws({ seed: 4 });
    const first = bindMachines(sim.ports(), { clock: sim.clock });
    const spec = secretSpec('restored');
    let saved: Snapshot<unknown> | undefined;
    // Saved at its first step, before the clock moved: nothing has reached the simulated AWS yet.
    const { actor, done } = startMachine(first.environment, { operation: 'create', region: REGION, spec }, { persist: (s) => (saved ??= s) });
    done.catch(() => undefined);
    actor.stop();
    expect(saved).toBeDefined();
    expect(findNeedles(saved)).toEqual([]);
    const callsBefore = sim.calls().length;

    // Another process: a new binding, a new (empty) vault, and an input that no longer carries the values.
    const second = bindMachines(sim.ports(), { clock: sim.clock });
    const { airflowConfigurationOptions: _dropped, ...bare } = spec;
    expect(() => startMachine(second.environment, { operation: 'create', region: REGION, spec: bare }, { snapshot: saved })).toThrow(MissingSecretError);
    expect(() => startMachine(second.environment, { operation: 'create', region: REGION, spec: bare }, { snapshot: saved })).toThrow(/core\.(sql_alchemy_conn|fernet_key)/);
    expect(sim.calls().length).toBe(callsBefore);

    // The same input refills the vault: the restored run creates with the clear values.
    const creates: unknown[][] = [];
    const third = bindMachines(recordedPorts(sim, creates), { clock: sim.clock });
    const outcome = await sim.clock.run(startMachine(third.environment, { operation: 'create', region: REGION, spec }, { snapshot: saved as Snapshot<unknown> }).done);
    expect(outcome.result).toBe('available');
    expect((creates[0]?.[1] as EnvironmentSpec).airflowConfigurationOptions).toEqual(spec.airflowConfigurationOptions);
  });

  it('fails a create whose handle cannot be resolved as invalid input, without sending it', async () => {
    const sim = createSimulatedAws({ seed: 5 });
    const creates: unknown[][] = [];
    const bound = bindMachines(recordedPorts(sim, creates), { clock: sim.clock });
    // Sealed into another vault: this binding's vault never received the values.
    const spec = sealInput(new SecretVault(), { region: REGION, spec: secretSpec('orphan') }).spec;
    const outcome = await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: REGION, spec }));
    expect(creates).toEqual([]);
    expect(outcome.result).not.toBe('available');
    expect(JSON.stringify(outcome)).toMatch(/core\.(sql_alchemy_conn|fernet_key)/);
  });
});

describe('sealInput', () => {
  it('replaces a value the input checks refuse by a stand-in they refuse for the same reason', async () => {
    const sim = createSimulatedAws({ seed: 6 });
    const bound = bindMachines(sim.ports(), { clock: sim.clock });
    const events: InspectionEvent[] = [];
    const spec = secretSpec('refused', { airflowConfigurationOptions: { 'core.password': 'p\u00e4ss-Hunter2-s3cr3t-Pw' } });
    const outcome = await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: REGION, spec }, { inspect: (e) => events.push(e) }));
    expect(outcome).toMatchObject({ result: 'invalidInput', message: expect.stringContaining('regular expression pattern') as unknown });
    expect(findNeedles(events)).toEqual([]);
    expect(sim.calls()).toEqual([]);
  });

  it('gives the same handle for the same place in every process, and never a digest of the value', () => {
    const a = sealInput(new SecretVault(), { region: REGION, spec: secretSpec('same') });
    const b = sealInput(new SecretVault(), { region: REGION, spec: secretSpec('same', { airflowConfigurationOptions: { 'core.fernet_key': 'another' } }) });
    expect(a.spec.airflowConfigurationOptions?.['core.fernet_key']).toBe(b.spec.airflowConfigurationOptions?.['core.fernet_key']);
    const other = sealInput(new SecretVault(), { region: 'us-east-1', spec: secretSpec('same') });
    expect(other.spec.airflowConfigurationOptions?.['core.fernet_key']).not.toBe(a.spec.airflowConfigurationOptions?.['core.fernet_key']);
  });

  it('leaves malformed input for the machine to refuse, and hides the vault from JSON', () => {
    const vault = new SecretVault();
    for (const input of [null, 7, 'x', { region: 3, spec: {} }, { environments: 'no' }]) expect(sealInput(vault, input)).toEqual(input);
    sealInput(vault, { region: REGION, spec: secretSpec('hidden') });
    expect(findNeedles(JSON.parse(JSON.stringify({ vault })))).toEqual([]);
  });
});

describe('a CLI run with secrets in the plan', () => {
  const planWithSecrets: PlanFile = {
    ...twoEnvironments,
    environments: twoEnvironments.environments.map((e) => ({ ...e, spec: secretSpec(e.spec.name) })),
  };

  it('writes no secret to the state file, the lock, any saved snapshot or the inspection events, and files are 0600', async () => {
    const dir = tmp();
    const statePath = join(dir, 'state.json');
    const sim = createSimulatedAws({ seed: 8 });
    const creates: unknown[][] = [];
    const ports = recordedPorts(sim, creates);
    const fileContents: string[] = [];
    const events: InspectionEvent[] = [];
    for (const command of ['apply', 'teardown'] as const) {
      const opened = openRunState(statePath, planWithSecrets, true);
      const state = {
        ...opened,
        path: opened.path,
        loaded: opened.loaded,
        save: (s: Parameters<typeof opened.save>[0]) => {
          opened.save(s);
          fileContents.push(...filesIn(dir).map((f) => f.text));
          for (const f of filesIn(dir)) expect({ path: f.path, mode: f.mode.toString(8) }).toEqual({ path: f.path, mode: '600' });
        },
      };
      try {
        await runAccount({ command, plan: planWithSecrets, ports, clock: sim.clock, virtualClock: sim.clock, state, inspect: (e) => events.push(e) });
      } finally {
        opened.release();
      }
    }
    expect(fileContents.length).toBeGreaterThan(10);
    expect(fileContents.filter((text) => findNeedles(text).length > 0)).toEqual([]);
    expect(findNeedles(events)).toEqual([]);
    expect(creates).toHaveLength(2);
    for (const call of creates) expect((call[1] as EnvironmentSpec).airflowConfigurationOptions).toMatchObject(SECRETS);
  });

  it('through main, leaves no secret in any file but the plan, the inspection log included', async () => {
    const dir = tmp();
    const planPath = writeJson(dir, 'plan.json', planWithSecrets);
    const state = join(dir, 'state.json');
    const log = join(dir, 'inspect.jsonl');
    const applied = await run('apply', '--plan', planPath, '--simulate', '--state', state, '--inspect-log', log, '--heartbeat', '0');
    expect(applied.code).toBe(0);
    expect(findNeedles([applied.stdout, applied.stderr])).toEqual([]);
    const written = filesIn(dir, ['plan.json']);
    expect(written.map((f) => f.path).sort()).toEqual([log, state].sort());
    for (const f of written) expect({ path: f.path, leaks: findNeedles(f.text) }).toEqual({ path: f.path, leaks: [] });
    expect(written.find((f) => f.path === state)?.mode).toBe(0o600);
  });
});
