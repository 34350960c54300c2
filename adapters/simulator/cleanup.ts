/**
 * MWAA's cleanup after an environment is gone. It acts THROUGH the service-linked role: without it
 * nothing is deleted and the resources are orphaned, which is the hazard this product exists to
 * prevent (the MWAA SLR documentation's warning).
 */
import { endpointsOwnedBy, interfacesOwnedBy } from './ec2Tables';
import { WorldEventKind } from './types';
import type { EnvironmentRef } from './scheduledSteps';
import type { JsonValue } from './types';
import type { AccountState, InterfaceRecord, Ownership, World } from './world';

/** Why a cleanup left resources behind. */
const SLR_MISSING = 'service-linked role not found';

/**
 * The post-deletion cleanup of one environment incarnation, done through the SLR if it exists:
 * its endpoints (and their interfaces) go at once; its own interfaces, detached, linger for
 * `interfaces.lingerAfterCleanup` and are then deleted through the SLR too, or orphaned if it is
 * gone by then. Without the SLR at the start, everything is orphaned.
 */
export function cleanUpAfter(world: World, account: AccountState, env: EnvironmentRef): void {
  const mine = <T extends Ownership>(r: T): boolean => r.ownerInstanceId === env.instanceId && !r.orphaned;
  // Looked up by owner, not by scanning the account: cleanup costs the same with 10 or 10,000 environments.
  const endpoints = endpointsOwnedBy(account.endpoints, env.instanceId).filter(mine);
  const interfaces = interfacesOwnedBy(account.interfaces, env.instanceId).filter(mine);
  const ofEndpoints = new Set(endpoints.flatMap((e) => e.networkInterfaceIds));
  const detail = { endpoints: endpoints.map((e) => e.vpcEndpointId), networkInterfaces: interfaces.map((n) => n.networkInterfaceId) };
  const where = { region: env.region, name: env.name };
  if (!account.role) {
    for (const endpoint of endpoints) endpoint.orphaned = true;
    for (const eni of interfaces) {
      eni.orphaned = true;
      // The environment's own interfaces are detached; an endpoint's stay attached to the surviving endpoint.
      if (!ofEndpoints.has(eni.networkInterfaceId)) eni.status = 'available';
    }
    world.emit(account.id, WorldEventKind.cleanupSkipped, { ...where, detail: { ...detail, reason: SLR_MISSING } });
    return;
  }
  for (const endpoint of endpoints) {
    account.endpoints.delete(endpoint.vpcEndpointId);
    world.emit(account.id, WorldEventKind.endpointDeleted, { ...where, detail: { vpcEndpointId: endpoint.vpcEndpointId } });
  }
  const own = interfaces.filter((n) => !ofEndpoints.has(n.networkInterfaceId));
  deleteInterfaces(world, account, env, interfaces.filter((n) => ofEndpoints.has(n.networkInterfaceId)));
  const linger = world.rng.durations.duration(world.uncertainty.interfaces.lingerAfterCleanup);
  if (linger <= 0) {
    deleteInterfaces(world, account, env, own);
    world.emit(account.id, WorldEventKind.cleanupDone, { ...where, detail });
    return;
  }
  for (const eni of own) eni.status = 'available';
  world.steps.schedule(linger, { kind: 'interfacesLinger', env, interfaceIds: own.map((n) => n.networkInterfaceId), detail });
}

/** The linger of a cleanup's detached interfaces ends: they are deleted through the SLR, or orphaned if it is gone by then. */
export function endLinger(world: World, account: AccountState, env: EnvironmentRef, interfaceIds: readonly string[], detail: { [key: string]: JsonValue }): void {
  const where = { region: env.region, name: env.name };
  // Only what is still there and still MWAA's to clean (nothing else touches these ids meanwhile).
  const lingering = interfaceIds
    .map((id) => account.interfaces.get(id))
    .filter((n): n is InterfaceRecord => n !== undefined && n.ownerInstanceId === env.instanceId && !n.orphaned);
  if (!account.role) {
    for (const eni of lingering) eni.orphaned = true;
    const skipped = { endpoints: [], networkInterfaces: lingering.map((n) => n.networkInterfaceId), reason: SLR_MISSING };
    world.emit(account.id, WorldEventKind.cleanupSkipped, { ...where, detail: skipped });
    return;
  }
  deleteInterfaces(world, account, env, lingering);
  world.emit(account.id, WorldEventKind.cleanupDone, { ...where, detail });
}

function deleteInterfaces(world: World, account: AccountState, env: EnvironmentRef, interfaces: readonly InterfaceRecord[]): void {
  for (const eni of interfaces) {
    account.interfaces.delete(eni.networkInterfaceId);
    world.emit(account.id, WorldEventKind.eniDeleted, { region: env.region, name: env.name, detail: { networkInterfaceId: eni.networkInterfaceId } });
  }
}
