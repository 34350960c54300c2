/**
 * Polling that learns from past runs: how long each phase took, read from the machines' progress
 * events, kept as samples, and turned back into the duration distributions `distributionPolicy`
 * derives its schedule from. A phase counts only when it ended because MWAA's status moved on
 * (AVAILABLE, CREATE_FAILED, DELETED, the cleanup confirmed, ...), never when the run stopped,
 * timed out or failed on an API error, so an interrupted run teaches nothing wrong.
 */
import type { EnvironmentOutcome } from './environment.types';
import type { DurationDistribution } from './pollSchedule';
import type { ProgressEvent } from './progress';

/** The phases learnt from past runs. */
export const LEARNED_PHASES = ['create', 'update', 'delete', 'cleanup'] as const;

/** A phase learnt from past runs. */
export type LearnedPhase = (typeof LEARNED_PHASES)[number];

/** Observed durations per phase, ms, oldest first. */
export type DurationSamples = Partial<Record<LearnedPhase, number[]>>;

/** How many samples per phase are kept: the latest ones, so the distribution follows AWS as it changes. */
export const MAX_SAMPLES_PER_PHASE = 200;

/** How many samples a phase needs before they replace the default distribution. */
export const MIN_SAMPLES_TO_LEARN = 5;

/** The outcomes that end each phase by a status change, as opposed to a timeout or an error. */
const NATURAL_ENDS: Record<LearnedPhase, ReadonlySet<EnvironmentOutcome['result']>> = {
  create: new Set(['available', 'pending', 'createFailed']),
  update: new Set(['updated', 'rolledBack']),
  delete: new Set(['deleted']),
  cleanup: new Set(['deleted']),
};

const isLearned = (phase: string): phase is LearnedPhase => (LEARNED_PHASES as readonly string[]).includes(phase);

/**
 * Collects phase durations from progress events (`startMachine`'s `onProgress`): a phase's sample
 * is the time from its start to the event that shows it over, on the run's clock, so it includes
 * the notice lag of the poll that saw the end.
 */
export class PhaseDurationRecorder {
  private readonly current = new Map<string, { phase: string; since: number }>();
  private readonly collected: Record<LearnedPhase, number[]> = { create: [], update: [], delete: [], cleanup: [] };

  /** Feeds one progress event; only environment events matter. */
  observe(event: ProgressEvent): void {
    if (event.type !== 'environment') return;
    const before = this.current.get(event.key);
    if (before && isLearned(before.phase)) {
      // Moving to the next phase is a status change; an outcome counts when it is one of the phase's own ends.
      const endedNaturally = event.phase !== before.phase || (event.outcome !== null && NATURAL_ENDS[before.phase].has(event.outcome.result));
      const ms = event.at - before.since;
      if (endedNaturally && ms > 0) this.collected[before.phase].push(ms);
    }
    if (event.outcome !== null) this.current.delete(event.key);
    else this.current.set(event.key, { phase: event.phase, since: event.since });
  }

  /** The samples collected so far, per phase, in the order the phases ended. */
  samples(): DurationSamples {
    const out: DurationSamples = {};
    for (const phase of LEARNED_PHASES) if (this.collected[phase].length > 0) out[phase] = [...this.collected[phase]];
    return out;
  }
}

/** `earlier` followed by `later`, keeping the latest {@link MAX_SAMPLES_PER_PHASE} of each phase. */
export function mergeSamples(earlier: DurationSamples, later: DurationSamples, max = MAX_SAMPLES_PER_PHASE): DurationSamples {
  const out: DurationSamples = {};
  for (const phase of LEARNED_PHASES) {
    const all = [...(earlier[phase] ?? []), ...(later[phase] ?? [])];
    if (all.length > 0) out[phase] = all.slice(-max);
  }
  return out;
}

/**
 * The distributions to pass to `distributionPolicy({ distributions })`: `{ samplesMs }` for each
 * phase with at least `minSamples` samples; the other phases keep the defaults.
 */
export function learnedDistributions(samples: DurationSamples, minSamples = MIN_SAMPLES_TO_LEARN): Partial<Record<LearnedPhase, DurationDistribution>> {
  const out: Partial<Record<LearnedPhase, DurationDistribution>> = {};
  for (const phase of LEARNED_PHASES) {
    const seen = samples[phase] ?? [];
    if (seen.length >= minSamples) out[phase] = { samplesMs: seen };
  }
  return out;
}
