// A repeatable random number source for tests that make random edits.

/** Returns `next(limit)`: an integer in [0, limit), the same sequence for the same seed. */
export function seededRandom(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % limit;
  };
}
