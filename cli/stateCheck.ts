/**
 * The shape a saved actor tree must have before it is restored: a state file edited by hand, cut
 * short or written by something else is refused here, before any AWS call, instead of failing in
 * the middle of a run or restoring into a machine with nothing to do.
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStateValue = (v: unknown): boolean => typeof v === 'string' || (isRecord(v) && Object.values(v).every(isStateValue));

/** Machines whose snapshots carry a context and a state value; the other children are promise actors. */
const MACHINES: Readonly<Record<string, readonly string[]>> = {
  environment: ['operation', 'region', 'name', 'phase'],
  serviceLinkedRole: ['operation', 'phase'],
};

/** The orchestrator's context fields a run cannot go on without. */
const ACCOUNT_FIELDS: ReadonlyArray<[string, (v: unknown) => boolean]> = [
  ['regions', Array.isArray],
  ['environments', Array.isArray],
  ['running', Array.isArray],
  ['blockers', Array.isArray],
  ['results', isRecord],
  ['watchSince', isRecord],
  ['readAt', isRecord],
  ['plan', (v) => v === 'apply' || v === 'teardown' || v === 'deleteRole'],
  ['forceRoleDeletion', (v) => typeof v === 'boolean'],
];

function machineProblem(snapshot: unknown, where: string, fields: readonly string[], root = false): string | null {
  if (!isRecord(snapshot)) return `${where} is not an object`;
  // A finished child may still be in the tree for a moment; the root itself must be running.
  if (snapshot['status'] !== 'active' && (root || snapshot['status'] !== 'done')) return `${where} is not a running machine (status ${JSON.stringify(snapshot['status'])})`;
  if (!isStateValue(snapshot['value'])) return `${where} has no state value`;
  const context = snapshot['context'];
  if (!isRecord(context)) return `${where} has no context`;
  const missing = fields.filter((f) => !(f in context));
  if (missing.length > 0) return `${where}'s context lacks ${missing.join(', ')}`;
  return childrenProblem(snapshot['children'], where);
}

function childrenProblem(children: unknown, where: string): string | null {
  if (children === undefined) return null;
  if (!isRecord(children)) return `${where}'s children are not an object`;
  for (const [id, child] of Object.entries(children)) {
    const at = `${where} > ${id}`;
    if (!isRecord(child) || typeof child['src'] !== 'string' || !isRecord(child['snapshot'])) return `${at} is not a saved actor`;
    const fields = MACHINES[child['src']];
    const problem = fields ? machineProblem(child['snapshot'], at, fields) : null;
    if (problem !== null) return problem;
  }
  return null;
}

/** Why `snapshot` cannot be the orchestrator's saved tree, or `null` if it can. */
export function snapshotProblem(snapshot: unknown): string | null {
  const problem = machineProblem(snapshot, 'the snapshot', [], true);
  if (problem !== null) return problem;
  const root = snapshot as { context: Record<string, unknown>; children?: Record<string, unknown> };
  for (const [field, valid] of ACCOUNT_FIELDS) {
    if (!valid(root.context[field])) return `the snapshot's context has no valid ${field}`;
  }
  // Every environment the orchestrator waits for must come back with it, or the run would wait for nothing.
  const children = root.children ?? {};
  const lost = (root.context['running'] as unknown[]).filter((id) => typeof id !== 'string' || !(id in children));
  if (lost.length > 0) return `the snapshot waits for ${lost.map(String).join(', ')} but does not hold ${lost.length === 1 ? 'it' : 'them'}`;
  return null;
}
