/** Random numbers from a fixed seed (mulberry32), so every run checks or builds the same things. */
export class SeededRandom {
  #state: number;
  constructor(seed: number) {
    this.#state = seed;
  }
  next(): number {
    let t = (this.#state += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
}
