// The seeded server fuzz: mutated real files opened in one language server (dist/server.js), random
// edits sent to each, every answer timed and checked. The server must stay up, publish diagnostics
// for each version with ranges inside the text the client holds, agree with a fresh open of the same
// text, and on each file's final text report exactly what the CLI reports. The short run is in
// `npm test` (test/server/serverFuzz.test.ts), the full one in CI (runServerFuzz.ts).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodePythonSource } from '../../server/engine/src/analysis/sourceText';
import { asSaved, fromServer, lintWithCli, type ComparableDiagnostic } from '../server/cliDiagnostics';
import { applyClientChanges, clientLines, type ClientChange } from '../server/clientText';
import { LspTestClient, type CodeActionResult, type LspRange, type PublishedDiagnostics } from '../server/lspClient';
import { seededRandom } from '../server/seededRandom';
import type { CorpusFile } from './fuzzCorpus';
import { mutateFile, randomChanges, type Next } from './fuzzMutations';

export interface FuzzOptions {
  readonly seed: number;
  /** Mutated files opened, one after another, each closed when its edits are done. */
  readonly files: number;
  /** `didChange` notifications sent in all, spread evenly over the files. */
  readonly edits: number;
  readonly corpus: readonly CorpusFile[];
  /** A fresh open of the same text is compared after every n-th edit (1: after each). */
  readonly freshOpenEvery: number;
  /** Runs only the files with these indexes, [from, to) (a failure's reproduction): each file draws from its own seeded stream. */
  readonly only?: { readonly from: number; readonly to: number };
  /** How many final texts go to one run of the CLI. */
  readonly cliBatch?: number;
  /** Called now and then with a line saying how far the run is. */
  readonly progress?: (line: string) => void;
  /** Called with each failure as it happens (a long run shows them before it ends). */
  readonly onFailure?: (failure: FuzzFailure) => void;
  /**
   * The time target for an answer on a file under 1 MB. A file with a slower answer is run again at
   * the end, on the same server: only when it misses the target again is that a failure (a machine
   * shared with other work can make any one answer slow).
   */
  readonly responseTargetMs?: number;
}

export interface FuzzFailure {
  readonly fileIndex: number;
  readonly corpusFile: string;
  /** 0: the open; n: the n-th `didChange`; 'final': the comparison with the CLI. */
  readonly step: number | 'final';
  readonly problem: string;
  readonly changes: readonly ClientChange[] | undefined;
  readonly textBefore: string;
  readonly textAfter: string;
}

export interface FuzzFigures {
  readonly seed: number;
  readonly corpusFiles: number;
  files: number;
  edits: number;
  /** Content changes in those edits (some edits carry several). */
  changes: number;
  /** Fresh opens compared with an edited document. */
  freshOpens: number;
  /** Hover and code-action requests. */
  requests: number;
  /** "Fix all" actions resolved (`codeAction/resolve`), and the time each took: held to no target (a whole file's fixes). */
  readonly fixAllMs: number[];
  exits: number;
  /** Times the server stopped answering (no diagnostics within 10 s): it was killed and another started. */
  hangs: number;
  /** Answers timed on files under 1 MB: opens and edits (until their diagnostics arrive) and requests. */
  readonly responseMs: number[];
  slowest: { ms: number; what: string };
  readonly responseTargetMs: number | undefined;
  /** Answers at or over `responseTargetMs`, in the run. */
  slowAnswers: number;
  /** Files run again for a slow answer, and how many of them were slow again (each also a failure). */
  slowFilesRerun: number;
  slowAgain: number;
  /** Files of 1 MB or more (their answers are not held to the time target). */
  largeFiles: number;
  cliCompared: number;
  /** Final texts the CLI cannot read as the server does (a coding declaration other than UTF-8, NUL). */
  cliNotComparable: number;
  readonly failures: FuzzFailure[];
  durationMs: number;
}

const ONE_MB = 1024 * 1024;

/** The seed of file `index`'s own stream, so any one file can be run again alone. */
function fileSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

/** Edits for file `index`: the total spread evenly, whole numbers adding up to it exactly. */
function editsFor(index: number, options: FuzzOptions): number {
  return Math.floor(((index + 1) * options.edits) / options.files) - Math.floor((index * options.edits) / options.files);
}

