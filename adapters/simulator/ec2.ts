/**
 * Simulated EC2, as far as MWAA touches it: the tagged VPC endpoints and the interfaces MWAA
 * creates for an environment (shaped by the `interfaces` uncertainty), and customer-made ones.
 * Their cleanup after the environment is gone is in cleanup.ts.
 */
import { duplicateSubnetMessage, subnetsInDifferentVpcsMessage } from '../../domain/awsMessages';
import {
  SERVICE_LINKED_ROLE,
  WebserverAccessMode,
  type ManagedVpcEndpoint,
  type NetworkInterface,
  type NetworkInterfaceFilter,
} from '../port';
import { cleanUpAfter, endLinger } from './cleanup';
import type { EnvironmentRef } from './scheduledSteps';
import { endpointsOwnedBy, interfacesMatching, interfacesOwnedBy, managedEndpointsIn } from './ec2Tables';
import { endpointRecord, interfaceRecord } from './ec2Records';
import { derivedId } from './random';
import { WorldEventKind, type JsonValue } from './types';
import type { AccountState, EndpointRecord, EnvironmentRecord, InterfaceRecord, Ownership, World } from './world';

/** The value MWAA puts on its tag is UNVERIFIED; only the key matters to filters. */
const MANAGED_TAG_VALUE = 'true';

/** A VPC endpoint the customer makes (CUSTOMER endpoint management, or any other endpoint). */
export interface CustomerEndpointInput {
  subnetIds: string[];
  securityGroupIds: string[];
  /** Default: the VPC of the first subnet. */
  vpcId?: string;
  /** Default: a made-up `com.amazonaws.vpce.<region>.vpce-svc-...`. */
  serviceName?: string;
  tags?: Record<string, string>;
}

/** A network interface the customer makes. */
export interface CustomerInterfaceInput {
  subnetId: string;
  securityGroupIds: string[];
  vpcId?: string;
  description?: string;
  /** Default `interface`. */
  interfaceType?: string;
  /** Default `in-use`. */
  status?: string;
}

const CUSTOMER: Omit<Ownership, 'region'> = { environmentName: '', ownerInstanceId: null, orphaned: false };

/** The EC2 side of the simulator. */
export class Ec2Service {
  /** Per account, the subnets whose VPC was registered, not derived: only these can conflict. */
  private readonly registered = new WeakMap<AccountState, Map<string, string>>();

  constructor(private readonly world: World) {}

  /** Registers subnets as belonging to `vpcId` (otherwise a VPC id is derived from the first subnet). */
  registerSubnets(account: AccountState, vpcId: string, subnetIds: readonly string[]): void {
    const known = this.registered.get(account) ?? new Map<string, string>();
    this.registered.set(account, known);
    for (const subnet of subnetIds) {
      account.subnetVpc.set(subnet, vpcId);
      known.set(subnet, vpcId);
    }
  }

  /** The subnets registered in `account` with their VPCs, to save them. */
  registeredSubnets(account: AccountState): [string, string][] {
    return [...(this.registered.get(account) ?? new Map<string, string>()).entries()];
  }

  /**
   * Why CreateEnvironment refuses these subnets, or `null`: a subnet named twice, or subnets whose
   * VPCs, as {@link Ec2Service.registerSubnets} gave them, differ. Subnets with no registered VPC
   * join their partner's, so they never conflict.
   */
  subnetProblem(account: AccountState, subnetIds: readonly string[]): string | null {
    const twice = subnetIds.find((subnet, i) => subnetIds.indexOf(subnet) !== i);
    if (twice !== undefined) return duplicateSubnetMessage(twice);
    const known = this.registered.get(account);
    const vpcs = [...new Set(subnetIds.flatMap((subnet) => known?.get(subnet) ?? []))];
    return vpcs.length > 1 ? subnetsInDifferentVpcsMessage(vpcs) : null;
  }

  /** The VPC of a set of subnets: the registered VPC of the first, else one derived from its id. */
  vpcOf(account: AccountState, subnetIds: readonly string[]): string {
    const firstSubnet = subnetIds[0] ?? 'subnet-none';
    const vpcId = account.subnetVpc.get(firstSubnet) ?? derivedId('vpc', firstSubnet);
    // Unknown subnets join the VPC of their partner, so all of an environment's subnets agree.
    for (const subnet of subnetIds) if (!account.subnetVpc.has(subnet)) account.subnetVpc.set(subnet, vpcId);
    return vpcId;
  }

