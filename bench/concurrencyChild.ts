/**
 * Entry point of the process that measures one size of the concurrency table (see
 * `concurrencyAlone`): `concurrencyChild.ts <environments> <rounds> <shape JSON>`; prints the row as
 * one line of JSON.
 */
import { concurrencyAlone } from './concurrency';
import type { LifecycleShape } from './lifecycles';

async function main(): Promise<void> {
  const [count, rounds, shape] = process.argv.slice(2);
  const row = await concurrencyAlone(Number(count), JSON.parse(shape ?? '') as LifecycleShape, Number(rounds));
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
