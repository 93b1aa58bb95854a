/**
 * The generator's only source of randomness: one seeded stream (seedrandom's Alea, fast
 * and reproducible across platforms), consumed in a fixed order so that the same seed
 * gives byte-identical files.
 */
import seedrandom from 'seedrandom';

export class Rng {
  private readonly next: () => number;

  constructor(seed: number | string) {
    this.next = seedrandom.alea(String(seed));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream order simple). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    for (let i = 0; i < count && pool.length > 0; i++) {
      const j = Math.floor(this.next() * pool.length);
      out.push(pool[j] as T);
      pool[j] = pool[pool.length - 1] as T;
      pool.pop();
    }
    return out;
  }
}

/** A categorical distribution drawn by a linear scan (the lists here are short). */
export class Weighted<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let running = 0;
    entries.forEach(([, weight], i) => {
      running += weight / total;
      this.cumulative[i] = running;
    });
    this.cumulative[entries.length - 1] = 1;
  }

  draw(rng: Rng): T {
    const u = rng.float();
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (u < (c[i] as number)) return this.values[i] as T;
    return this.values[this.values.length - 1] as T;
  }
}
