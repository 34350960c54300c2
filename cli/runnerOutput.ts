/**
 * How the runner's commands print lifecycles and their histories: aligned lines for people, or
 * with `--output json` one JSON object per line with the CLI's usual `schema`, `type` and `at`.
 */
import type { HistoryRow, LifecycleRow } from '../runner/store';
import { OUTPUT_SCHEMA } from './jsonEvents';

const iso = (date: Date | null): string | null => (date === null ? null : new Date(date.getTime()).toISOString());

/** A lifecycle as one `--output json` line. */
export function lifecycleJson(row: LifecycleRow): Record<string, unknown> {
  return {
    schema: OUTPUT_SCHEMA,
    type: 'lifecycle',
    at: new Date().toISOString(),
    id: row.id,
    account: row.account,
    region: row.region,
    name: row.name,
    operation: row.operation,
    phase: row.phase,
    state: row.stateValue ?? null,
    wakeAt: iso(row.wakeAt),
    summary: row.summary ?? null,
    result: row.result ?? null,
    outcome: row.outcome ?? null,
    version: row.version,
    steps: row.steps,
    createdAt: iso(row.createdAt),
    finishedAt: iso(row.finishedAt),
  };
}

/** A history row as one `--output json` line. */
export function historyJson(id: string, row: HistoryRow): Record<string, unknown> {
  return {
    schema: OUTPUT_SCHEMA,
    type: 'step',
    at: iso(row.at),
    id,
    version: row.version,
    worker: row.worker ?? null,
    state: row.stateValue ?? null,
    wakeAt: iso(row.wakeAt),
    happened: row.happened,
  };
}

const stateText = (value: unknown): string => (value === null || value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value));

/** What a lifecycle is doing, in a few words. */
function doing(row: LifecycleRow): string {
  const summary = row.summary ?? {};
  if (row.result !== null) return `${row.result}${row.result === 'notStarted' && typeof summary['waitingFor'] === 'string' ? `: ${summary['waitingFor']}` : ''}`;
  if (typeof summary['waitingFor'] === 'string') return `waiting: ${summary['waitingFor']}`;
  const parts = [stateText(row.stateValue)];
  if (typeof summary['status'] === 'string') parts.push(summary['status']);
  if (typeof summary['waitReason'] === 'string') parts.push(`role waits: ${summary['waitReason']}`);
  if (Array.isArray(summary['blockers'])) parts.push(`${summary['blockers'].length} blocker(s)`);
  if (row.wakeAt !== null) parts.push(`next step ${iso(row.wakeAt)}`);
  return parts.join(', ');
}

/** Lifecycles as aligned lines: id, phase, and what it is doing or how it ended. */
export function lifecycleLines(rows: readonly LifecycleRow[]): string[] {
  if (rows.length === 0) return ['no lifecycles'];
  const width = Math.max(...rows.map((r) => r.id.length));
  return rows.map((r) => `${r.id.padEnd(width)}  ${r.phase.padEnd(8)}  ${doing(r)}`);
}

/** A history as lines: version, time, what happened, the state and the wake time. */
export function historyLines(rows: readonly HistoryRow[]): string[] {
  return rows.map((h) => {
    const wake = h.wakeAt === null ? '' : `, wakes ${iso(h.wakeAt)}`;
    const state = h.stateValue === null || h.stateValue === undefined ? '' : ` [${stateText(h.stateValue)}]`;
    return `v${String(h.version).padEnd(4)} ${iso(h.at)}  ${h.happened}${state}${wake}${h.worker ? `  (${h.worker})` : ''}`;
  });
}
