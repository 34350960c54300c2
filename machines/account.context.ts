/**
 * The account orchestrator's pure parts: its input checks and initial context, the role gate's
 * settle and refusal rules, and how IAM's RoleUsageList and the environment results read.
 */
import { assertRegionName } from '../domain/regions';
import { partitionMismatch, partitionOfRegion } from '../domain/partitions';
import { validateEnvironmentSpec } from '../domain/validation';
import { accountInputSchema, referencedArns, schemaProblemOf } from './inputSchemas';
import { roleDescriptionProblem } from './serviceLinkedRole.context';
import type { AccountContext, AccountInput, AccountOutcome, ManagedEnvironment } from './account.types';
import { dedupeNetworks, type Blocker, type SurveyInput, type SurveyResult } from './survey';
import { resumedTimes, type CallResult } from './results';
import type { PollRequest } from './polling';
import { DEFAULT_MAX_VERDICT_AGE_MS } from './serviceLinkedRole.types';

/** Default of `timeouts.blockedMs`. */
export const DEFAULT_BLOCKED_MS = 6 * 3600_000;
/** Default of `timeouts.settleMs`. */
export const DEFAULT_SETTLE_MS = 45 * 60_000;
/** Two reads of a region further apart than this (downtime, a stalled process, a region unreadable meanwhile) do not make a continuous watch. */
const WATCH_GAP_MS = 10 * 60_000;
/** After IAM refuses, the next request waits 1, 2, 4 ... up to 30 minutes: few requests per blocked period. */
const REFUSAL_BACKOFF = { baseMs: 60_000, capMs: 30 * 60_000 };

/** Waiting time after the `refusals`-th refusal before the next deletion request. */
export const refusalBackoffMs = (refusals: number): number =>
  refusals <= 0 ? 0 : Math.min(REFUSAL_BACKOFF.capMs, REFUSAL_BACKOFF.baseMs * 2 ** (refusals - 1));

/** The key of a managed environment in results: `region/name`. */
export const environmentKey = (region: string, name: string): string => `${region}/${name}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Everything the account's input must satisfy, environment specs and every budget included, before any AWS call. */
function problemOf(input: AccountInput, environments: ManagedEnvironment[]): string | null {
  const shape = schemaProblemOf(accountInputSchema, input);
  if (shape !== null) return shape;
  if (input.roleDescription !== undefined) {
    const problem = roleDescriptionProblem(input.roleDescription);
    if (problem) return `roleDescription: ${problem}`;
  }
  if (input.regions.length === 0 && input.discoverRegions === false) return 'regions must list at least one MWAA region when discoverRegions is false';
  for (const region of input.regions) assertRegionName(region);
  const partitions = [...new Set(input.regions.map(partitionOfRegion))];
  if (partitions.length > 1) return `regions span partitions ${partitions.join(' and ')}: an account lives in one partition, so plan each partition's account separately`;
  for (const [i, env] of environments.entries()) {
    assertRegionName(env.region);
    const spec = validateEnvironmentSpec(env.spec) ?? partitionMismatch(env.region, referencedArns(env.spec));
    if (spec !== null) return `environments[${i}].spec: ${spec}`;
    if (!input.regions.includes(env.region)) return `environment ${env.spec.name} is in ${env.region}, which is not in regions`;
  }
  const keys = environments.map((e) => environmentKey(e.region, e.spec.name));
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) return `environment ${dup} is listed twice`;
  return null;
}

/** The initial context for `input`, with `inputProblem` set when the input does not hold up. */
export function initialAccountContext(given: AccountInput): AccountContext {
  // Untyped callers can pass anything: nothing here may throw past this point.
  const input: AccountInput = isRecord(given) ? given : ({ plan: undefined, regions: [] } as unknown as AccountInput);
  let inputProblem: string | null;
  const environments = Array.isArray(input.environments) ? input.environments : [];
  try {
    inputProblem = input.environments !== undefined && !Array.isArray(input.environments) ? 'environments must be a list' : problemOf(input, environments);
  } catch (e) {
    inputProblem = (e as Error).message;
  }
  const valid = inputProblem === null;
  const blockedMs = input.timeouts?.blockedMs ?? DEFAULT_BLOCKED_MS;
  return {
    regions: valid ? [...new Set(input.regions)] : [],
    discoverRegions: input.discoverRegions !== false,
    environments: valid ? environments : [],
    plan: input.plan,
    roleDescription: input.roleDescription ?? null,
    forceRoleDeletion: input.forceRoleDeletion === true,
    updateExisting: input.updateExisting === true,
    ownership: input.roleOwnership ?? null,
    environmentTimeouts: input.timeouts?.environment ?? {},
    roleTimeouts: input.timeouts?.role ?? {},
    // JSON has no Infinity: "for ever" is stored as null, so a restored run keeps waiting.
    blockedMs: Number.isFinite(blockedMs) ? blockedMs : null,
    settleMs: input.timeouts?.settleMs ?? DEFAULT_SETTLE_MS,
    verdictMaxAgeMs: input.timeouts?.verdictMaxAgeMs ?? DEFAULT_MAX_VERDICT_AGE_MS,
    inputProblem,
    role: null,
    results: {},
    running: [],
    blockers: [],
    knownNetworks: valid ? environments.map((e) => ({ region: e.region, ...e.spec.networkConfiguration })) : [],
    now: null,
    blockedSince: null,
    attempt: 0,
    surveyError: null,
    surveyErrors: [],
    skippedRegions: [],
    surveyedAt: null,
    watchSince: {},
    readAt: {},
    deletionRequests: 0,
    refusals: 0,
    refusedAt: null,
    waitReason: null,
    verdictAgeMs: null,
  };
}

