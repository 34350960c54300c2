/**
 * What a lifecycle is: one machine run with a key (account, region, name, operation), so the same
 * request submitted twice names the same lifecycle. Environments get one per operation; the
 * account's role gets an `ensure` and a `deleteRole` gate, which surveys every region and deletes
 * the role once nothing uses it.
 */
import type { AccountInput } from '../machines/account.types';
import type { EnvironmentInput } from '../machines/environment.types';
import type { ServiceLinkedRoleInput } from '../machines/serviceLinkedRole.types';

/** Which machine a lifecycle runs: the environment machine, the role machine (ensure), or the account machine as the role's deletion gate. */
export const LifecycleKind = { environment: 'environment', role: 'role', gate: 'gate' } as const;
/** One of {@link LifecycleKind}'s values. */
export type LifecycleKind = (typeof LifecycleKind)[keyof typeof LifecycleKind];

/** The region and name the account-wide role lifecycles use in their key. */
export const ROLE_SCOPE = { region: '*', name: 'role' } as const;

/** A lifecycle to submit. */
export type LifecycleRequest =
  | { kind: 'environment'; account: string; input: EnvironmentInput }
  | { kind: 'role'; account: string; input: ServiceLinkedRoleInput & { operation: 'ensure' } }
  | { kind: 'gate'; account: string; input: AccountInput & { plan: 'deleteRole' } };

/** The parts of a lifecycle's key. */
export interface LifecycleKey {
  account: string;
  region: string;
  name: string;
  operation: string;
}

/** The key of a request: its account, region, environment name (`role` for the role) and operation. */
export function keyOf(request: LifecycleRequest): LifecycleKey {
  switch (request.kind) {
    case 'environment': {
      const input = request.input;
      const name = input.operation === 'create' ? input.spec.name : input.operation === 'update' ? input.update.name : input.name;
      return { account: request.account, region: input.region, name, operation: input.operation };
    }
    case 'role':
      return { account: request.account, ...ROLE_SCOPE, operation: 'ensure' };
    case 'gate':
      return { account: request.account, ...ROLE_SCOPE, operation: 'deleteRole' };
  }
}

/** The key as one string, `account/region/name/operation`. */
export function keyText(key: LifecycleKey): string {
  return `${key.account}/${key.region}/${key.name}/${key.operation}`;
}

/** A lifecycle's id: its key and which run of that key it is, `account/region/name/operation#n`. */
export function lifecycleId(key: LifecycleKey, generation: number): string {
  return `${keyText(key)}#${generation}`;
}

/** An account id: twelve digits. */
export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
