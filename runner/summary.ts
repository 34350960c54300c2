/**
 * The few facts a person looks at, read from a lifecycle's snapshot after each step and kept in
 * its row: the environment's status and phase, what blocks the role and why the gate waits.
 */
import type { Snapshot } from 'xstate';

/** What `status` shows for a lifecycle between steps. */
export interface LifecycleSummary {
  /** The environment's MWAA status, when known. */
  status?: string;
  phase?: string;
  /** Why the role's deletion gate is waiting. */
  waitReason?: string;
  /** What still uses the role, per region. */
  blockers?: unknown[];
  /** Regions the last survey could not read. */
  surveyErrors?: unknown[];
  /** Why the lifecycle has not started yet. */
  waitingFor?: string;
}

/** Reads the summary out of a persisted snapshot. */
export function summaryOf(snapshot: Snapshot<unknown>): LifecycleSummary {
  const context = ((snapshot as { context?: unknown }).context ?? {}) as Record<string, unknown>;
  const environment = context['environment'] as { status?: unknown } | null | undefined;
  const summary: LifecycleSummary = {};
  if (environment && typeof environment.status === 'string') summary.status = environment.status;
  if (typeof context['phase'] === 'string') summary.phase = context['phase'];
  if (typeof context['waitReason'] === 'string') summary.waitReason = context['waitReason'];
  if (Array.isArray(context['blockers']) && context['blockers'].length > 0) summary.blockers = context['blockers'];
  if (Array.isArray(context['surveyErrors']) && context['surveyErrors'].length > 0) summary.surveyErrors = context['surveyErrors'];
  return summary;
}
