/**
 * The wire harness the wire tests share: the product's endpoint (`server/`) for the whole file,
 * a fresh simulator per test behind it, and the real SDK adapter pointed at it for all three
 * services. The endpoint's clock is manual: tests move virtual time themselves.
 */
import { createAwsPorts, type AwsAdapter, type AwsPortsOptions } from '../../adapters/aws';
import type { EnvironmentSpec } from '../../adapters/port';
import { SimulatedAws, type SimulatorOptions } from '../../adapters/simulator';
import { ServedWorld, startServer, type RunningServer, type WireRequest } from '../../server';

/** Dummy static credentials: the endpoint reads the SigV4 scope, never checks the signature. */
export const WIRE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

const NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** One service as seen on the endpoint: its URL (the endpoint's) and the requests signed for it. */
export interface WireFront {
  url: string;
  readonly requests: readonly WireRequest[];
}

/** The endpoint of one test file, and the simulator currently behind it. */
export interface SimulatorWire {
  /** The simulator of the current test; replaced by {@link SimulatorWire.reset}. */
  readonly sim: SimulatedAws;
  /** The endpoint's URL. */
  url: string;
  /** The running endpoint. */
  server: RunningServer;
  /** Every AWS request served so far, oldest first. */
  readonly requests: readonly WireRequest[];
  /** MWAA's view (requests signed for `airflow`). */
  mwaa: WireFront;
  /** IAM's view. */
  iam: WireFront;
  /** EC2's view. */
  ec2: WireFront;
  /** A fresh simulator behind the same endpoint. */
  reset(options?: SimulatorOptions): SimulatedAws;
  /** The real SDK adapter on the endpoint (MaxAttempts 1 unless `extra` says otherwise: a retry would hide the first answer). */
  adapter(extra?: Omit<AwsPortsOptions, 'endpoints' | 'credentials' | 'clients'>): AwsAdapter;
  /** Stops the endpoint. */
  close(): Promise<void>;
}

/** Starts the endpoint over a fresh simulator (seed 42 unless `options` says otherwise). */
export async function startSimulatorWire(options: SimulatorOptions = { seed: 42 }): Promise<SimulatorWire> {
  // The SDK's Node 20 end-of-support notice is noise here; restored on close.
  const savedWarning = process.env[NODE_WARNING_ENV];
  process.env[NODE_WARNING_ENV] = 'true';
  const world = ServedWorld.of(new SimulatedAws(options));
  const requests: WireRequest[] = [];
  const server = await startServer({ port: 0, world, clock: { kind: 'manual' }, observe: (r) => requests.push(r) });
  const front = (service: string): WireFront => ({
    url: server.url,
    get requests() {
      return requests.filter((r) => r.scope?.service === service);
    },
  });
  return {
    get sim() {
      return world.sim;
    },
    url: server.url,
    server,
    requests,
    mwaa: front('airflow'),
    iam: front('iam'),
    ec2: front('ec2'),
    reset(next = options) {
      world.use(new SimulatedAws(next));
      return world.sim;
    },
    adapter: (extra = {}) =>
      createAwsPorts({
        region: 'us-east-1',
        maxAttempts: 1,
        ...extra,
        endpoints: { mwaa: server.url, iam: server.url, ec2: server.url },
        credentials: WIRE_CREDENTIALS,
      }),
    close: async () => {
      await server.close();
      if (savedWarning === undefined) delete process.env[NODE_WARNING_ENV];
      else process.env[NODE_WARNING_ENV] = savedWarning;
    },
  };
}

/**
 * Polls `probe` over the wire and, between probes, moves the simulator's virtual clock to its
 * next timer (the next moment the simulated world can change), bounded by `timeoutMs` virtual ms.
 */
export async function waitInVirtualTime<T>(
  sim: SimulatedAws,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const { clock } = sim;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (clock.now() >= deadline) throw new Error(`condition not met within ${timeoutMs} virtual ms`);
    await clock.advanceTo(Math.min(clock.nextTimerAt() ?? deadline, deadline));
  }
}

/** A spec the simulator accepts, for an environment called `name`. */
export function wireSpec(name: string): EnvironmentSpec {
  return {
    name,
    executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
    sourceBucketArn: 'arn:aws:s3:::wire-dags',
    dagS3Path: 'dags',
    networkConfiguration: { subnetIds: ['subnet-0aaa', 'subnet-0bbb'], securityGroupIds: ['sg-0ccc'] },
  };
}

/** What {@link useSimulatorWire} gives a test file: the endpoint, and the adapter of the current test. */
export interface WireFixture {
  readonly wire: SimulatorWire;
  readonly aws: AwsAdapter;
  /** Replaces the current test's simulator (and adapter) with one made from `options`. */
  restart(options: SimulatorOptions): void;
}

/**
 * Registers the jest hooks of a wire test file: the endpoint for the whole file, and a fresh
 * simulator and adapter for each test.
 */
export function useSimulatorWire(): WireFixture {
  let wire: SimulatorWire | undefined;
  let aws: AwsAdapter | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only available inside a test`);
    return value;
  };
  beforeAll(async () => {
    wire = await startSimulatorWire();
  });
  afterAll(async () => {
    await wire?.close();
  });
  beforeEach(() => {
    need(wire, 'the wire').reset();
    aws = need(wire, 'the wire').adapter();
  });
  afterEach(() => {
    aws?.destroy();
    aws = undefined;
  });
  return {
    get wire() {
      return need(wire, 'the wire');
    },
    get aws() {
      return need(aws, 'the adapter');
    },
    restart(options) {
      aws?.destroy();
      need(wire, 'the wire').reset(options);
      aws = need(wire, 'the wire').adapter();
    },
  };
}
