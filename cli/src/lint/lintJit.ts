// How eagerly V8 optimises the linter's code during a lint run. V8 counts how much of a function's bytecode has
// run (its interrupt budget) before asking its optimising compiler for it; a linter has a great deal of code run a
// few hundred times each, so on a run of a few seconds the optimising compiler works on background threads for
// nearly as much CPU as the lint itself, and much of what it makes is used only briefly. A larger budget optimises
// only what runs longer. Measured on 2 cores, `loopscope lint --no-cache`, runs interleaved (CPU s; wall s):
//   CPython asyncio + test_asyncio (69 files)    V8's budget 1.95 CPU, 1.27 wall;  300 KB 1.60 CPU, 1.18 wall
//   the real-world corpus (926 files)            V8's budget 7.95 CPU, 6.11 wall;  300 KB 8.03 CPU, 6.35 wall
// and later, 300 KB against 600 KB on a loaded 2-core machine (CPU of the whole process, median of the per-round
// ratio of runs interleaved; the background threads' CPU falls by about a fifth, the main thread's rises a little):
//   CPython asyncio + test_asyncio (69 files, 15 rounds)    600 KB 0.91× (quartiles 0.87–1.05)
//                                  (again, 21 rounds)        600 KB 0.98× (0.93–1.03); medians 2.33 s against 2.14 s,
//                                                            of which background 0.77 s against 0.61 s
//   aiohttp (165 files, 7 rounds)                           600 KB 0.90× (medians 5.33 s against 4.79 s)
//   five real-world projects (729 files, 250k lines, 5 rounds)   600 KB 0.98× (0.94–1.03); 1,200 KB was 1.05×
// (the machine's noise is ±10% a run; a lint of a project's changed files is the short kind). Like the heap factors
// (lintHeap.ts), the budget is read whenever a function's count starts, so setting it now holds for the code the lint
// runs from here on.
import v8 from 'node:v8';

/** Bytecode a function runs before V8 considers optimising it (V8's own: 132 KB). */
const INTERRUPT_BUDGET = 600 * 1024;

export function optimiseLessEagerly(): void {
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
