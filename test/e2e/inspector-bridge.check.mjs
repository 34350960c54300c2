// End-to-end check of `--inspect-port`, run by .ci/run on the built package: the bridge must relay
// a machine's inspection events to a WebSocket client, as it does to the Stately inspector UI.
// (Jest runs CommonJS and cannot load the ESM-only @statelyai/inspect, hence a plain Node script.)
import { createWebSocketReceiver } from '@statelyai/inspect';
import { createActor } from 'xstate';
import inspection from '../../dist/cli/inspection.js';
import lifecycle from '../../dist/index.js';

const port = 20000 + Math.floor(Math.random() * 20000);
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const bridge = await inspection.statelyInspection(port, () => undefined);
await wait(300);
const received = [];
createWebSocketReceiver({ server: `ws://localhost:${port}` }).subscribe((event) => received.push(event));
await wait(500);

const actor = createActor(lifecycle.serviceLinkedRoleMachine, { input: { operation: 'ensure', description: 'x'.repeat(1001) }, inspect: bridge.inspect });
actor.start();
await wait(1500);
await bridge.close();

const types = new Set(received.map((e) => e.type));
const sawMachine = received.some((e) => e.type === '@xstate.actor' && JSON.stringify(e).includes('serviceLinkedRole'));
if (!types.has('@xstate.actor') || !types.has('@xstate.snapshot') || !sawMachine) {
  console.error(`inspector bridge relayed ${received.length} events of types ${[...types].join(', ')}; expected the role machine's actor and snapshot events`);
  process.exit(1);
}
console.log(`inspector bridge: ${received.length} events relayed (${[...types].join(', ')})`);
process.exit(0);
