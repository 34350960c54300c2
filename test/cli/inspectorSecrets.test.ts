import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulatedAws } from '../../adapters/simulator';
import { REDACTED, redactSecrets, redactedJson } from '../../cli/redact';
import { runAccount } from '../../cli/runAccount';
import { statelyInspection } from '../../cli/inspection';
import type { PlanFile } from '../../cli/planFile';
import { specFor } from '../support/world';
import { run, tmp, writeJson } from './helpers';
import { connect, disconnect, quiet } from './inspectorClient';

const SECRET = 'postgresql://airflow:hunter2-s3cr3t@db.internal/airflow';

describe('redactSecrets', () => {
  it('replaces every value under an airflowConfigurationOptions key, at any depth and in any case', () => {
    const value = {
      spec: { name: 'a', airflowConfigurationOptions: { 'core.sql_alchemy_conn': SECRET, 'core.parallelism': '32' } },
      list: [{ deeper: { AirflowConfigurationOptions: { 'secrets.backend_kwargs': SECRET } } }],
      airflowconfigurationoptions: SECRET,
      kept: 'core.sql_alchemy_conn',
    };
    const redacted = redactSecrets(value);
    expect(redacted).toEqual({
      spec: { name: 'a', airflowConfigurationOptions: { 'core.sql_alchemy_conn': REDACTED, 'core.parallelism': REDACTED } },
      list: [{ deeper: { AirflowConfigurationOptions: { 'secrets.backend_kwargs': REDACTED } } }],
      airflowconfigurationoptions: REDACTED,
      kept: 'core.sql_alchemy_conn',
    });
    expect(value.spec.airflowConfigurationOptions['core.sql_alchemy_conn']).toBe(SECRET);
  });

  it('reads toJSON, drops functions and cuts cycles', () => {
    const cyclic: Record<string, unknown> = { when: new Date(0), fn: () => SECRET };
    cyclic['self'] = cyclic;
    expect(redactedJson(cyclic)).toBe('{"when":"1970-01-01T00:00:00.000Z","self":"[circular]"}');
  });
});

describe('a run with secrets in AirflowConfigurationOptions', () => {
  it('writes them to no run log, no viewer page and no inspector message', async () => {
    const dir = tmp();
    const plan: PlanFile = {
      regions: ['eu-west-1'],
      environments: [{ region: 'eu-west-1', spec: specFor('alpha', { airflowConfigurationOptions: { 'core.sql_alchemy_conn': SECRET } }) }],
    };
    const planFile = writeJson(dir, 'plan.json', plan);
    const log = join(dir, 'run.jsonl');

    // Live: a client connected from the start, and one that connects once the run is over.
    const inspection = await statelyInspection(0, () => undefined);
    const live = await connect(inspection.bridge.socketUrl);
    const sim = createSimulatedAws({ seed: 3 });
    const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, inspect: inspection.inspect };
    await runAccount({ ...common, command: 'apply' });
    await runAccount({ ...common, command: 'teardown' });
    const late = await connect(inspection.bridge.socketUrl);
    await quiet(live);
    await quiet(late);
    await Promise.all([disconnect(live), disconnect(late)]);
    await inspection.close();
    expect(live.raw.length).toBeGreaterThan(100);
    // The specs were sent, with their option names and the values masked.
    expect(live.raw.join('\n')).toContain('"core.sql_alchemy_conn":"***"');
    expect(live.raw.join('\n')).not.toContain('hunter2');
    expect(late.raw.join('\n')).not.toContain('hunter2');

    // Offline: the run log and the page made from it.
    expect((await run('apply', '--plan', planFile, '--simulate', '--inspect-log', log, '--heartbeat', '0')).code).toBe(0);
    expect((await run('view', log)).code).toBe(0);
    expect(readFileSync(log, 'utf8')).not.toContain('hunter2');
    expect(readFileSync(join(dir, 'run.html'), 'utf8')).not.toContain('hunter2');
  });
});
