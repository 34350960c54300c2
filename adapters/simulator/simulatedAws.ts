/**
 * {@link SimulatedAws}: a faithful in-memory MWAA + IAM + EC2 on virtual time, serving the same
 * ports as the real AWS adapter, plus the hooks tests and scenarios need (faults, plans, customer
 * actions) and what they observe (inventory, world events, call log).
 */
import type { AwsPorts, ManagedVpcEndpoint, NetworkInterface, ServiceLinkedRole } from '../port';
import { VirtualClock } from '../../domain/virtualClock';
import { Ec2Service, toEndpoint, toInterface, type CustomerEndpointInput, type CustomerInterfaceInput } from './ec2';
import { FaultBook } from './faults';
import { IamService, type ProtectedRoleAction, type RoleUpdate } from './iam';
import { MwaaService } from './mwaa';
import { createPorts, toServiceLinkedRole, type PortContext } from './ports';
import { RegionGate } from './regionGate';
import { runScheduledStep } from './stepRunner';
import { loadWorld, saveWorld, savedWorldProblem, type SavedSimulatorOptions, type SavedWorld, type WorldParts } from './worldState';
import type {
  CallRecord,
  DurationRange,
  EnvironmentPlan,
  FaultRule,
  PortOperation,
  ScriptedFailure,
  SimulatedInventory,
  SimulatorOptions,
  SimulatorTimings,
  WorldEvent,
} from './types';
import type { Uncertainty } from './uncertainty';
import { World, type LogCounts } from './world';

/**
 * A simulated AWS: MWAA environments, the MWAA service-linked role and the network resources MWAA
 * leaves in customer VPCs, all on one shared {@link VirtualClock}.
 *
 * @example
 * const sim = new SimulatedAws({ seed: 7 });
 * const { mwaa } = sim.ports();
 * await mwaa.createEnvironment('eu-west-1', spec);
 * await sim.clock.advance(40 * 60_000); // the environment is AVAILABLE now
 */
export class SimulatedAws {
  /** The clock the world runs on; pass the same clock to the machines. */
  readonly clock: VirtualClock;
  /** The default account of {@link SimulatedAws.ports}. */
  readonly accountId: string;
  /** The timings in force (defaults merged with the options). */
  readonly timings: Readonly<Required<SimulatorTimings>>;
  /**
   * The unverified behaviours in force (the `uncertainty` option resolved, deeply frozen); its
   * `deletedVisibility`, `cleanupAfterDelete` and `deletionTaskRetention` agree with {@link SimulatedAws.timings}.
   */
  readonly uncertainty: Uncertainty;
  private readonly ctx: PortContext;
  private readonly portsByAccount = new Map<string, AwsPorts>();
  /** The options as a saved world records them. */
  private readonly savedOptions: SavedSimulatorOptions;

  /**
   * A simulator that goes on from a world {@link SimulatedAws.save} gave, on a new clock set to
   * the saved virtual time. Throws a RangeError naming the problem when `saved` is not such a world.
   */
  static restore(saved: unknown): SimulatedAws {
    const problem = savedWorldProblem(saved);
    if (problem !== null) throw new RangeError(`cannot restore the simulated world: ${problem}`);
    const world = saved as SavedWorld;
    const { logLimit, ...options } = world.options;
    const sim = new SimulatedAws({ ...options, ...(logLimit === undefined ? {} : { logLimit: logLimit ?? Infinity }), clock: new VirtualClock({ start: world.now }) });
    loadWorld(sim.parts(), world);
    return sim;
  }

  constructor(options: SimulatorOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    const { clock: _clock, faults: _faults, rateLimits: _limits, logLimit, ...rest } = options;
    this.savedOptions = structuredClone({ ...rest, ...(logLimit === undefined ? {} : { logLimit: Number.isFinite(logLimit) ? logLimit : null }) });
    const world = new World({
      clock: this.clock,
      seed: options.seed ?? 1,
      ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
      ...(options.timings === undefined ? {} : { timings: options.timings }),
      ...(options.environmentQuota === undefined ? {} : { environmentQuota: options.environmentQuota }),
      ...(options.airflowVersions === undefined ? {} : { airflowVersions: options.airflowVersions }),
      ...(options.workerQuota === undefined ? {} : { workerQuota: options.workerQuota }),
      ...(options.uncertainty === undefined ? {} : { uncertainty: options.uncertainty }),
      ...(options.maintenance === undefined ? {} : { maintenance: options.maintenance }),
      ...(options.longTail === undefined ? {} : { longTail: options.longTail }),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
      ...(options.existingResources === undefined ? {} : { existingResources: options.existingResources }),
      ...(options.logLimit === undefined ? {} : { logLimit: options.logLimit }),
    });
    this.accountId = world.defaultAccountId;
    this.timings = world.timings;
    this.uncertainty = world.uncertainty;
    const iam = new IamService(world);
    const ec2 = new Ec2Service(world);
    const regions = new RegionGate(world);
    this.ctx = { world, faults: new FaultBook(world.rng.faults), iam, ec2, regions, mwaa: new MwaaService(world, iam, ec2) };
    const services = { world, mwaa: this.ctx.mwaa, iam, ec2 };
    world.steps.onStep((step) => runScheduledStep(services, step));
    for (const rule of options.faults ?? []) this.addFault(rule);
    if (options.rateLimits) this.ctx.faults.setRateLimits(options.rateLimits);
  }

