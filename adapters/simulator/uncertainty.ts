/**
 * What nobody has verified about AWS, as options of the simulated world. Each option lists every
 * plausible variant; the `realistic` preset is the best guess and the `worst` preset picks, for
 * each option, the variant that is hardest for a tool that must never delete the service-linked
 * role while something still uses it. The machines are tested under every variant.
 */
import { isRegionName } from '../../domain/regions';
import { deepFreeze } from './freeze';
import { MWAA_ENDPOINT_REGIONS } from './regionCatalog';
import { DEFAULT_TIMINGS, type DurationRange } from './types';

export { COMMERCIAL_REGIONS, MWAA_ENDPOINT_REGIONS, OPT_IN_REGIONS } from './regionCatalog';

/** What IAM's deletion task counts as "still using the role" before it FAILs with a RoleUsageList. */
export const RoleInUseCheck = {
  /** Every environment record, and the endpoints and interfaces MWAA has not cleaned up yet. */
  environmentsAndCleanup: 'environmentsAndCleanup',
  /** Every environment record MWAA still has, DELETING and DELETED included, but not the cleanup after it is gone. */
  allEnvironments: 'allEnvironments',
  /** Only environments that are neither DELETING nor DELETED (the MWAA guide's advice to wait until deletion has finished hints at this). */
  activeEnvironments: 'activeEnvironments',
} as const;
/** What IAM's deletion task counts as "still using the role". */
export type RoleInUseCheck = (typeof RoleInUseCheck)[keyof typeof RoleInUseCheck];

/** Which environments ListEnvironments names. */
export const ListedEnvironments = {
  /** Every environment GetEnvironment returns. */
  all: 'all',
  /** Not the DELETED ones. */
  notDeleted: 'notDeleted',
  /** Neither DELETING nor DELETED ones. */
  notDeletingOrDeleted: 'notDeletingOrDeleted',
} as const;
/** Which environments ListEnvironments names. */
export type ListedEnvironments = (typeof ListedEnvironments)[keyof typeof ListedEnvironments];

/** What the network interfaces MWAA creates for an environment look like, and how long they outlive its endpoints. */
export interface InterfaceShape {
  /** EC2's `RequesterManaged`. MWAA's role creates them in the customer account, so this may well be false. */
  requesterManaged: boolean;
  /** EC2's `InterfaceType`. */
  interfaceType: 'interface' | 'lambda' | 'vpc_endpoint';
  /** `named`: a description naming the environment; `blank`: an empty description. */
  description: 'named' | 'blank';
  /**
   * After MWAA deletes an environment's endpoints, its own interfaces stay `available` this long
   * before they go (0: together with the endpoints). Their deletion also acts through the role:
   * if it is gone by then, they are orphaned.
   */
  lingerAfterCleanup: DurationRange;
}

/** Where MWAA runs and which regions the account has enabled. */
export interface RegionFacts {
  /** Regions where MWAA has an endpoint; a call to MWAA elsewhere fails as DNS would (`NoEndpoint`). */
  mwaaRegions: string[];
  /** Opt-in regions the account has enabled; other opt-in regions refuse every call (AccessDenied) and are listed as `not-opted-in`. */
  enabledOptInRegions: string[];
  /**
   * MWAA launches in these regions this many virtual ms after the simulator starts (`NoEndpoint`
   * before). An entry here decides for its region, whatever `mwaaRegions` says.
   */
  launchedLater: Array<{ region: string; afterMs: number }>;
}

/** Every unverified behaviour of the simulated AWS. */
export interface Uncertainty {
  /** What IAM's deletion task counts as "still using the role". */
  roleInUseCheck: RoleInUseCheck;
  /** A just-created environment is missing from GetEnvironment and ListEnvironments this long. */
  createVisibilityLag: DurationRange;
  /** Which environments ListEnvironments names (GetEnvironment by name still finds the others). */
  listedEnvironments: ListedEnvironments;
  /** A DELETED environment stays visible this long before GetEnvironment returns not-found (an explicit `timings.deletedVisibility` wins). */
  deletedVisibility: DurationRange;
  /** MWAA's cleanup of endpoints and interfaces runs this long after the environment is gone (an explicit `timings.cleanupAfterDelete` wins). */
  cleanupAfterDelete: DurationRange;
  /** What the network interfaces MWAA makes for an environment look like, and how long they linger. */
  interfaces: InterfaceShape;
  /** Where MWAA runs and which opt-in regions the account has enabled. */
  regions: RegionFacts;
  /** `documented`: `Environment X already exists.`; `other`: a ValidationException whose text says nothing recognisable. */
  duplicateNameMessage: 'documented' | 'other';
  /** IAM's clock (the role's CreateDate) runs this many ms ahead of the caller's (negative: behind). */
  iamClockSkewMs: number;
  /** A finished deletion task is purged after this long; 0 purges it before anyone can read it (an explicit `timings.deletionTaskRetention` wins). */
  deletionTaskRetention: DurationRange;
}

