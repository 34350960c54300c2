/**
 * The offline viewer of a recorded run: `mwaa-lifecycle view RUN.jsonl` turns a run log into one
 * HTML page that replays it. Diagrams are drawn from the definitions the log recorded, so an old
 * log shows the machines as they were when it ran.
 */
import { graphToSvg } from '../diagram/svg';
import { viewerHtml } from './html';
import { parseRunLog } from './parse';
import { replay, type Replay } from './replay';

export type { RunLog, RunLogEvent, RunLogHeader, RunFacts } from './format';
export { RUN_LOG_FORMAT, RUN_LOG_VERSION } from './format';
export { parseRunLog, RunLogError } from './parse';
export { replay, type Frame, type Replay } from './replay';
export { activeStateIds, stateText } from './stateIds';
export { viewerHtml, inlineSvg, escapeHtml, type ViewerPage } from './html';

/** The order machines are shown in: the orchestrator, then its children; any other after them. */
const SHOWN_FIRST = ['account', 'serviceLinkedRole', 'environment'];

/** The viewer page for the run log in `text`, titled `title`, and the replay it shows. */
export async function buildViewer(text: string, title: string): Promise<{ html: string; replay: Replay }> {
  const log = parseRunLog(text);
  const ids = Object.keys(log.header.machines).sort((a, b) => rank(a) - rank(b));
  const svgs: Record<string, string> = {};
  for (const id of ids) {
    const graph = log.header.machines[id];
    if (graph) svgs[id] = await graphToSvg(graph);
  }
  const shown = replay(log);
  return { html: viewerHtml({ title, svgs, replay: shown }), replay: shown };
}

function rank(id: string): number {
  const index = SHOWN_FIRST.indexOf(id);
  return index < 0 ? SHOWN_FIRST.length : index;
}
