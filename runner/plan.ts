/**
 * A plan (regions to watch, environments to manage) as lifecycles: `apply` ensures the role and
 * creates each environment; `teardown` deletes each environment and then, through the account's
 * gate, the role once nothing uses it; `delete-role` is the gate alone.
 */
import type { AccountInput, ManagedEnvironment } from '../machines/account.types';
import type { EnvironmentTimeouts } from '../machines/environment.types';
import { withoutConfiguration } from './configurationValues';
import { isAccountId, type LifecycleRequest } from './lifecycles';

/** What a plan asks for. */
export const PlanIntent = { apply: 'apply', teardown: 'teardown', deleteRole: 'delete-role' } as const;
/** One of {@link PlanIntent}'s values. */
export type PlanIntent = (typeof PlanIntent)[keyof typeof PlanIntent];

/** The parts of a plan the runner reads. */
export interface RunnerPlan {
  regions: string[];
  environments: ManagedEnvironment[];
  roleDescription?: string;
}

/** Options of {@link lifecyclesOfPlan}. */
export interface PlanSubmission {
  /** The account the plan's resources live in. Default: the account of the environments' execution roles. */
  account?: string;
  intent: PlanIntent;
  /** Delete the role even if this product did not create it. Default false. */
  forceRole?: boolean;
  /** Budgets of the environment machines. */
  environmentTimeouts?: Partial<EnvironmentTimeouts>;
  /** Budgets of the role's deletion gate (`blockedMs`, `settleMs`, ...). */
  gateTimeouts?: Omit<NonNullable<AccountInput['timeouts']>, 'environment' | 'role'>;
}

/** The plan's account: the one given, or the single account its execution roles belong to; throws a RangeError when neither settles it. */
export function accountOfPlan(plan: RunnerPlan, given?: string): string {
  if (given !== undefined) {
    if (!isAccountId(given)) throw new RangeError(`--account must be a 12-digit AWS account id, not "${given}"`);
    return given;
  }
  const accounts = new Set(plan.environments.map((e) => /^arn:[^:]+:iam::(\d{12}):/.exec(e.spec.executionRoleArn)?.[1]).filter((a): a is string => a !== undefined));
  if (accounts.size === 1) return [...accounts][0] as string;
  if (accounts.size === 0) throw new RangeError('the plan names no environment to read the account from: give the account id (--account)');
  throw new RangeError(`the plan's execution roles span accounts ${[...accounts].join(', ')}: one plan covers one account`);
}

/** The lifecycles that carry out `plan` for `options.intent`. */
export function lifecyclesOfPlan(plan: RunnerPlan, options: PlanSubmission): LifecycleRequest[] {
  const account = accountOfPlan(plan, options.account);
  const timeouts = options.environmentTimeouts ? { timeouts: options.environmentTimeouts } : {};
  const gate: LifecycleRequest = {
    kind: 'gate',
    account,
    input: {
      plan: 'deleteRole',
      regions: plan.regions,
      // Their networks tell the survey which interfaces are MWAA's, even once the environments are gone.
      environments: withoutConfiguration(plan.environments),
      forceRoleDeletion: options.forceRole === true,
      ...(options.gateTimeouts ? { timeouts: options.gateTimeouts } : {}),
    },
  };
  switch (options.intent) {
    case 'apply':
      return [
        { kind: 'role', account, input: { operation: 'ensure', ...(plan.roleDescription === undefined ? {} : { description: plan.roleDescription }) } },
        ...plan.environments.map((e): LifecycleRequest => ({ kind: 'environment', account, input: { operation: 'create', region: e.region, spec: e.spec, updateIfDifferent: true, ...timeouts } })),
      ];
    case 'teardown':
      return [
        ...plan.environments.map((e): LifecycleRequest => ({
          kind: 'environment',
          account,
          input: { operation: 'delete', region: e.region, name: e.spec.name, network: e.spec.networkConfiguration, ...timeouts },
        })),
        gate,
      ];
    case 'delete-role':
      return [gate];
  }
}
