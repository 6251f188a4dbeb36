// How eagerly V8 optimises the linter's code during a lint run. V8 counts how much of a function's bytecode has
// run (its interrupt budget) before asking its optimising compiler for it; a linter has a great deal of code run a
// few hundred times each, so on a run of a few seconds the optimising compiler works on background threads for
// nearly as much CPU as the lint itself, and much of what it makes is used only briefly. A larger budget optimises
// only what runs longer. Measured on 2 cores, `loopscope lint --no-cache`, runs interleaved (CPU s; wall s):
//   CPython asyncio + test_asyncio (69 files)    V8's budget 1.95 CPU, 1.27 wall;  this one 1.60 CPU, 1.18 wall
//   the real-world corpus (926 files)            V8's budget 7.95 CPU, 6.11 wall;  this one 8.03 CPU, 6.35 wall
// (within the noise of this machine on the long run; a lint of a project's changed files is the short kind). Like the
// heap factors (lintHeap.ts), the budget is read whenever a function's count starts, so setting it now holds for the
// code the lint runs from here on.
import v8 from 'node:v8';

/** Bytecode a function runs before V8 considers optimising it (V8's own: 132 KB). */
const INTERRUPT_BUDGET = 300 * 1024;

export function optimiseLessEagerly(): void {
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
