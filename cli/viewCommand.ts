/**
 * `view RUN.jsonl [--out FILE]`: writes the offline viewer of a recorded run, one HTML file that
 * needs no network, next to the log unless told where.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildViewer } from '../viewer';
import { RunLogError } from '../viewer/parse';
import { ExitCode, UsageError, type ExitCodeValue } from './args';
import type { Io } from './io';
import { fileProblem } from './preflight';
import { writeOutputFile } from './outputFile';

/** Options of `view`. */
export interface ViewFlags {
  out?: string;
}

/** Where the page goes by default: the log's path with `.html` for `.jsonl`. */
export const defaultViewerPath = (log: string): string => (/\.jsonl?$/i.test(log) ? log.replace(/\.jsonl?$/i, '.html') : `${log}.html`);

/** Reads the run log at `log` and writes its viewer; a log that cannot be read is a usage error. */
export async function viewCommand(log: string, flags: ViewFlags, io: Io): Promise<ExitCodeValue> {
  let text: string;
  try {
    text = readFileSync(log, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the run log ${log}: ${fileProblem(e)}`);
  }
  const out = flags.out ?? defaultViewerPath(log);
  if (out === log) throw new UsageError(`--out ${out} would overwrite the run log`);
  let page: Awaited<ReturnType<typeof buildViewer>>;
  try {
    page = await buildViewer(text, basename(log));
  } catch (e) {
    if (e instanceof RunLogError) throw new UsageError(`${log}: ${e.message}`);
    throw e;
  }
  writeOutputFile(out, page.html, 'the viewer');
  io.out(`wrote ${out}: ${page.replay.frames.length} steps of ${page.replay.events} events; open it in a browser (it works offline)`);
  return ExitCode.done;
}
