/**
 * Printing the benchmark's figures: Markdown tables, so the output pastes into the README and
 * closing notes as it is.
 */

/** A number with `digits` decimals. */
export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Prints a heading and a Markdown table; columns whose header ends in `:` are right-aligned (the colon is dropped). */
export function printTable(title: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const names = headers.map((h) => (h.endsWith(':') ? h.slice(0, -1) : h));
  const align = headers.map((h) => (h.endsWith(':') ? '---:' : '---'));
  console.log(`\n## ${title}\n`);
  console.log(`| ${names.join(' | ')} |`);
  console.log(`|${align.join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** Mean of a list (NaN for none). */
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Median of a list (NaN for none). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
