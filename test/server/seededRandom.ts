// A repeatable random number source for tests that make random edits.

/**
 * Returns `next(limit)`: an integer in [0, limit), the same sequence for the same seed (mulberry32:
 * 32-bit integer arithmetic, so every bit of the state is exact and small limits draw every value).
 */
export function seededRandom(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return Math.floor((((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32) * limit);
  };
}
