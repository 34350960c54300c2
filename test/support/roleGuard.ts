/**
 * Ports that check the simulated world at the instant of every role deletion request: nothing may
 * use the role then (no environment, endpoint or network interface).
 */
import type { AwsPorts } from '../../adapters/port';
import type { SimulatedAws } from '../../adapters/simulator';

/** Wraps `ports`; each premature deletion request is appended to `violations`. */
export function watchRoleDeletion(sim: SimulatedAws, ports: AwsPorts, violations: string[]): AwsPorts {
  const role = ports.serviceLinkedRole;
  return {
    ...ports,
    serviceLinkedRole: {
      getRole: (s) => role.getRole(s),
      createRole: (o, s) => role.createRole(o, s),
      updateDescription: (d, s) => role.updateDescription(d, s),
      getDeletionStatus: (id, s) => role.getDeletionStatus(id, s),
      deleteRole: (s) => {
        const inv = sim.inventory();
        const users = [...inv.environments.map((e) => e.name), ...inv.vpcEndpoints.map((e) => e.vpcEndpointId), ...inv.networkInterfaces.map((e) => e.networkInterfaceId)];
        if (users.length > 0) violations.push(`role deletion requested while ${users.join(', ')} existed`);
        return role.deleteRole(s);
      },
    },
  };
}