  /** A new endpoint service name for `region`. */
  newServiceName(region: string): string {
    return this.world.rng.ids.id(`com.amazonaws.vpce.${region}.vpce-svc-`, 17);
  }

  /** What MWAA creates once an environment's creation is under way. */
  provision(account: AccountState, env: EnvironmentRecord): void {
    const owner: Ownership = { region: env.region, environmentName: env.name, ownerInstanceId: env.instanceId, orphaned: false };
    const { subnetIds, securityGroupIds } = env.spec.networkConfiguration;
    if (env.spec.endpointManagement !== 'CUSTOMER') {
      const services = [env.databaseVpcEndpointService];
      const mode = env.spec.webserverAccessMode ?? WebserverAccessMode.PRIVATE_ONLY;
      if (mode !== WebserverAccessMode.PUBLIC_ONLY && env.webserverVpcEndpointService) services.push(env.webserverVpcEndpointService);
      for (const serviceName of services) {
        this.addEndpoint(account, owner, {
          vpcId: env.vpcId,
          subnetIds,
          securityGroupIds,
          serviceName,
          tags: { [SERVICE_LINKED_ROLE.managedTagKey]: MANAGED_TAG_VALUE },
        });
      }
    }
    // The environment's own (Fargate) interfaces: untagged, one per subnet, shaped as the uncertainty says.
    const shape = this.world.uncertainty.interfaces;
    for (const subnetId of subnetIds) {
      this.addInterface(account, owner, {
        vpcId: env.vpcId,
        subnetId,
        securityGroupIds: [...securityGroupIds],
        status: 'in-use',
        interfaceType: shape.interfaceType,
        description: shape.description === 'named' ? `Amazon MWAA environment ${env.name}` : '',
        requesterManaged: shape.requesterManaged,
        tags: {},
      });
    }
  }

  /** Applies an environment's new security groups to what MWAA made for it. */
  updateSecurityGroups(account: AccountState, env: EnvironmentRecord): void {
    const groups = env.spec.networkConfiguration.securityGroupIds;
    for (const resource of [...endpointsOwnedBy(account.endpoints, env.instanceId), ...interfacesOwnedBy(account.interfaces, env.instanceId)]) {
      resource.securityGroupIds = [...groups];
    }
  }

  /** The post-deletion cleanup of one environment incarnation, done through the SLR (see cleanup.ts). */
  cleanup(account: AccountState, env: EnvironmentRef): void {
    cleanUpAfter(this.world, account, env);
  }

  /** The end of a cleanup's interface linger (see cleanup.ts). */
  endLinger(account: AccountState, env: EnvironmentRef, interfaceIds: readonly string[], detail: { [key: string]: JsonValue }): void {
    endLinger(this.world, account, env, interfaceIds, detail);
  }

  /** DescribeVpcEndpoints with `tag-key=AmazonMWAAManaged` (and `vpc-id` when `vpcIds` is given), skipping deleted ones; reads only the region's (or those VPCs') endpoints. */
  listManagedEndpoints(account: AccountState, region: string, vpcIds?: readonly string[]): ManagedVpcEndpoint[] {
    return managedEndpointsIn(account.endpoints, region, vpcIds).map(toEndpoint);
  }

  /** DescribeNetworkInterfaces: separate filters ANDed, values within one filter ORed; reads only the candidates its filter's index gives. */
  listInterfaces(account: AccountState, region: string, filter: NetworkInterfaceFilter): NetworkInterface[] {
    return interfacesMatching(account.interfaces, region, filter).map(toInterface);
  }

