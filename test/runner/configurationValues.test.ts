/**
 * The runner keeps lifecycle inputs in its database, so it refuses any that carry Airflow
 * configuration values, before anything is written; the role's deletion gate keeps only the
 * environments' networks.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import { ConfigurationValuesRefusedError, lifecyclesOfPlan, refuseConfigurationValues } from '../../runner';
import { tmp } from '../cli/helpers';
import { spec } from './support';

const secretSpec = { ...spec('alpha'), airflowConfigurationOptions: { 'smtp.smtp_password': 'hunter2' } };
const plan = { regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: secretSpec }] };

describe('Airflow configuration values and the runner', () => {
  it('refuses a create that carries them, naming the environment and the keys but not the values', () => {
    const requests = lifecyclesOfPlan(plan, { intent: 'apply' });
    expect(() => refuseConfigurationValues(requests)).toThrow(ConfigurationValuesRefusedError);
    expect(() => refuseConfigurationValues(requests)).toThrow(/alpha: .*smtp\.smtp_password/);
    expect(() => refuseConfigurationValues(requests)).not.toThrow(/hunter2/);
  });

  it('refuses an update that carries them', () => {
    expect(() =>
      refuseConfigurationValues([{ kind: 'environment', account: '123456789012', input: { operation: 'update', region: 'eu-west-1', update: { name: 'alpha', airflowConfigurationOptions: { 'a.b': 'c' } } } }]),
    ).toThrow(/alpha/);
  });

  it('gives the deletion gate the networks without any configuration, so a teardown of the same plan is taken', () => {
    const requests = lifecyclesOfPlan(plan, { intent: 'teardown' });
    expect(() => refuseConfigurationValues(requests)).not.toThrow();
    expect(JSON.stringify(requests)).not.toContain('hunter2');
    const gate = requests.find((r) => r.kind === 'gate');
    expect(gate?.kind === 'gate' ? gate.input.environments?.[0]?.spec.networkConfiguration : null).toEqual(secretSpec.networkConfiguration);
  });

  it('makes `submit` exit 2 before the database is opened', async () => {
    const dir = join(tmp(), 'runner');
    const file = join(tmp(), 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    const io = memoryIo();
    expect(await main(['submit', '--plan', file, '--runner-dir', dir], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('never stores Airflow configuration values');
    expect(io.stderr.join('\n')).not.toContain('hunter2');
    expect(() => readdirSync(dir)).toThrow();
  });
});
