/**
 * The real SDK adapter with a recorder on every client: MWAA and IAM go over the wire to the
 * simulator's HTTP fronts (test/wire), EC2 to an in-process client answering from the simulator's
 * network port. Every command the adapter sends is recorded with its input and region, and the
 * virtual clock only moves while no request is on the wire, so the whole lifecycle runs on
 * virtual time without a request ever outliving its (virtual) timeout.
 */
import { MWAAClient } from '@aws-sdk/client-mwaa';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Filter } from '@aws-sdk/client-ec2';
import { createAwsPorts, type AwsAdapter, type Ec2ClientLike } from '../../../adapters/aws';
import type { SimulatedAws } from '../../../adapters/simulator';
import { startSimulatorWire, WIRE_CREDENTIALS, type SimulatorWire } from '../../wire/simulatorWire';

/** One command as the adapter sent it. */
export interface SentCommand {
  command: string;
  input: Record<string, unknown>;
  region: string;
}

/** The recording adapter, its log, and the way to run work on virtual time. */
export interface RecordingAws {
  wire: SimulatorWire;
  adapter: AwsAdapter;
  sent: SentCommand[];
  /** Runs `work` to its end, moving the simulator's clock only while nothing is on the wire. */
  drive<T>(work: Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Stack {
  add(mw: (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: object }) => Promise<unknown>, options: { step: 'initialize'; name: string; priority: 'high' }): void;
}

/** EC2 answers in the SDK's shapes, from the simulator's network port. */
async function ec2Answer(sim: SimulatedAws, region: string, command: string, input: Record<string, unknown>): Promise<unknown> {
  const network = sim.ports().network;
  if (command === 'DescribeRegionsCommand') {
    return { Regions: (await network.listRegions()).map((r) => ({ RegionName: r.region, OptInStatus: r.optInStatus })) };
  }
  if (command === 'DescribeVpcEndpointsCommand') {
    const endpoints = await network.listManagedVpcEndpoints(region);
    return {
      VpcEndpoints: endpoints.map((e) => ({
        VpcEndpointId: e.vpcEndpointId,
        VpcId: e.vpcId,
        ServiceName: e.serviceName,
        State: e.state,
        SubnetIds: e.subnetIds,
        Groups: e.securityGroupIds.map((GroupId) => ({ GroupId })),
        NetworkInterfaceIds: e.networkInterfaceIds,
        Tags: Object.entries(e.tags).map(([Key, Value]) => ({ Key, Value })),
      })),
    };
  }
  if (command === 'DescribeNetworkInterfacesCommand') {
    const values = (name: string): string[] | undefined => ((input['Filters'] ?? []) as Filter[]).find((f) => f.Name === name)?.Values;
    const filter = Object.fromEntries(
      (
        [
          ['ids', values('network-interface-id')],
          ['vpcIds', values('vpc-id')],
          ['subnetIds', values('subnet-id')],
          ['securityGroupIds', values('group-id')],
        ] as const
      ).filter(([, v]) => v !== undefined),
    );
    const found = await network.listNetworkInterfaces(region, filter);
    return {
      NetworkInterfaces: found.map((n) => ({
        NetworkInterfaceId: n.networkInterfaceId,
        VpcId: n.vpcId,
        SubnetId: n.subnetId,
        Groups: n.securityGroupIds.map((GroupId) => ({ GroupId })),
        Status: n.status,
        InterfaceType: n.interfaceType,
        Description: n.description,
        RequesterManaged: n.requesterManaged,
        TagSet: Object.entries(n.tags).map(([Key, Value]) => ({ Key, Value })),
      })),
    };
  }
  throw new Error(`the EC2 stand-in does not answer ${command}`);
}

/** Starts the fronts over a fresh simulator and builds the recording adapter on them. */
export async function startRecordingAws(): Promise<RecordingAws> {
  const wire = await startSimulatorWire({ seed: 11 });
  const sent: SentCommand[] = [];
  let onWire = 0;
  const recorded = <C extends { middlewareStack: unknown }>(client: C, region: string): C => {
    (client.middlewareStack as Stack).add(
      (next, context) => async (args) => {
        sent.push({ command: context.commandName ?? '?', input: { ...(args.input as Record<string, unknown>) }, region });
        onWire += 1;
        try {
          return await next(args);
        } finally {
          onWire -= 1;
        }
      },
      { step: 'initialize', name: 'policyProofRecorder', priority: 'high' },
    );
    return client;
  };
  const ec2 = (region: string): Ec2ClientLike =>
    ({
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push({ command: command.constructor.name, input: { ...command.input }, region });
        return ec2Answer(wire.sim, region, command.constructor.name, command.input);
      },
    });
  const owned: Array<{ destroy(): void }> = [];
  const own = <C extends { destroy(): void }>(c: C): C => (owned.push(c), c);
  const adapter = createAwsPorts({
    region: 'us-east-1',
    clients: {
      mwaa: (region) => recorded(own(new MWAAClient({ region, endpoint: wire.mwaa.url, disableHostPrefix: true, credentials: WIRE_CREDENTIALS, maxAttempts: 1 })), region),
      iam: recorded(own(new IAMClient({ region: 'us-east-1', endpoint: wire.iam.url, credentials: WIRE_CREDENTIALS, maxAttempts: 1 })), 'us-east-1'),
      ec2,
    },
  });
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  return {
    wire,
    adapter,
    sent,
    async drive<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      void work.then(
        () => (settled = true),
        () => (settled = true),
      );
      const clock = wire.sim.clock;
      for (;;) {
        // Real sockets first: the clock waits until nothing has been on the wire for a few turns.
        for (let quiet = 0; quiet < 4 && !settled; ) {
          await turn();
          quiet = onWire === 0 ? quiet + 1 : 0;
        }
        if (settled) return work;
        const next = clock.nextTimerAt();
        if (next === null) throw new Error('nothing is scheduled and the work is still pending');
        await clock.advanceTo(next);
      }
    },
    async close() {
      adapter.destroy();
      for (const client of owned) client.destroy();
      await wire.close();
    },
  };
}
