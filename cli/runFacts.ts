/**
 * The few facts of a machine's context a run log keeps: each environment's status, what blocks
 * the role, the role's deletion task. Read defensively, so a log is still written when a snapshot
 * lacks a field.
 */
import type { AccountContext } from '../machines/account.types';
import type { EnvironmentContext } from '../machines/environment.types';
import type { ServiceLinkedRoleContext } from '../machines/serviceLinkedRole.types';
import type { AccountFacts, BlockerFacts, EnvironmentFacts, RoleFacts, RunFacts } from '../viewer/format';

/** The parts of a snapshot the facts are read from. */
export interface FactsSource {
  readonly status?: string;
  readonly context?: unknown;
  readonly output?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** `output.result` of a finished machine. */
const resultOf = (source: FactsSource): string | null =>
  source.status === 'done' && typeof source.output === 'object' && source.output !== null ? textOrNull((source.output as { result?: unknown }).result) : null;

function environmentFacts(context: Partial<EnvironmentContext>, source: FactsSource): EnvironmentFacts {
  return {
    key: `${text(context.region)}/${text(context.name)}`,
    operation: text(context.operation),
    phase: text(context.phase),
    status: textOrNull(context.environment?.status),
    result: resultOf(source),
  };
}

function roleFacts(context: Partial<ServiceLinkedRoleContext>, source: FactsSource): RoleFacts {
  return { operation: text(context.operation), taskStatus: textOrNull(context.task?.status), result: resultOf(source) };
}

function accountFacts(context: Partial<AccountContext>, source: FactsSource): AccountFacts {
  const blockers: BlockerFacts[] = (Array.isArray(context.blockers) ? context.blockers : []).map((b) => ({
    region: text(b.region),
    kind: text(b.kind),
    id: text(b.id),
    status: text(b.status),
  }));
  const unreadable = (Array.isArray(context.surveyErrors) ? context.surveyErrors : []).map((problem) => text(problem.region));
  return { blockers, unreadable, waitReason: textOrNull(context.waitReason), result: resultOf(source) };
}

/** The facts of a snapshot of machine `kind`, or undefined for logic other than the environment, role and account machines. */
export function runFacts(kind: string, source: FactsSource): RunFacts | undefined {
  const context = source.context;
  if (typeof context !== 'object' || context === null) return undefined;
  switch (kind) {
    case 'environment':
      return { environment: environmentFacts(context, source) };
    case 'serviceLinkedRole':
      return { role: roleFacts(context, source) };
    case 'account':
      return { account: accountFacts(context, source) };
    default:
      return undefined;
  }
}