/** A server that can be waited on without hanging when it exits. */
class FuzzedServer {
  exited = false;
  /** It did not answer in time: whatever it is doing, the run goes on with another server. */
  unresponsive = false;
  private readonly exit: Promise<never>;

  private constructor(readonly client: LspTestClient) {
    this.exit = new Promise<never>((_, reject) =>
      client.process.once('exit', (code, signal) => {
        this.exited = true;
        reject(new Error(`the server exited (${signal ?? code}); stderr: ${client.stderr.join('').slice(-2000)}`));
      }),
    );
    this.exit.catch(() => undefined);
  }

  static async start(): Promise<FuzzedServer> {
    const server = new FuzzedServer(LspTestClient.start());
    // As VS Code does: "Fix all" comes without its edit, resolved when picked.
    await server.client.initializeWith({
      textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { resolveSupport: { properties: ['edit'] } } },
    });
    return server;
  }

  /** `promise`, or a rejection as soon as the server exits. */
  answer<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.exit]);
  }

  /** Shuts the server down; false when it exited with a failure status or had to be killed. */
  async shutdown(): Promise<boolean> {
    if (this.exited) return false;
    if (this.unresponsive) {
      this.client.process.kill('SIGKILL');
      return false;
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    const status = await Promise.race([this.client.shutdown(), timeout]);
    if (status === 'timeout') this.client.process.kill('SIGKILL');
    return status === 0;
  }
}

interface PendingComparison {
  readonly fileIndex: number;
  readonly corpusFile: string;
  readonly text: string;
  readonly server: ComparableDiagnostic[];
}

export async function runServerFuzz(options: FuzzOptions): Promise<FuzzFigures> {
  const started = performance.now();
  const figures: FuzzFigures = {
    seed: options.seed,
    corpusFiles: options.corpus.length,
    files: 0,
    edits: 0,
    changes: 0,
    freshOpens: 0,
    requests: 0,
    fixAllMs: [],
    exits: 0,
    hangs: 0,
    responseMs: [],
    slowest: { ms: 0, what: '' },
    responseTargetMs: options.responseTargetMs,
    slowAnswers: 0,
    slowFilesRerun: 0,
    slowAgain: 0,
    largeFiles: 0,
    cliCompared: 0,
    cliNotComparable: 0,
    failures: [],
    durationMs: 0,
  };
  const pending: PendingComparison[] = [];
  let reported = 0;
  const reportNew = (): void => {
    for (const failure of figures.failures.slice(reported)) options.onFailure?.(failure);
    reported = figures.failures.length;
  };
  const compareWithCli = (): void => {
    compareBatch(pending.splice(0), figures);
    reportNew();
  };
  const slowFiles: number[] = [];
  let server = await FuzzedServer.start();
  for (let index = 0; index < options.files; index++) {
    if (options.only && (index < options.only.from || index >= options.only.to)) continue;
    if (server.exited || server.unresponsive) {
      if (server.exited) figures.exits++;
      else {
        figures.hangs++;
        await server.shutdown();
      }
      server = await FuzzedServer.start();
    }
    const run = await fuzzOneFile(server, index, options, figures);
    if (run.final) pending.push(run.final);
    reportNew();
    if (options.responseTargetMs !== undefined && run.slowest.ms >= options.responseTargetMs) slowFiles.push(index);
    if (pending.length >= (options.cliBatch ?? 500)) compareWithCli();
    if (index % 250 === 249) options.progress?.(`${index + 1} files, ${figures.edits} edits, ${figures.failures.length} failures`);
  }
  compareWithCli();
  await rerunSlowFiles(server, slowFiles, options, figures);
  reportNew();
  if (server.exited) figures.exits++;
  else if (server.unresponsive) {
    figures.hangs++;
    await server.shutdown();
  } else if (!(await server.shutdown())) figures.exits++;
  figures.durationMs = performance.now() - started;
  return figures;
}

/** What a file's run leaves: its final text and diagnostics for the CLI (unless it failed), and its slowest answer. */
interface FileRun {
  readonly final: PendingComparison | undefined;
  readonly slowest: {
    readonly ms: number;
    readonly step: number;
    readonly changes?: readonly ClientChange[];
    readonly textBefore: string;
    readonly textAfter: string;
  };
}

