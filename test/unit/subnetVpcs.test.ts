/**
 * What the cleanup checks learn of each subnet's VPC: a subnet is filtered on only when every
 * answer that named it agreed on its VPC.
 */
import type { ManagedVpcEndpoint, NetworkInterface } from '../../adapters/port';
import { SubnetVpcs } from '../../machines/subnetVpcs';

const endpoint = (vpcId: string, subnetIds: string[]): ManagedVpcEndpoint => ({
  vpcEndpointId: `vpce-${vpcId}`,
  vpcId,
  serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0aaaaaaaaaaaaaaaa',
  state: 'available',
  subnetIds,
  securityGroupIds: ['sg-0a'],
  networkInterfaceIds: [],
  tags: { AmazonMWAAManaged: 'true' },
});
const eni = (vpcId: string, subnetId: string): NetworkInterface => ({
  networkInterfaceId: `eni-${subnetId}`,
  vpcId,
  subnetId,
  securityGroupIds: ['sg-0a'],
  status: 'in-use',
  interfaceType: 'vpc_endpoint',
  description: '',
  requesterManaged: true,
  tags: {},
});
const net = (...subnetIds: string[]) => ({ subnetIds, securityGroupIds: ['sg-0a'] });

describe('SubnetVpcs', () => {
  it('gives the VPCs of networks whose every subnet it has seen, each once', () => {
    const known = new SubnetVpcs();
    known.learn([endpoint('vpc-1', ['subnet-a', 'subnet-b'])], [eni('vpc-2', 'subnet-c'), eni('vpc-2', 'subnet-d')]);
    expect(known.vpcsOf([net('subnet-a', 'subnet-b'), net('subnet-c', 'subnet-d')], 200)).toEqual(['vpc-1', 'vpc-2']);
    expect(known.vpcsOf([], 200)).toEqual([]);
  });

  it('gives nothing to filter on when one subnet is unknown, or there are more VPCs than the limit', () => {
    const known = new SubnetVpcs();
    known.learn([], [eni('vpc-1', 'subnet-a'), eni('vpc-2', 'subnet-b')]);
    expect(known.vpcsOf([net('subnet-a', 'subnet-x')], 200)).toBeNull();
    expect(known.vpcsOf([net('subnet-a'), net('subnet-b')], 1)).toBeNull();
    expect(known.vpcsOf([net('subnet-a'), net('subnet-b')], 2)).toEqual(['vpc-1', 'vpc-2']);
  });

  it('never filters on a subnet two answers placed in different VPCs, nor learns from an answer without ids', () => {
    const known = new SubnetVpcs();
    known.learn([endpoint('vpc-1', ['subnet-a'])], [eni('vpc-9', 'subnet-a'), eni('', 'subnet-b'), eni('vpc-3', '')]);
    known.learn([endpoint('vpc-1', ['subnet-a'])], []);
    expect(known.vpcsOf([net('subnet-a')], 200)).toBeNull();
    expect(known.vpcsOf([net('subnet-b')], 200)).toBeNull();
  });
});
