// Which of the chains from one function to a blocking call LOOP108 shows: one that always blocks, else one that blocks
// wherever its loops have anything to work on, else one behind a branch. Asked in one file and through module summaries.

/** What a hop of a chain says of when it runs (a ChainLink of LOOP108, a BlockingLink or CallSite of a summary). */
interface ConditionedHop {
  readonly condition?: string;
  readonly loopsOnly?: true;
}

/**
 * How far a chain is from blocking on every path, the one to show lowest: 0 on every path; 1 on its function's main
 * path, where only loops hold its hops (a `for` over the config files a helper finds: harlequin's `load_config()` opening each one); 2 behind a branch
 * (`if path.stem == "pyproject":`). A call reaching a blocking call both ways is reported through the lower: a loop
 * condition was no condition before LOOP108 quoted loops, and quoting it made no chain behind a branch likelier than
 * it (harlequin's debug screen was reported through the `pyproject.toml` test its test patched out).
 */
export function conditionRank(chain: readonly ConditionedHop[]): 0 | 1 | 2 {
  let rank: 0 | 1 | 2 = 0;
  for (const hop of chain) {
    if (hop.condition === undefined) continue;
    if (!hop.loopsOnly) return 2;
    rank = 1;
  }
  return rank;
}
