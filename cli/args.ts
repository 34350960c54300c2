/**
 * A small, strict command-line parser: `--name value`, `--flag`, and positional words. Unknown
 * options are errors, so a typo never silently changes what runs against an account.
 */

/** The options a command accepts: name → whether it takes a value. */
export type OptionSpec = Record<string, 'value' | 'flag'>;

/** Parsed arguments. */
export interface ParsedArgs {
  positional: string[];
  values: Record<string, string>;
  flags: Set<string>;
}

/** A usage mistake: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` against `spec`. */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], values: {}, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const kind = spec[rawName];
    if (kind === undefined) throw new UsageError(`unknown option --${rawName}`);
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${rawName} takes no value`);
      parsed.flags.add(rawName);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${rawName} needs a value`);
    parsed.values[rawName] = value;
  }
  return parsed;
}

/** A comma-separated list option, or `fallback` when absent. */
export function listOption(args: ParsedArgs, name: string, fallback: string[] = []): string[] {
  const raw = args.values[name];
  return raw === undefined ? fallback : raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A numeric option within bounds, or `fallback` when absent. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, bounds: { min: number; max: number }): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw new UsageError(`--${name} must be a number from ${bounds.min} to ${bounds.max}, got "${raw}"`);
  }
  return value;
}
