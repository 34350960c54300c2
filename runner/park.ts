/**
 * Reads a persisted actor tree to tell whether the run is doing something (a port call or a
 * survey in flight) or only waiting, and until when. Waits are invoked actors with absolute
 * deadlines (`waitUntil` with `{ until }`, `waitForNextPoll` with a poll request), so a tree that
 * only waits can be put away and restored at its wake time with nothing lost.
 */
import type { Snapshot } from 'xstate';
import { nextPollAt, type PollPolicy, type PollRequest } from '../machines/polling';

/** What a tree is doing. */
export interface TreeActivity {
  /** Some actor other than a wait is running (a port call, a survey). */
  busy: boolean;
  /** The earliest deadline among the running waits (ms on the machines' clock), or `null` if nothing waits. */
  wakeAt: number | null;
}

interface PersistedChild {
  src?: unknown;
  snapshot?: { status?: unknown; input?: unknown; value?: unknown; children?: unknown };
}

/** Walks `snapshot` and its children, naming what runs and the earliest wake time of the waits. */
export function treeActivity(snapshot: Snapshot<unknown>, policy: PollPolicy): TreeActivity {
  const activity: TreeActivity = { busy: false, wakeAt: null };
  const wake = (at: number): void => {
    activity.wakeAt = activity.wakeAt === null ? at : Math.min(activity.wakeAt, at);
  };
  const visit = (node: { children?: unknown }): void => {
    const children = (node.children ?? {}) as Record<string, PersistedChild>;
    for (const child of Object.values(children)) {
      const snap = child.snapshot;
      if (!snap || snap.status !== 'active') continue;
      if (child.src === 'waitUntil') wake((snap.input as { until: number }).until);
      else if (child.src === 'waitForNextPoll') wake(nextPollAt(policy, snap.input as PollRequest));
      else if ('value' in snap) visit(snap);
      else activity.busy = true;
    }
  };
  visit(snapshot as { children?: unknown });
  return activity;
}

/**
 * The snapshot to restore a parked tree from, telling each waiting machine that the time up to
 * its wake (plus `slackMs`, the runner's own scheduling latency) was watched, not downtime. The
 * machines move their deadlines by any gap they did not observe between a state's entry and its
 * actor's start; a wait the runner put away on purpose and resumed on time is no such gap, while
 * a resume later than that (every worker down) still counts as one.
 */
export function resumePlannedWaits(snapshot: Snapshot<unknown>, policy: PollPolicy, now: number, slackMs: number): Snapshot<unknown> {
  const copy = structuredClone(snapshot);
  const visit = (node: { context?: unknown; children?: unknown }): void => {
    const children = (node.children ?? {}) as Record<string, PersistedChild>;
    let wake: number | null = null;
    for (const child of Object.values(children)) {
      const snap = child.snapshot;
      if (!snap || snap.status !== 'active') continue;
      const at = child.src === 'waitUntil' ? (snap.input as { until: number }).until : child.src === 'waitForNextPoll' ? nextPollAt(policy, snap.input as PollRequest) : null;
      if (at !== null) wake = wake === null ? at : Math.min(wake, at);
      else if ('value' in snap) visit(snap);
    }
    const context = node.context as { now?: unknown } | undefined;
    if (wake !== null && context && typeof context.now === 'number') context.now = Math.max(context.now, Math.min(wake + slackMs, now));
  };
  visit(copy as { context?: unknown; children?: unknown });
  return copy;
}