/** True when every watched region was read completely by the last survey and watched without a gap for at least `settleMs` before it. */
export function settled(context: AccountContext): boolean {
  const at = context.surveyedAt;
  if (at === null) return false;
  return Object.entries(context.watchSince).every(([region, since]) => context.readAt[region] === at && since <= at - context.settleMs);
}

/** What a resource IAM names in a RoleUsageList is: MWAA names environments by ARN; endpoints and interfaces, if ever listed, by id or ARN. */
const usageKind = (resource: string): Blocker['kind'] =>
  /(^|\/)vpce-/.test(resource) ? 'vpcEndpoint' : /(^|\/)eni-/.test(resource) ? 'networkInterface' : 'environment';

/** The blockers a refused deletion's RoleUsageList names. */
export const blockersFromRole = (role: AccountContext['role']): Blocker[] =>
  role?.result === 'blocked'
    ? role.blockers.flatMap((usage) => usage.resources.map((id): Blocker => ({ region: usage.region, kind: usageKind(id), id, status: 'IN_USE' })))
    : [];

/** The outcome of a run that deleted or kept the role. */
export const outcome = (context: AccountContext, result: 'roleDeleted' | 'roleKept'): AccountOutcome =>
  result === 'roleDeleted'
    ? { result, environments: context.results, role: context.role, verdictAgeMs: context.verdictAgeMs, deletionRequests: context.deletionRequests }
    : { result, environments: context.results, role: context.role };

/** True when this run's apply found the environment under another spec: someone else's, never deleted here. */
export const isForeign = (context: AccountContext, key: string): boolean => {
  const r = context.results[key];
  return r !== undefined && r.operation === 'create' && r.result === 'failed' && r.foreign === true;
};


/** What each survey of the account is asked to look at. */
export const surveyInput = (context: AccountContext): SurveyInput => ({
  regions: context.regions,
  discoverRegions: context.discoverRegions,
  knownNetworks: context.knownNetworks,
});

/** The wait between two surveys of a continuous watch: the blocked cadence, from the start of the watch, cut at `deadline`. */
export const watchPollRequest = (context: AccountContext, key: string, deadline: number | null): PollRequest => ({
  phase: 'blocked',
  attempt: context.attempt,
  phaseStartedAt: Math.min(context.now ?? 0, ...Object.values(context.watchSince)),
  now: context.now ?? 0,
  key,
  deadline,
});

/**
 * The watch after a survey that ended at `endedAt`: a region read now stays watched since its
 * earlier start when the survey that read it before began at most `WATCH_GAP_MS` before this one
 * ended (so anything listed for longer than that gap was seen), and starts again otherwise; a
 * region this survey could not read keeps its watch and last read, so the gap decides at its next
 * read; every other region leaves the watch.
 */
function watchAfter(context: AccountContext, survey: SurveyResult, endedAt: number): Pick<AccountContext, 'watchSince' | 'readAt'> {
  const watchSince: Record<string, number> = {};
  const readAt: Record<string, number> = {};
  for (const region of survey.surveyed) {
    const last = context.readAt[region];
    const continuous = last !== undefined && endedAt - last <= WATCH_GAP_MS;
    watchSince[region] = (continuous ? context.watchSince[region] : undefined) ?? survey.startedAt;
    readAt[region] = survey.startedAt;
  }
  // Unread: a region named in the errors, or any region not skipped when the region listing itself failed.
  const unread = survey.errors.some((e) => e.region === 'global')
    ? Object.keys(context.watchSince).filter((region) => !survey.skipped.some((s) => s.region === region))
    : survey.errors.map((e) => e.region);
  for (const region of unread) {
    const since = context.watchSince[region];
    const last = context.readAt[region];
    if (since === undefined || last === undefined || region in watchSince) continue;
    watchSince[region] = since;
    readAt[region] = last;
  }
  return { watchSince, readAt };
}

/** The context after a survey's answer: its findings, the watch (restarted after a gap), and deadlines moved by downtime. */
export function afterSurvey(context: AccountContext, result: CallResult<SurveyResult>): Partial<AccountContext> {
  const moved = resumedTimes(context, result.startedAt, ['blockedSince', 'refusedAt']);
  // A survey that read nothing leaves the watch as it was: the gap since each region's last read decides next time.
  if (!result.ok) return { ...moved, now: result.at, surveyError: result.error };
  const survey = result.value;
  return {
    ...moved,
    now: result.at,
    surveyError: null,
    surveyedAt: survey.startedAt,
    ...watchAfter(context, survey, result.at),
    blockers: survey.blockers,
    surveyErrors: survey.errors,
    skippedRegions: survey.skipped,
    knownNetworks: dedupeNetworks([...context.knownNetworks, ...survey.networks]),
  };
}