/** Opens one mutated file, edits it, closes it. */
async function fuzzOneFile(server: FuzzedServer, index: number, options: FuzzOptions, figures: FuzzFigures): Promise<FileRun> {
  const next: Next = seededRandom(fileSeed(options.seed, index));
  const source = options.corpus[next(options.corpus.length)]!;
  const uri = `file:///fuzz/${index}.py`;
  const client = server.client;
  let text = mutateFile(source.text, next);
  let step = 0;
  let changes: ClientChange[] | undefined;
  let textBefore = '';
  let slowest: FileRun['slowest'] = { ms: 0, step: 0, textBefore: '', textAfter: '' };
  figures.files++;
  if (Buffer.byteLength(text) >= ONE_MB) figures.largeFiles++;

  const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await server.answer(work());
    const ms = performance.now() - start;
    if (Buffer.byteLength(text) < ONE_MB) {
      figures.responseMs.push(ms);
      if (ms > figures.slowest.ms) figures.slowest = { ms, what: `${what} of file ${index} (${source.name}) step ${step}` };
      if (options.responseTargetMs !== undefined && ms >= options.responseTargetMs) figures.slowAnswers++;
      if (ms > slowest.ms)
        slowest = { ms, step, changes: step === 0 ? undefined : changes, textBefore: step === 0 ? '' : textBefore, textAfter: text };
    }
    return result;
  };

  try {
    let published = await timed('didOpen', () => client.open(uri, text));
    assertInside(published, text, 'opened');
    const editCount = editsFor(index, options);
    let version = 1;
    for (step = 1; step <= editCount; step++) {
      textBefore = text;
      changes = randomChanges(text, next);
      text = applyClientChanges(text, changes);
      figures.edits++;
      figures.changes += changes.length;
      // Sometimes the changes come as a burst of notifications, as fast typing sends them; only the last version must be published.
      const burst = changes.length > 1 && next(2) === 0 ? changes : [];
      for (const change of burst.slice(0, -1)) {
        void client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [change],
        });
      }
      const last = burst.length > 0 ? burst.slice(-1) : changes;
      const lastVersion = ++version;
      published = await timed('didChange', () => client.change(uri, lastVersion, last));
      assertInside(published, text, 'edited');
      if (step % options.freshOpenEvery === 0 || step === editCount) {
        // A name of its own beside the file, whose module name has no dot more than the file's (a rule telling a script,
        // a top-level module, from a package's module reads it).
        const freshUri = `${uri.replace(/\.py$/, '')}_fresh${step}.py`;
        const fresh = await timed('didOpen (fresh)', () => client.open(freshUri, text));
        void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
        figures.freshOpens++;
        assert.deepEqual(published.diagnostics, asOpenedAs(fresh, uri), 'the edited document and a fresh open of its text differ');
      }
      if (next(5) === 0) {
        const lineCount = clientLines(text).starts.length;
        const at = { line: next(lineCount + 1), character: next(80) };
        await timed('hover', () => client.hover(uri, at.line, at.character));
        const diagnostics = published.diagnostics.filter(() => next(2) === 0);
        const range = diagnostics[0]?.range ?? { start: at, end: at };
        const actions = await timed('codeAction', () => client.codeActions(uri, range, { diagnostics }));
        figures.requests += 2;
        const fixAll = actions?.find((action) => action.kind === 'source.fixAll.loopscope');
        if (fixAll && next(4) === 0) {
          const start = performance.now();
          const resolved = await server.answer(client.resolveCodeAction(fixAll));
          figures.fixAllMs.push(performance.now() - start);
          assertEditInside(resolved, uri, text);
        }
      }
      assertNoErrorLogged(client);
    }
    assertNoErrorLogged(client);
    return { final: { fileIndex: index, corpusFile: source.name, text, server: fromServer(published.diagnostics) }, slowest };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('no diagnostics for')) server.unresponsive = true;
    figures.failures.push({
      fileIndex: index,
      corpusFile: source.name,
      step,
      problem: error instanceof Error ? error.message : String(error),
      changes: step === 0 ? undefined : changes,
      textBefore: step === 0 ? source.text : textBefore,
      textAfter: text,
    });
    return { final: undefined, slowest };
  } finally {
    if (!server.exited) void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // One server sees every file: what it said about the finished ones is not kept.
    client.published.length = 0;
    client.loggedMessages.length = 0;
  }
}