  /** A customer-made endpoint, with one requester-managed interface per subnet. */
  createCustomerEndpoint(account: AccountState, region: string, input: CustomerEndpointInput): ManagedVpcEndpoint {
    const vpcId = input.vpcId ?? this.vpcOf(account, input.subnetIds);
    if (input.vpcId) this.registerSubnets(account, input.vpcId, input.subnetIds.filter((s) => !account.subnetVpc.has(s)));
    return toEndpoint(
      this.addEndpoint(account, { ...CUSTOMER, region }, {
        vpcId,
        subnetIds: input.subnetIds,
        securityGroupIds: input.securityGroupIds,
        serviceName: input.serviceName ?? this.newServiceName(region),
        tags: input.tags ?? {},
      }),
    );
  }

  /** A customer-made network interface. */
  createCustomerInterface(account: AccountState, region: string, input: CustomerInterfaceInput): NetworkInterface {
    const vpcId = input.vpcId ?? this.vpcOf(account, [input.subnetId]);
    return toInterface(
      this.addInterface(account, { ...CUSTOMER, region }, {
        vpcId,
        subnetId: input.subnetId,
        securityGroupIds: [...input.securityGroupIds],
        status: input.status ?? 'in-use',
        interfaceType: input.interfaceType ?? 'interface',
        description: input.description ?? '',
        requesterManaged: false,
        tags: {},
      }),
    );
  }

  private addEndpoint(
    account: AccountState,
    owner: Ownership,
    input: { vpcId: string; subnetIds: string[]; securityGroupIds: string[]; serviceName: string; tags: Record<string, string> },
  ): EndpointRecord {
    const vpcEndpointId = this.world.rng.ids.id('vpce-', 17);
    const interfaces = input.subnetIds.map((subnetId) =>
      this.addInterface(account, owner, {
        vpcId: input.vpcId,
        subnetId,
        securityGroupIds: [...input.securityGroupIds],
        status: 'in-use',
        interfaceType: 'vpc_endpoint',
        description: `VPC Endpoint Interface ${vpcEndpointId}`,
        requesterManaged: true,
        tags: {},
      }),
    );
    const endpoint = endpointRecord(owner, vpcEndpointId, {
      vpcId: input.vpcId,
      serviceName: input.serviceName,
      state: 'available',
      subnetIds: [...input.subnetIds],
      securityGroupIds: [...input.securityGroupIds],
      networkInterfaceIds: interfaces.map((n) => n.networkInterfaceId),
      tags: { ...input.tags },
    });
    account.endpoints.set(vpcEndpointId, endpoint);
    this.world.emit(account.id, WorldEventKind.endpointCreated, {
      region: owner.region,
      ...(owner.environmentName ? { name: owner.environmentName } : {}),
      detail: { vpcEndpointId, serviceName: input.serviceName },
    });
    return endpoint;
  }

  private addInterface(account: AccountState, owner: Ownership, fields: Omit<NetworkInterface, 'networkInterfaceId'>): InterfaceRecord {
    const networkInterfaceId = this.world.rng.ids.id('eni-', 17);
    const eni = interfaceRecord(owner, networkInterfaceId, fields);
    account.interfaces.set(networkInterfaceId, eni);
    this.world.emit(account.id, WorldEventKind.eniCreated, {
      region: owner.region,
      ...(owner.environmentName ? { name: owner.environmentName } : {}),
      detail: { networkInterfaceId, interfaceType: fields.interfaceType, subnetId: fields.subnetId },
    });
    return eni;
  }
}

/** The port's view of an endpoint record (ownership stripped). */
export function toEndpoint(e: EndpointRecord): ManagedVpcEndpoint {
  return {
    vpcEndpointId: e.vpcEndpointId,
    vpcId: e.vpcId,
    serviceName: e.serviceName,
    state: e.state,
    subnetIds: [...e.subnetIds],
    securityGroupIds: [...e.securityGroupIds],
    networkInterfaceIds: [...e.networkInterfaceIds],
    tags: { ...e.tags },
  };
}

/** The port's view of an interface record (ownership stripped). */
export function toInterface(n: InterfaceRecord): NetworkInterface {
  return {
    networkInterfaceId: n.networkInterfaceId,
    vpcId: n.vpcId,
    subnetId: n.subnetId,
    securityGroupIds: [...n.securityGroupIds],
    status: n.status,
    interfaceType: n.interfaceType,
    description: n.description,
    requesterManaged: n.requesterManaged,
    tags: { ...n.tags },
  };
}
