/**
 * EC2's ec2Query documents: `<XResponse><requestId/>...</XResponse>` answers with `item` lists
 * and camelCase members, the error document `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`,
 * and the filter fields of each resource the Describe calls list.
 */
import { partitionFacts, partitionOfRegion } from '../../domain/partitions';
import type { AccountRegion, ManagedVpcEndpoint, NetworkInterface } from '../../adapters/port';
import { requestId, type WireResponse } from '../wire';
import { xmlDocument, xmlList, type XmlNode } from '../xml';
import { tagFields, type FilterFields } from './filters';

/** The API version every ec2Query request carries. */
export const EC2_API_VERSION = '2016-11-15';
const XMLNS = `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`;

/** The simulated endpoints are interface endpoints, as MWAA's are. */
const ENDPOINT_TYPE = 'Interface';

const tagSet = (tags: Readonly<Record<string, string>>): XmlNode | undefined =>
  xmlList('item', Object.entries(tags).map(([key, value]) => ({ key, value })));

const groupSet = (groupIds: readonly string[]): XmlNode | undefined => xmlList('item', groupIds.map((groupId) => ({ groupId })));

/** The EC2 host of a region, as DescribeRegions names it. */
export const ec2Host = (region: string): string => `ec2.${region}.${partitionFacts(partitionOfRegion(region)).dnsSuffix}`;

/** A region as a DescribeRegions `item`. */
export function regionToXml(r: AccountRegion): XmlNode {
  return { regionName: r.region, regionEndpoint: ec2Host(r.region), optInStatus: r.optInStatus };
}

/** A VPC endpoint as a DescribeVpcEndpoints `item`. */
export function endpointToXml(e: ManagedVpcEndpoint, ownerId: string): XmlNode {
  return {
    vpcEndpointId: e.vpcEndpointId,
    vpcEndpointType: ENDPOINT_TYPE,
    vpcId: e.vpcId,
    serviceName: e.serviceName,
    state: e.state,
    subnetIdSet: xmlList('item', e.subnetIds),
    groupSet: groupSet(e.securityGroupIds),
    requesterManaged: false,
    networkInterfaceIdSet: xmlList('item', e.networkInterfaceIds),
    tagSet: tagSet(e.tags),
    ownerId,
  };
}

/** A network interface as a DescribeNetworkInterfaces `item` (its tags are `tagSet` here too). */
export function interfaceToXml(n: NetworkInterface, ownerId: string): XmlNode {
  return {
    networkInterfaceId: n.networkInterfaceId,
    subnetId: n.subnetId,
    vpcId: n.vpcId,
    description: n.description,
    ownerId,
    requesterManaged: n.requesterManaged,
    status: n.status,
    interfaceType: n.interfaceType,
    groupSet: groupSet(n.securityGroupIds),
    tagSet: tagSet(n.tags),
  };
}

/** The filter fields of one resource: its own, looked up by name, then its tags. */
function fieldsOf(own: Readonly<Record<string, readonly string[]>>, tags: Readonly<Record<string, string>>): FilterFields {
  return (name) => (Object.hasOwn(own, name) ? (own[name] ?? []) : tagFields(tags, name));
}

/** The filters DescribeRegions knows. */
export const regionFields = (r: AccountRegion): FilterFields =>
  fieldsOf({ 'region-name': [r.region], 'opt-in-status': [r.optInStatus], endpoint: [ec2Host(r.region)] }, {});

/** The filters DescribeVpcEndpoints knows (tags included). */
export const endpointFields = (e: ManagedVpcEndpoint): FilterFields =>
  fieldsOf(
    {
      'vpc-id': [e.vpcId],
      'vpc-endpoint-id': [e.vpcEndpointId],
      'vpc-endpoint-state': [e.state],
      'vpc-endpoint-type': [ENDPOINT_TYPE],
      'service-name': [e.serviceName],
    },
    e.tags,
  );

/** The filters DescribeNetworkInterfaces knows (tags included). */
export const interfaceFields = (n: NetworkInterface): FilterFields =>
  fieldsOf(
    {
      'network-interface-id': [n.networkInterfaceId],
      'vpc-id': [n.vpcId],
      'subnet-id': [n.subnetId],
      'group-id': n.securityGroupIds,
      status: [n.status],
      'interface-type': [n.interfaceType],
      description: [n.description],
      'requester-managed': [String(n.requesterManaged)],
    },
    n.tags,
  );

const xml = (status: number, body: string): WireResponse => ({
  status,
  headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId() },
  body,
});

/** A successful answer to `action`. */
export function ec2Success(action: string, content: XmlNode): WireResponse {
  return xml(200, xmlDocument(`${action}Response`, XMLNS, { requestId: requestId(), ...content }));
}

/** EC2's error document. */
export function ec2ErrorResponse(code: string, status: number, message: string): WireResponse {
  return xml(status, xmlDocument('Response', undefined, { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId() }));
}