  /** The port implementation for one account (created lazily; default: {@link SimulatedAws.accountId}). */
  ports(accountId: string = this.accountId): AwsPorts {
    let ports = this.portsByAccount.get(accountId);
    if (!ports) {
      this.ctx.world.account(accountId);
      ports = createPorts(this.ctx, accountId);
      this.portsByAccount.set(accountId, ports);
    }
    return ports;
  }

  /** Adds a random fault rule (throttling or 5xx at a rate). */
  addFault(rule: FaultRule): void {
    this.ctx.faults.addRule(rule);
  }

  /** Removes every fault rule and pending scripted failure. */
  clearFaults(): void {
    this.ctx.faults.clear();
  }

  /** Makes the next `times` (default 1) calls of an operation fail with exactly this wire error. */
  failNext(failure: ScriptedFailure): void {
    this.ctx.faults.script(failure);
  }

  /** Each call of `operation` (or of every operation without its own setting, `'*'`) takes this much virtual time. Default 0. */
  setLatency(operation: PortOperation | '*', range: DurationRange): void {
    this.ctx.faults.setLatency(operation, range);
  }

  /** Sets the outcome of the next create / update / delete of one environment (merged with an earlier plan). */
  planEnvironment(region: string, name: string, plan: EnvironmentPlan, accountId: string = this.accountId): void {
    this.ctx.mwaa.plan(this.ctx.world.account(accountId), region, name, plan);
  }

  /** The customer created the VPC endpoints of a CUSTOMER-managed environment: PENDING resumes and becomes AVAILABLE. */
  releasePendingEnvironment(region: string, name: string, accountId: string = this.accountId): void {
    this.ctx.mwaa.release(this.ctx.world.account(accountId), region, name);
  }

  /**
   * Attempts an edit of the SLR through another IAM action. UpdateRole with only a description
   * changes it (the role as IAM has it now); anything else IAM refuses (Unmodifiable, or NotFound
   * without a role).
   */
  async modifyRole(accountId: string = this.accountId, action: ProtectedRoleAction = 'UpdateAssumeRolePolicy', update?: RoleUpdate): Promise<ServiceLinkedRole> {
    return structuredClone(toServiceLinkedRole(this.ctx.iam.modify(this.ctx.world.account(accountId), action, update)));
  }

  /** Declares that these subnets belong to `vpcId` (otherwise a VPC id is derived from an environment's first subnet). */
  registerSubnets(vpcId: string, subnetIds: string[], accountId: string = this.accountId): void {
    this.ctx.ec2.registerSubnets(this.ctx.world.account(accountId), vpcId, subnetIds);
  }

  /** A VPC endpoint made by the customer, outside MWAA (untagged unless `tags` says otherwise). */
  createVpcEndpoint(region: string, input: CustomerEndpointInput, accountId: string = this.accountId): ManagedVpcEndpoint {
    return this.ctx.ec2.createCustomerEndpoint(this.ctx.world.account(accountId), region, input);
  }

  /** A network interface made by the customer, outside MWAA. */
  createNetworkInterface(region: string, input: CustomerInterfaceInput, accountId: string = this.accountId): NetworkInterface {
    return this.ctx.ec2.createCustomerInterface(this.ctx.world.account(accountId), region, input);
  }

  /** Every resource that exists in the account now, as deep copies. */
  inventory(accountId: string = this.accountId): SimulatedInventory {
    const account = this.ctx.world.account(accountId);
    const owner = <T extends { region: string; environmentName: string; orphaned: boolean }>(r: T) => ({
      region: r.region,
      environmentName: r.environmentName,
      orphaned: r.orphaned,
    });
    return structuredClone({
      serviceLinkedRole: account.role ? toServiceLinkedRole(account.role) : null,
      environments: [...account.environments.values()].map((e) => ({ region: e.region, name: e.name, arn: e.arn, status: e.status })),
      vpcEndpoints: [...account.endpoints.values()].map((e) => ({ ...toEndpoint(e), ...owner(e) })),
      networkInterfaces: [...account.interfaces.values()].map((n) => ({ ...toInterface(n), ...owner(n) })),
      deletionTasks: [...account.tasks.values()].map((t) => ({ id: t.id, status: t.status })),
    });
  }

  /** The time-stamped log of world changes, oldest first (the latest `logLimit` of them). */
  events(): WorldEvent[] {
    return this.ctx.world.events();
  }

  /** The port calls served, in the order they took effect (the latest `logLimit` of them). */
  calls(): CallRecord[] {
    return this.ctx.world.calls();
  }

  /** How many events and calls were ever logged, dropped ones included. */
  logCounts(): LogCounts {
    return this.ctx.world.logCounts();
  }

  /**
   * The whole world as JSON-ready data, for {@link SimulatedAws.restore}: options, virtual time,
   * random streams, every record, scheduled steps, faults and logs. Calls in flight are not part
   * of it: their callers retry them against the restored world. `logs: false` leaves out the
   * kept log entries (their counts stay), for a world saved after every step of a long run.
   */
  save(options: { logs?: boolean } = {}): SavedWorld {
    return saveWorld(this.parts(), this.savedOptions, options.logs !== false);
  }

  private parts(): WorldParts {
    return { world: this.ctx.world, faults: this.ctx.faults, ec2: this.ctx.ec2 };
  }
}

/** Creates a {@link SimulatedAws}. */
export function createSimulatedAws(options?: SimulatorOptions): SimulatedAws {
  return new SimulatedAws(options);
}
