/**
 * `--durations FILE`: the phase durations past runs observed, read before the run (to derive the
 * polling schedule from them) and written back with this run's after it. Durations are not
 * secrets, but the file is written like every other file of the tool: owner-only, atomically,
 * never through a link.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { LEARNED_PHASES, mergeSamples, type DurationSamples } from '../machines/learnedDurations';
import { UsageError } from './args';
import { assertWritablePath, UnsafePathError, writeFileSafely } from './safeWrite';

/** The file's format version. */
export const DURATIONS_FILE_VERSION = 1;

/** The longest duration a sample may hold: a week. */
const MAX_SAMPLE_MS = 7 * 24 * 3600_000;

const samplesSchema = z.array(z.number().finite().positive().max(MAX_SAMPLE_MS)).max(10_000);

const fileSchema = z
  .object({
    version: z.literal(DURATIONS_FILE_VERSION),
    samplesMs: z.object(Object.fromEntries(LEARNED_PHASES.map((phase) => [phase, samplesSchema.optional()])) as Record<(typeof LEARNED_PHASES)[number], z.ZodOptional<typeof samplesSchema>>).strict(),
  })
  .strict();

/** Reads the samples in `path`; a file that does not exist yet holds none. Anything else wrong is a usage error. */
export function readDurationsFile(path: string): DurationSamples {
  // Checked now, before any AWS call, since the file is written back after the run.
  try {
    assertWritablePath(path);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new UsageError(`--durations: ${e.message}`);
    throw e;
  }
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`the durations file ${path} is not readable JSON: ${(e as Error).message}`);
  }
  const checked = fileSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new UsageError(`the durations file ${path} is not one this tool wrote${where}: ${issue?.message ?? 'invalid'}`);
  }
  const out: DurationSamples = {};
  for (const phase of LEARNED_PHASES) {
    const samples = checked.data.samplesMs[phase];
    if (samples && samples.length > 0) out[phase] = samples;
  }
  return out;
}

/** Writes `earlier` and this run's `added` samples to `path`, keeping the latest of each phase. */
export function writeDurationsFile(path: string, earlier: DurationSamples, added: DurationSamples): void {
  const samplesMs = mergeSamples(earlier, added);
  writeFileSafely(path, `${JSON.stringify({ version: DURATIONS_FILE_VERSION, samplesMs }, null, 2)}\n`);
}
