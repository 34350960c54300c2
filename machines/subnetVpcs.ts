/**
 * What the cleanup checks have learnt of which VPC each subnet belongs to, so a region listing can
 * ask EC2 for the managed endpoints of the VPCs being waited on instead of every managed endpoint
 * of the region.
 *
 * A subnet belongs to one VPC for its whole life, its id is never reused, and an interface
 * endpoint's subnets are all in the endpoint's VPC. So an endpoint that sits in a watched subnet
 * is always in that subnet's VPC, and a listing of those VPCs holds every endpoint a check of the
 * subnet can find. The mapping is learnt from what the listings return (endpoints and interfaces
 * both name their VPC and subnets); a subnet never seen, or seen in two VPCs (a world that should
 * not exist), keeps the listing of its region unfiltered.
 */
import type { ManagedVpcEndpoint, NetworkConfiguration, NetworkInterface } from '../adapters/port';

/** The VPC of each subnet seen so far in one region; `null` for a subnet seen in two VPCs. */
export class SubnetVpcs {
  private readonly vpcOf = new Map<string, string | null>();

  /** Learns from a listing's endpoints and interfaces. */
  learn(endpoints: Iterable<ManagedVpcEndpoint>, interfaces: Iterable<NetworkInterface>): void {
    for (const e of endpoints) for (const subnet of e.subnetIds) this.note(subnet, e.vpcId);
    for (const n of interfaces) this.note(n.subnetId, n.vpcId);
  }

  /**
   * The VPCs of every subnet of `networks`, each once, when every one is known and there are at
   * most `limit` of them; otherwise `null`, and the listing must read the whole region.
   */
  vpcsOf(networks: readonly NetworkConfiguration[], limit: number): string[] | null {
    const vpcs = new Set<string>();
    for (const net of networks) {
      for (const subnet of net.subnetIds) {
        const vpc = this.vpcOf.get(subnet);
        if (vpc === undefined || vpc === null) return null;
        vpcs.add(vpc);
        if (vpcs.size > limit) return null;
      }
    }
    return [...vpcs];
  }

  private note(subnet: string, vpc: string): void {
    // An answer missing either id teaches nothing.
    if (subnet === '' || vpc === '') return;
    const known = this.vpcOf.get(subnet);
    if (known === undefined) this.vpcOf.set(subnet, vpc);
    else if (known !== null && known !== vpc) this.vpcOf.set(subnet, null);
  }
}