const MINUTE = 60_000;
const SECOND = 1000;

const range = (minMs: number, maxMs: number): DurationRange => ({ minMs, maxMs });

/** The best guess for each unverified behaviour; the README gives the evidence behind each. */
export const REALISTIC_UNCERTAINTY: Readonly<Uncertainty> = deepFreeze<Uncertainty>({
  roleInUseCheck: RoleInUseCheck.allEnvironments,
  createVisibilityLag: range(0, 0),
  listedEnvironments: ListedEnvironments.all,
  // The default timings hold the realistic values; the preset does not keep a second copy of them.
  deletedVisibility: { ...DEFAULT_TIMINGS.deletedVisibility },
  cleanupAfterDelete: { ...DEFAULT_TIMINGS.cleanupAfterDelete },
  interfaces: { requesterManaged: true, interfaceType: 'interface', description: 'named', lingerAfterCleanup: range(0, 0) },
  regions: { mwaaRegions: [...MWAA_ENDPOINT_REGIONS], enabledOptInRegions: [], launchedLater: [] },
  duplicateNameMessage: 'documented',
  iamClockSkewMs: 0,
  deletionTaskRetention: { ...DEFAULT_TIMINGS.deletionTaskRetention },
});

/** For each unverified behaviour, the variant hardest on a tool that must never delete the role early. */
export const WORST_UNCERTAINTY: Readonly<Uncertainty> = deepFreeze<Uncertainty>({
  roleInUseCheck: RoleInUseCheck.activeEnvironments,
  createVisibilityLag: range(5 * SECOND, 60 * SECOND),
  listedEnvironments: ListedEnvironments.notDeletingOrDeleted,
  deletedVisibility: range(0, 0),
  cleanupAfterDelete: range(1 * MINUTE, 5 * MINUTE),
  interfaces: { requesterManaged: false, interfaceType: 'interface', description: 'blank', lingerAfterCleanup: range(10 * MINUTE, 15 * MINUTE) },
  regions: {
    mwaaRegions: [...MWAA_ENDPOINT_REGIONS.filter((r) => r !== 'ap-northeast-3')],
    enabledOptInRegions: ['af-south-1'],
    launchedLater: [{ region: 'ap-northeast-3', afterMs: 30 * MINUTE }],
  },
  duplicateNameMessage: 'other',
  iamClockSkewMs: -7 * MINUTE,
  deletionTaskRetention: range(0, 0),
});

/** The uncertainty option of the simulator: a preset name, or overrides of a preset (default `realistic`). */
export type UncertaintyOption = 'realistic' | 'worst' | (Partial<Uncertainty> & { preset?: 'realistic' | 'worst' });

/**
 * Resolves an {@link UncertaintyOption} to a full, independent {@link Uncertainty}.
 *
 * @throws RangeError when a value is out of its domain (an unknown variant, a negative or inverted
 * range, a malformed region name), listing every problem.
 */
export function resolveUncertainty(option: UncertaintyOption | undefined): Uncertainty {
  let resolved: Uncertainty;
  if (option === undefined || option === 'realistic') resolved = structuredClone(REALISTIC_UNCERTAINTY);
  else if (option === 'worst') resolved = structuredClone(WORST_UNCERTAINTY);
  else {
    const { preset, ...overrides } = option;
    const base = preset === 'worst' ? WORST_UNCERTAINTY : REALISTIC_UNCERTAINTY;
    // Spreading a Partial could write `undefined` over a preset value, so only defined overrides count.
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    resolved = structuredClone<Uncertainty>({ ...base, ...defined });
  }
  const problems = uncertaintyProblems(resolved);
  if (problems.length > 0) throw new RangeError(`invalid uncertainty: ${problems.join('; ')}`);
  return resolved;
}

