// End-to-end check of `--inspect-port` on the built package, run by .ci/run: the bridge streams a
// machine's registration (with its definition) and snapshots to a client that comes from the
// Stately inspector's origin with the printed token, refuses a foreign origin and a missing token,
// and gives a client that connects late the definition too.
import WebSocket from 'ws';
import { createActor } from 'xstate';
import inspection from '../../dist/cli/inspection.js';
import lifecycle from '../../dist/index.js';

const INSPECTOR = 'https://stately.ai';
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};

/** Connects like a browser page of `origin`; resolves with the messages it will receive, or the refusing status. */
function connect(url, origin) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    const messages = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    socket.once('open', () => resolve({ socket, messages, status: 101 }));
    socket.once('error', (e) => resolve({ socket, messages, status: Number(/response: (\d+)/.exec(e.message)?.[1] ?? 0) }));
  });
}

const printed = [];
const live = await inspection.statelyInspection(0, (line) => printed.push(line));
const { bridge } = live;
check(bridge.host === '127.0.0.1', `the bridge listens on ${bridge.host}, not loopback`);
check(printed.some((line) => line.includes(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`)), 'the address with its token was not printed');

check((await connect(bridge.socketUrl, 'https://evil.example')).status === 403, 'a foreign origin was not refused');
check((await connect(`ws://127.0.0.1:${bridge.port}/`, INSPECTOR)).status === 401, 'a missing token was not refused');

const early = await connect(bridge.socketUrl, INSPECTOR);
check(early.status === 101, `the inspector's origin with the token was refused (${early.status})`);
const actor = createActor(lifecycle.serviceLinkedRoleMachine, { input: { operation: 'ensure', description: 'x'.repeat(1001) }, inspect: live.inspect });
actor.start();
await wait(500);
const late = await connect(bridge.socketUrl, INSPECTOR);
await wait(500);
await live.close();

const definitionIn = (messages) =>
  messages.some((m) => m.type === '@xstate.actor' && m.name === 'serviceLinkedRole' && JSON.parse(m.definition).id === 'serviceLinkedRole');
const types = new Set(early.messages.map((m) => m.type));
check(types.has('@xstate.actor') && types.has('@xstate.snapshot') && definitionIn(early.messages), `a connected client got ${[...types].join(', ')} without the role machine's definition`);
check(definitionIn(late.messages), 'a client that connected late did not get the definition');

if (failures.length > 0) {
  console.error(`inspector bridge: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`inspector bridge: ${early.messages.length} messages streamed (${[...types].join(', ')}), ${late.messages.length} replayed to a late client; foreign origin and missing token refused`);
process.exit(0);
