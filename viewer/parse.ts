/**
 * Reads a run log back: checks the header, then every event line, naming the line of anything
 * that is not a run log. A last line cut short (a run killed while writing) is left out.
 */
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunLog, type RunLogEvent, type RunLogHeader } from './format';

/** A file that is not a run log this version can read. */
export class RunLogError extends Error {
  override readonly name = 'RunLogError';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readHeader(value: unknown): RunLogHeader {
  if (!isObject(value) || value['type'] !== 'header' || value['format'] !== RUN_LOG_FORMAT) {
    throw new RunLogError('line 1 is not the header of a run log (written by --inspect-log FILE)');
  }
  const version = value['version'];
  if (typeof version !== 'number' || version > RUN_LOG_VERSION) throw new RunLogError(`the run log is of format version ${String(version)}; this mwaa-lifecycle reads version ${RUN_LOG_VERSION}`);
  if (!isObject(value['machines']) || typeof value['at'] !== 'number' || typeof value['real'] !== 'number') throw new RunLogError('line 1: the header lacks its machines or its times');
  for (const [id, graph] of Object.entries(value['machines'])) {
    if (!isObject(graph) || !Array.isArray(graph['states']) || !Array.isArray(graph['edges'])) throw new RunLogError(`line 1: the definition of machine ${id} has no states or edges`);
  }
  return value as unknown as RunLogHeader;
}

function readEvent(value: unknown, line: number): RunLogEvent {
  const ok =
    isObject(value) &&
    ['type', 'session', 'root', 'actor', 'kind'].every((key) => typeof value[key] === 'string') &&
    (value['parent'] === null || typeof value['parent'] === 'string') &&
    typeof value['at'] === 'number' &&
    typeof value['real'] === 'number';
  if (!ok) throw new RunLogError(`line ${line} is not an inspection event of a run log`);
  return value as unknown as RunLogEvent;
}

/** The run log in `text`; throws {@link RunLogError} naming the first line that does not fit. */
export function parseRunLog(text: string): RunLog {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  if (lines.length === 0) throw new RunLogError('the run log is empty');
  const parsed = (index: number): unknown => {
    try {
      return JSON.parse(lines[index] ?? '');
    } catch {
      if (index === lines.length - 1 && index > 0) return undefined;
      throw new RunLogError(`line ${index + 1} is not JSON`);
    }
  };
  const header = readHeader(parsed(0));
  const events: RunLogEvent[] = [];
  for (let index = 1; index < lines.length; index++) {
    if (lines[index]?.trim() === '') continue;
    const value = parsed(index);
    if (value !== undefined) events.push(readEvent(value, index + 1));
  }
  return { header, events };
}
