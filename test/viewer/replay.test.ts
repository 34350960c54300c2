import { machineGraph } from '../../diagram';
import { accountMachine, environmentMachine, serviceLinkedRoleMachine } from '../../machines';
import { activeStateIds, parseRunLog, replay, RUN_LOG_VERSION, RunLogError, stateText, type RunLog } from '../../viewer';
import { recordDemo } from './demoLog';

let text = '';
let log: RunLog;

beforeAll(async () => {
  text = (await recordDemo()).text;
  log = parseRunLog(text);
});

describe('the run log', () => {
  it('opens with the definitions of the three machines, as they are now', () => {
    expect(log.header.version).toBe(RUN_LOG_VERSION);
    for (const machine of [environmentMachine, serviceLinkedRoleMachine, accountMachine]) {
      expect(log.header.machines[machine.id]).toEqual(machineGraph(machine));
    }
  });

  it('tells each event’s actor, its parent and kind, on both clocks', () => {
    const sessions = new Set<string>();
    const problems: string[] = [];
    let at = log.header.at;
    log.events.forEach((event, line) => {
      if (event.type === '@xstate.actor') {
        if (event.parent !== null && !sessions.has(event.parent)) problems.push(`${line}: unknown parent ${event.parent}`);
        sessions.add(event.session);
      } else if (!sessions.has(event.session)) problems.push(`${line}: unknown session ${event.session}`);
      if (event.at < at) problems.push(`${line}: time went back`);
      at = event.at;
    });
    expect(problems).toEqual([]);
    const kinds = new Set(log.events.map((event) => event.kind));
    for (const kind of ['account', 'serviceLinkedRole', 'environment']) expect(kinds.has(kind)).toBe(true);
    const environmentSnapshot = log.events.find((event) => event.type === '@xstate.snapshot' && event.kind === 'environment' && event.context);
    expect(environmentSnapshot?.context).toEqual({ environment: expect.objectContaining({ key: expect.stringMatching(/^[a-z0-9-]+\/\w+$/) as unknown }) as unknown });
    // Virtual time runs hours ahead of the wall clock on the simulator.
    const last = log.events[log.events.length - 1]!;
    expect(last.at - log.header.at).toBeGreaterThan(3600_000);
    expect(last.real - log.header.real).toBeLessThan(60_000);
  });

  it('is refused when it is not a run log, and read when its last line was cut short', () => {
    const [header, ...rest] = text.trim().split('\n');
    expect(() => parseRunLog('')).toThrow(RunLogError);
    expect(() => parseRunLog('{"type":"@xstate.actor"}\n')).toThrow('line 1 is not the header of a run log');
    expect(() => parseRunLog(header!.replace(`"version":${RUN_LOG_VERSION}`, '"version":99'))).toThrow('format version 99');
    expect(() => parseRunLog([header, '{"type":1}', rest[0]].join('\n'))).toThrow('line 2 is not an inspection event');
    expect(() => parseRunLog([header, 'oops', rest[0]].join('\n'))).toThrow('line 2 is not JSON');
    expect(parseRunLog([header, rest[0], rest[1]!.slice(0, 20)].join('\n')).events).toHaveLength(1);
  });
});

describe('the replay', () => {
  it('takes a frame whenever what is shown changes, from the first state to the end', () => {
    const { frames } = replay(log);
    expect(frames.length).toBeGreaterThan(20);
    expect(frames.length).toBeLessThan(log.events.length / 4);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.at).toBeGreaterThanOrEqual(frames[i - 1]!.at);
    const first = frames.find((frame) => frame.account !== null);
    expect(first?.account?.state).toBe(stateText(log.events.find((e) => e.kind === 'account' && e.type === '@xstate.snapshot')?.value));
    const last = frames[frames.length - 1]!;
    expect(last.active).toEqual({});
    expect(last.account?.result).toBe('roleDeleted');
    expect(last.role?.result).toBe('deleted');
    expect(last.environments.map((e) => [e.key, e.result])).toEqual([
      ['eu-west-1/analytics', 'deleted'],
      ['eu-west-1/reporting', 'deleted'],
      ['us-east-1/ingest', 'deleted'],
    ]);
  });

  it('shows what blocks the role while someone else’s environment still uses it', () => {
    const blocked = replay(log).frames.filter((frame) => frame.account?.blockers.some((b) => b.id === 'legacy' && b.kind === 'environment'));
    expect(blocked.length).toBeGreaterThan(1);
    for (const frame of blocked) {
      expect(frame.role?.result).not.toBe('deleted');
      expect(frame.account?.blockers).toContainEqual({ region: 'ap-southeast-2', kind: 'environment', id: 'legacy', status: expect.stringMatching(/^(AVAILABLE|DELETING|DELETED)$/) as unknown });
    }
  });

  it('highlights the states of running actors, by the ids of the diagram', () => {
    const graph = machineGraph(accountMachine);
    const { frames } = replay(log);
    const running = frames.find((frame) => frame.actors.some((a) => a.label === 'account' && a.status === 'active' && a.state.includes('.')))!;
    const account = running.actors.find((a) => a.label === 'account')!;
    const [outer, inner] = account.state.split('.');
    expect(running.active['account']).toEqual([`account.${outer}`, `account.${outer}.${inner}`]);
    expect(activeStateIds(graph, { [outer!]: inner })).toEqual(running.active['account']);
    expect(activeStateIds(graph, 'noSuchState')).toEqual([]);
  });
});
