// The short, seeded run of the server fuzz (test/fuzz/serverFuzz.ts): mutated files of this repository
// (examples and every .py under test/) opened in one real server and edited at random, some edits with
// ranges past a line's or the document's end, as a careless client sends them. The server must answer
// every request, publish diagnostics whose ranges lie inside the text the client holds, agree with a
// fresh open after each edit, and report on each final text what the CLI reports. The full run
// (10,000 files, 50,000 edits) is `npm run fuzz:server`, which CI runs; its figures say how long answers take.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzCorpus } from '../fuzz/fuzzCorpus';
import { describeFailure, describeFigures, runServerFuzz } from '../fuzz/serverFuzz';

const OPTIONS = { seed: 31337, files: 300, edits: 1800 };

test(`server fuzz, seed ${OPTIONS.seed}: ${OPTIONS.files} mutated files, ${OPTIONS.edits} edits through one server`, async (t) => {
  const figures = await runServerFuzz({ ...OPTIONS, corpus: fuzzCorpus(false).files, freshOpenEvery: 1 });
  for (const line of describeFigures(figures)) t.diagnostic(line);
  const failures = figures.failures.map((failure) => describeFailure(failure, OPTIONS).join('\n'));
  assert.deepEqual(failures, []);
  assert.equal(figures.exits, 0);
  assert.equal(figures.files, OPTIONS.files);
  assert.equal(figures.edits, OPTIONS.edits);
  assert.equal(figures.cliCompared + figures.cliNotComparable, OPTIONS.files);
  assert.ok(figures.fixAllMs.length > 0, 'no "Fix all" was resolved: the run does not exercise codeAction/resolve');
});
