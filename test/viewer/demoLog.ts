/**
 * A recorded demo run for the viewer's tests: the whole lifecycle on the simulator, written by
 * `--inspect-log` exactly as a user would record it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import { tmp } from '../cli/helpers';

/** Where the run log is and its text. */
export interface DemoLog {
  dir: string;
  path: string;
  text: string;
}

/** Records `demo --seed <seed>` to a fresh run log. */
export async function recordDemo(seed = 1): Promise<DemoLog> {
  const dir = tmp();
  const path = join(dir, 'run.jsonl');
  const io = memoryIo();
  const code = await main(['demo', '--seed', String(seed), '--inspect-log', path, '--heartbeat', '0'], io);
  if (code !== 0) throw new Error(`demo ended with ${code}: ${io.stderr.join('\n')}`);
  return { dir, path, text: readFileSync(path, 'utf8') };
}
