// The full server fuzz, as CI runs it (`npm run fuzz:server`, called by .ci/run): by default 10,000
// mutated files and 50,000 edits through one server, the corpus with CPython's test_asyncio when it is
// on the machine. Prints the seed first, its figures at the end, and each failure with the command
// that runs its file again alone. Exit status 1 on any failure: a server exit, a range outside the
// text, a difference from a fresh open or from the CLI, an error the server logs, or an answer of 1 s
// or more on a file under 1 MB that is that slow again when its file is run again at the end.
//   --seed N        the run's seed (default: a new one, printed)
//   --files N       mutated files (default 10000)
//   --edits N       edits in all (default 50000)
//   --file N        only file N of the run (with the seed, files and edits a failure printed)
//   --from N        only files N and after (with --to M: before M)
//   --fresh-every N compare with a fresh open after every N-th edit of a file (default 1)
//   --no-cpython    leave CPython's tests out of the corpus
import { parseArgs } from 'node:util';
import { fuzzCorpus } from './fuzzCorpus';
import { describeFailure, describeFigures, runServerFuzz } from './serverFuzz';

/** The time target for one answer on a file under 1 MB (issue 17). */
const RESPONSE_TARGET_MS = 1000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      files: { type: 'string', default: '10000' },
      edits: { type: 'string', default: '50000' },
      file: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'fresh-every': { type: 'string', default: '1' },
      'no-cpython': { type: 'boolean', default: false },
    },
  });
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new Error(`--${name} takes a whole number, not '${text}'`);
    return Number(text);
  };
  const seed = number('seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  const files = number('files', values.files)!;
  const edits = number('edits', values.edits)!;
  const corpus = fuzzCorpus(!values['no-cpython']);
  console.log(
    `server fuzz: seed ${seed}, ${files} files, ${edits} edits; corpus ${corpus.files.length} files` +
      (corpus.cpythonTests ? ` (with CPython's tests from ${corpus.cpythonTests})` : " (without CPython's tests: not found)"),
  );
  const figures = await runServerFuzz({
    seed,
    files,
    edits,
    corpus: corpus.files,
    freshOpenEvery: number('fresh-every', values['fresh-every'])!,
    only: only(number('file', values.file), number('from', values.from), number('to', values.to), files),
    progress: (line) => console.log(`  ${line}`),
    onFailure: (failure) => console.log(describeFailure(failure, { seed, files, edits }).join('\n')),
    responseTargetMs: RESPONSE_TARGET_MS,
  });
  for (const line of describeFigures(figures)) console.log(line);
  return figures.failures.length === 0 && figures.exits === 0 && figures.hangs === 0 ? 0 : 1;
}

/** The files to run: `--file N`, or `--from N` / `--to M`; all when none is given. */
function only(
  file: number | undefined,
  from: number | undefined,
  to: number | undefined,
  files: number,
): { from: number; to: number } | undefined {
  if (file !== undefined) return { from: file, to: file + 1 };
  if (from === undefined && to === undefined) return undefined;
  return { from: from ?? 0, to: to ?? files };
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