/** Every way `u` leaves the domain of its options (empty when it is valid). */
export function uncertaintyProblems(u: Uncertainty): string[] {
  const problems: string[] = [];
  const oneOf = (name: string, value: unknown, allowed: readonly unknown[]): void => {
    if (!allowed.includes(value)) problems.push(`${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  };
  const ms = (name: string, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) problems.push(`${name} must be a non-negative number of ms`);
  };
  const span = (name: string, r: DurationRange | undefined): void => {
    ms(`${name}.minMs`, r?.minMs);
    ms(`${name}.maxMs`, r?.maxMs);
    if (r !== undefined && r.minMs > r.maxMs) problems.push(`${name}.minMs must not exceed ${name}.maxMs`);
  };
  const regionList = (name: string, list: unknown): void => {
    if (!Array.isArray(list)) problems.push(`${name} must be a list of region names`);
    else for (const r of list) if (typeof r !== 'string' || !isRegionName(r)) problems.push(`${name}: "${String(r)}" is not a region name`);
  };
  oneOf('roleInUseCheck', u.roleInUseCheck, Object.values(RoleInUseCheck));
  oneOf('listedEnvironments', u.listedEnvironments, Object.values(ListedEnvironments));
  oneOf('duplicateNameMessage', u.duplicateNameMessage, ['documented', 'other']);
  for (const key of ['createVisibilityLag', 'deletedVisibility', 'cleanupAfterDelete', 'deletionTaskRetention'] as const) span(key, u[key]);
  if (typeof u.iamClockSkewMs !== 'number' || !Number.isFinite(u.iamClockSkewMs)) problems.push('iamClockSkewMs must be a finite number of ms');
  oneOf('interfaces.requesterManaged', u.interfaces?.requesterManaged, [true, false]);
  oneOf('interfaces.interfaceType', u.interfaces?.interfaceType, ['interface', 'lambda', 'vpc_endpoint']);
  oneOf('interfaces.description', u.interfaces?.description, ['named', 'blank']);
  span('interfaces.lingerAfterCleanup', u.interfaces?.lingerAfterCleanup);
  regionList('regions.mwaaRegions', u.regions?.mwaaRegions);
  regionList('regions.enabledOptInRegions', u.regions?.enabledOptInRegions);
  const later: unknown = u.regions?.launchedLater;
  if (!Array.isArray(later)) problems.push('regions.launchedLater must be a list');
  else {
    for (const [i, entry] of (later as unknown[]).entries()) {
      const fields = typeof entry === 'object' && entry !== null ? (entry as Partial<Record<'region' | 'afterMs', unknown>>) : {};
      regionList(`regions.launchedLater[${i}].region`, [fields.region]);
      ms(`regions.launchedLater[${i}].afterMs`, fields.afterMs);
    }
  }
  return problems;
}

/**
 * One override per variant of every option, for property tests that must cover the whole matrix:
 * each entry changes exactly one behaviour of the realistic world.
 */
export const UNCERTAINTY_VARIANTS: ReadonlyArray<{ name: string; uncertainty: Partial<Uncertainty> }> = [
  ...Object.values(RoleInUseCheck).map((v) => ({ name: `roleInUseCheck=${v}`, uncertainty: { roleInUseCheck: v } })),
  ...Object.values(ListedEnvironments).map((v) => ({ name: `listedEnvironments=${v}`, uncertainty: { listedEnvironments: v } })),
  { name: 'createVisibilityLag=5-60s', uncertainty: { createVisibilityLag: WORST_UNCERTAINTY.createVisibilityLag } },
  { name: 'deletedVisibility=0', uncertainty: { deletedVisibility: range(0, 0) } },
  { name: 'interfaces=notRequesterManaged,blank,lingering', uncertainty: { interfaces: WORST_UNCERTAINTY.interfaces } },
  { name: 'interfaces=lambda', uncertainty: { interfaces: { ...REALISTIC_UNCERTAINTY.interfaces, interfaceType: 'lambda' } } },
  { name: 'regions=launchedLater,optInEnabled', uncertainty: { regions: WORST_UNCERTAINTY.regions } },
  { name: 'duplicateNameMessage=other', uncertainty: { duplicateNameMessage: 'other' } },
  { name: 'iamClockSkew=-7min', uncertainty: { iamClockSkewMs: -7 * MINUTE } },
  { name: 'iamClockSkew=+7min', uncertainty: { iamClockSkewMs: 7 * MINUTE } },
  { name: 'deletionTaskRetention=0', uncertainty: { deletionTaskRetention: range(0, 0) } },
];