/**
 * Runs each file that gave a slow answer again, on the same server, with the same edits: a file slow
 * again is a failure, a file fast the second time was slowed by something else on the machine.
 */
async function rerunSlowFiles(server: FuzzedServer, indexes: readonly number[], options: FuzzOptions, figures: FuzzFigures): Promise<void> {
  for (const index of indexes.slice(0, 20)) {
    if (server.exited) return;
    // Counted apart: the run's figures are those of the run.
    const scratch: FuzzFigures = { ...figures, responseMs: [], failures: [], slowest: { ms: 0, what: '' } };
    const again = await fuzzOneFile(server, index, options, scratch);
    figures.slowFilesRerun++;
    const { ms, step, changes, textBefore, textAfter } = again.slowest;
    if (ms < options.responseTargetMs!) continue;
    figures.slowAgain++;
    const next: Next = seededRandom(fileSeed(options.seed, index));
    figures.failures.push({
      fileIndex: index,
      corpusFile: options.corpus[next(options.corpus.length)]!.name,
      step,
      problem: `an answer took ${Math.round(ms)} ms (${options.responseTargetMs} ms or more) in the run and again when the file was run again: ${scratch.slowest.what}`,
      changes,
      textBefore,
      textAfter,
    });
  }
}

/** The server logs an error only for a bug of its own (an internal error, a fix that broke the code). */
function assertNoErrorLogged(client: LspTestClient): void {
  assert.deepEqual(
    client.loggedMessages.filter((message) => message.type === 1),
    [],
    'the server logged errors',
  );
}

/** Diagnostic ranges must lie inside the text the client holds. */
function assertInside(published: PublishedDiagnostics, text: string, what: string): void {
  assertRangesInside(published.diagnostics, text, what);
}

function assertRangesInside(spans: readonly { readonly range: LspRange }[], text: string, what: string): void {
  const lines = clientLines(text);
  for (const { range } of spans) {
    for (const { line, character } of [range.start, range.end]) {
      assert.ok(Number.isInteger(line) && line >= 0 && line < lines.starts.length, `${what}: line ${line} of ${lines.starts.length}`);
      const length = lines.ends[line]! - lines.starts[line]!;
      assert.ok(
        Number.isInteger(character) && character >= 0 && character <= length,
        `${what}: character ${character} on line ${line} (${length} long)`,
      );
    }
  }
}

/** A resolved "Fix all" carries one edit of the document, inside its text. */
function assertEditInside(action: CodeActionResult, uri: string, text: string): void {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `the resolved "Fix all" has no edit of ${uri}: ${JSON.stringify(action).slice(0, 300)}`);
  assertRangesInside(edits, text, 'fix all');
}

/** A fresh open's diagnostics as the edited document has them: related locations in the file itself name it. */
function asOpenedAs(fresh: PublishedDiagnostics, uri: string): PublishedDiagnostics['diagnostics'] {
  const renamed = JSON.stringify(fresh.diagnostics).split(JSON.stringify(fresh.uri)).join(JSON.stringify(uri));
  return JSON.parse(renamed) as PublishedDiagnostics['diagnostics'];
}

/** Lints final texts with the CLI and records each file whose diagnostics differ from the server's. */
function compareBatch(batch: readonly PendingComparison[], figures: FuzzFigures): void {
  // The CLI reads bytes: only texts it decodes to what the server was sent are compared.
  const comparable = batch.filter(({ text }) => {
    const decoded = decodePythonSource(Buffer.from(asSaved(text), 'utf8'));
    return decoded.ok && decoded.text === asSaved(text);
  });
  figures.cliNotComparable += batch.length - comparable.length;
  if (comparable.length === 0) return;
  const cli = lintWithCli(comparable.map(({ text }) => text));
  for (const [position, file] of comparable.entries()) {
    figures.cliCompared++;
    const server = sortedDiagnostics(file.server);
    try {
      try {
        assert.deepEqual(server, sortedDiagnostics(cli[position]!), 'the server and the CLI differ on the final text');
      } catch {
        // One CLI run lints the whole batch as one project, and a few answers are project-wide by name (is `load()` an
        // `async def` of the project?): another text of the batch defining a name this one leaves unbound changes them.
        // The server lints the text alone, so the CLI does too before a difference counts.
        const [alone] = lintWithCli([file.text]);
        assert.deepEqual(server, sortedDiagnostics(alone!), 'the server and the CLI differ on the final text');
      }
    } catch (error) {
      figures.failures.push({
        fileIndex: file.fileIndex,
        corpusFile: file.corpusFile,
        step: 'final',
        problem: error instanceof Error ? error.message : String(error),
        changes: undefined,
        textBefore: file.text,
        textAfter: file.text,
      });
    }
  }
}

