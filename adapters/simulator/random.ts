/**
 * A small seeded PRNG (mulberry32). The simulator keeps separate streams for ids, durations and
 * fault draws, so adding a fault rule does not shift every id and duration of a scenario.
 */
import type { DurationRange } from './types';

/** A deterministic stream of pseudo-random numbers. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Where the stream stands, to save it; {@link Prng.resume} goes on from there. */
  position(): number {
    return this.state;
  }

  /** Goes on from a position {@link Prng.position} gave. */
  resume(position: number): void {
    this.state = position >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A duration drawn uniformly from `range`. */
  duration(range: DurationRange): number {
    return this.int(Math.max(0, Math.round(range.minMs)), Math.max(0, Math.round(range.maxMs)));
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    return this.id('', length);
  }

  /**
   * `prefix` then `length` lower-case hex digits, as one flat string. Ids live as long as their
   * resources, by the thousand: joined once, an id is one string in memory, where building it by
   * `+=` and slicing it would keep a chain of pieces alive for every id.
   */
  id(prefix: string, length: number): string {
    const parts = [prefix];
    for (let have = 0; have < length; have += 4) parts.push(this.int(0, 0xffff).toString(16).padStart(4, '0').slice(0, length - have));
    return parts.join('');
  }

  /** `length` characters from `alphabet`. */
  pick(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(this.int(0, alphabet.length - 1));
    return out;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'.charAt(this.int(0, 3));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** Independent streams derived from one seed. */
export interface PrngStreams {
  ids: Prng;
  durations: Prng;
  faults: Prng;
}

/** Derives the simulator's three streams from `seed`. */
export function prngStreams(seed: number): PrngStreams {
  const base = new Prng(seed);
  const derive = (): Prng => new Prng(Math.floor(base.next() * 4294967296));
  return { ids: derive(), durations: derive(), faults: derive() };
}

/** A stable 32-bit FNV-1a hash, for ids derived from names (a VPC id from a subnet id). */
export function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic id such as `vpc-0a1b...` derived from `seed`, `length` hex digits after the prefix. */
export function derivedId(prefix: string, seed: string, length = 17): string {
  // Joined once into one flat string, like Prng.id.
  const parts = [prefix, '-'];
  for (let i = 0, have = 0; have < length; i++, have += 8) parts.push(hashString(`${seed}#${i}`).toString(16).padStart(8, '0').slice(0, length - have));
  return parts.join('');
}
