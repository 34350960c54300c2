/**
 * The records of EC2's endpoints and interfaces. The ones MWAA makes for an environment (many, and
 * read by every listing) are built member by member in one literal, so they all share one V8
 * shape; built by spreading the ownership, each record would get a shape of its own (its own
 * descriptors in memory, and every read of them across thousands of shapes a slow lookup). A
 * customer's records keep being spread from their ownership, whose members come in another order.
 */
import type { NetworkInterface } from '../port';
import type { EndpointRecord, InterfaceRecord, Ownership } from './world';

/** An endpoint's members past its ownership, in the order the record lists them. */
export type EndpointFields = Omit<EndpointRecord, keyof Ownership | 'vpcEndpointId'>;

/** The record of a new interface: ownership, id, then the given members, in that order. */
export function interfaceRecord(owner: Ownership, networkInterfaceId: string, fields: Omit<NetworkInterface, 'networkInterfaceId'>): InterfaceRecord {
  if (owner.ownerInstanceId === null) return { ...owner, networkInterfaceId, ...fields };
  return {
    region: owner.region,
    environmentName: owner.environmentName,
    ownerInstanceId: owner.ownerInstanceId,
    orphaned: owner.orphaned,
    networkInterfaceId,
    vpcId: fields.vpcId,
    subnetId: fields.subnetId,
    securityGroupIds: fields.securityGroupIds,
    status: fields.status,
    interfaceType: fields.interfaceType,
    description: fields.description,
    requesterManaged: fields.requesterManaged,
    tags: fields.tags,
  };
}

/** The record of a new endpoint: ownership, id, then the given members, in that order. */
export function endpointRecord(owner: Ownership, vpcEndpointId: string, fields: EndpointFields): EndpointRecord {
  if (owner.ownerInstanceId === null) return { ...owner, vpcEndpointId, ...fields };
  return {
    region: owner.region,
    environmentName: owner.environmentName,
    ownerInstanceId: owner.ownerInstanceId,
    orphaned: owner.orphaned,
    vpcEndpointId,
    vpcId: fields.vpcId,
    serviceName: fields.serviceName,
    state: fields.state,
    subnetIds: fields.subnetIds,
    securityGroupIds: fields.securityGroupIds,
    networkInterfaceIds: fields.networkInterfaceIds,
    tags: fields.tags,
  };
}