function sortedDiagnostics(diagnostics: readonly ComparableDiagnostic[]): ComparableDiagnostic[] {
  const key = (d: ComparableDiagnostic): string =>
    JSON.stringify([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.message]);
  return [...diagnostics].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The run's figures as lines to print. */
export function describeFigures(figures: FuzzFigures): string[] {
  const count = (n: number): string => n.toLocaleString('en-US');
  const ms = (n: number): string => `${Math.round(n)} ms`;
  return [
    `server fuzz, seed ${figures.seed}: ${count(figures.files)} mutated files (from ${count(figures.corpusFiles)} corpus files), ` +
      `${count(figures.edits)} edits (${count(figures.changes)} content changes), ${count(figures.freshOpens)} fresh opens compared, ` +
      `${count(figures.requests)} hover/code-action requests`,
    `"Fix all" resolved: ${count(figures.fixAllMs.length)}, median ${ms(percentile(figures.fixAllMs, 50))}, max ${ms(Math.max(0, ...figures.fixAllMs))}`,
    `server exits: ${figures.exits}; times it stopped answering (killed, another started): ${figures.hangs}`,
    `responses on files under 1 MB: ${count(figures.responseMs.length)}, max ${ms(figures.slowest.ms)} (${figures.slowest.what}), ` +
      `p99 ${ms(percentile(figures.responseMs, 99))}, median ${ms(percentile(figures.responseMs, 50))}; files of 1 MB or more: ${figures.largeFiles}`,
    ...(figures.responseTargetMs === undefined
      ? []
      : [
          `answers of ${figures.responseTargetMs} ms or more: ${figures.slowAnswers}; their files run again: ${figures.slowFilesRerun}, slow again (failures): ${figures.slowAgain}`,
        ]),
    `CLI on the final texts: ${count(figures.cliCompared)} compared, ${figures.cliNotComparable} not comparable (the CLI reads other text), ` +
      `${figures.failures.filter((failure) => failure.step === 'final').length} differing`,
    `failures: ${figures.failures.length}; duration ${(figures.durationMs / 1000).toFixed(1)} s`,
  ];
}

/**
 * A failure as lines to print, with the command that runs its file again alone; its texts and changes
 * are written to a folder (named in the lines) to open or diff.
 */
export function describeFailure(failure: FuzzFailure, options: Pick<FuzzOptions, 'seed' | 'files' | 'edits'>): string[] {
  const folder = path.join(os.tmpdir(), `loopscope-fuzz-${options.seed}-file${failure.fileIndex}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'before.py'), asSaved(failure.textBefore));
  writeFileSync(path.join(folder, 'after.py'), asSaved(failure.textAfter));
  writeFileSync(path.join(folder, 'changes.json'), JSON.stringify(failure.changes ?? null, null, 2));
  const step = failure.step === 'final' ? 'final text against the CLI' : failure.step === 0 ? 'the open' : `edit ${failure.step}`;
  return [
    `FAILED: seed ${options.seed}, file ${failure.fileIndex} (mutated from ${failure.corpusFile}), ${step}`,
    `  ${failure.problem.split('\n').slice(0, 30).join('\n  ')}`,
    ...(failure.changes ? [`  the edit: ${JSON.stringify(failure.changes).slice(0, 600)}`] : []),
    `  texts before and after, and the edit: ${folder}`,
    `  run it again: npm run fuzz:server -- --seed ${options.seed} --files ${options.files} --edits ${options.edits} --file ${failure.fileIndex}`,
  ];
}
