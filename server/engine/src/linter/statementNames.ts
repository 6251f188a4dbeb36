// Which top-level statements of a document may define or bind each module-level name: what a re-lint's semantic
// model needs to build, of the statements it keeps, only those a question reaches (SemanticModel.buildDeferring).
// Kept from one lint of the document to the next in its memo, and added to as statements change: made anew over
// every statement, it cost 0.4 ms and 340 KB a keystroke in a 5,000-line module.
import type { StatementFacts, StatementLint } from './topLevelStatements';

/**
 * Each name, with the statements that define it anywhere inside (def and class names) or bind it in the module, each
 * known by its facts: a statement no edit touched keeps its facts object from lint to lint, a changed one has new
 * ones. Only ever added to, so that the older memos sharing it still find all theirs: the entries of statements since
 * gone are found among no later lint's statements. Listed again from the live statements when those pile up.
 */
export class StatementNames {
  private readonly byName = new Map<string, StatementFacts[]>();
  private entries = 0;
  /** How many entries it had when it listed only live statements. */
  private readonly liveEntries: number;

  /** The names of a lint's statements. */
  constructor(statements: readonly StatementLint[]) {
    for (const { facts, moduleBindings } of statements) this.add(facts, facts.defines, moduleBindings.keys());
    this.liveEntries = this.entries;
  }

  /** Adds the statement known by `facts` as a holder of each of `names`. */
  add(facts: StatementFacts, ...names: Iterable<string>[]): void {
    for (const list of names) {
      for (const name of list) {
        const holders = this.byName.get(name);
        if (holders?.includes(facts)) continue;
        if (holders) holders.push(facts);
        else this.byName.set(name, [facts]);
        this.entries++;
      }
    }
  }

  /** Whether enough was added since it listed only live statements to list them again (the dead may be as many). */
  get worthRelisting(): boolean {
    return this.entries - this.liveEntries > Math.max(128, this.liveEntries / 8);
  }

  /**
   * Of `current` (the facts of a lint's statements, in source order), the indexes of those defining or binding `name`,
   * in order.
   */
  holdersOf(name: string, current: readonly StatementFacts[]): number[] | undefined {
    const holders = this.byName.get(name);
    if (!holders) return undefined;
    const found: number[] = [];
    for (const facts of holders) {
      const index = current.indexOf(facts);
      if (index >= 0) found.push(index);
    }
    return found.length > 0 ? found.sort((a, b) => a - b) : undefined;
  }
}
