/**
 * EC2's query-protocol lists and filters: `RegionName.1=...`, `Filter.1.Name=vpc-id&Filter.1.Value.1=...`.
 * Separate filters are ANDed, the values of one filter ORed; values may use EC2's wildcards
 * (`*` any run of characters, `?` one character); names and values are case-sensitive.
 */
import { FrontError } from '../wire';

/** One `Filter.N` of a request. */
export interface Ec2Filter {
  name: string;
  values: string[];
}

/**
 * The values a resource offers to a filter name, or `null` when the operation has no such filter.
 * `tag:<key>` and `tag-key` are answered from `tags`.
 */
export type FilterFields = (name: string) => readonly string[] | null;

/** The values of a numbered list parameter (`RegionName.1`, `RegionName.2`, ...), in index order. */
export function indexedValues(params: URLSearchParams, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`);
  const found: Array<[number, string]> = [];
  for (const [key, value] of params) {
    const m = pattern.exec(key);
    if (m !== null) found.push([Number(m[1]), value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** The request's `Filter.N.Name` / `Filter.N.Value.M` parameters, in index order. */
export function filtersOf(params: URLSearchParams): Ec2Filter[] {
  const indexes = new Set<number>();
  for (const key of params.keys()) {
    const m = /^Filter\.(\d+)\./.exec(key);
    if (m !== null) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => {
      const name = params.get(`Filter.${i}.Name`);
      if (name === null || name === '') throw new FrontError('InvalidParameterValue', 400, `The filter Filter.${i} has no Name`);
      return { name, values: indexedValues(params, `Filter.${i}.Value`) };
    });
}

const globs = new Map<string, RegExp>();

/** A character as a regular expression that matches only itself. */
const literal = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** An EC2 filter value as a matcher: `*` and `?` are wildcards, `\` escapes them. */
function matcher(pattern: string): RegExp {
  let re = globs.get(pattern);
  if (re === undefined) {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern.charAt(i);
      if (ch === '\\' && i + 1 < pattern.length) source += literal(pattern.charAt(++i));
      else if (ch === '*') source += '.*';
      else if (ch === '?') source += '.';
      else source += literal(ch);
    }
    re = new RegExp(`^${source}$`, 's');
    globs.set(pattern, re);
  }
  return re;
}

/** The filter fields of a resource's tags: `tag:<key>` (the value) and `tag-key`. */
export function tagFields(tags: Readonly<Record<string, string>>, name: string): readonly string[] | null {
  if (name === 'tag-key') return Object.keys(tags);
  if (name === 'tag-value') return Object.values(tags);
  if (name.startsWith('tag:')) {
    const value = tags[name.slice(4)];
    return value === undefined ? [] : [value];
  }
  return null;
}

/** Throws EC2's InvalidParameterValue for a filter name the operation does not know. */
export function checkFilterNames(filters: readonly Ec2Filter[], known: (name: string) => boolean): void {
  for (const f of filters) if (!known(f.name)) throw new FrontError('InvalidParameterValue', 400, `The filter '${f.name}' is invalid`);
}

/** True when every filter has a value matching one of the resource's values for it. */
export function matchesAll(fields: FilterFields, filters: readonly Ec2Filter[]): boolean {
  return filters.every((f) => {
    const actual = fields(f.name) ?? [];
    return f.values.some((v) => {
      const re = matcher(v);
      return actual.some((a) => re.test(a));
    });
  });
}
