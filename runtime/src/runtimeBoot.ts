// A runtime worker started before its program is known: it loads Python (thread start, memory snapshot restore)
// while its owner is still finding out what to run, then runs the program a RuntimeSession hands it. The debug
// adapter boots one on `initialize`, the extension keeps one spare; a one-shot run boots and hands over at once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { snapshotFolder } from './environment/snapshotFolder';
import { SHIPPED_SNAPSHOT_FOLDER } from './pythonSnapshot';
import type { CacheEnv } from './environment/userCacheFolder';
import type { WasmTier } from './wasmTier';
import type { WorkerBootData, WorkerMessage } from './workerMessages';

/** What decides how a worker loads Python; a worker booted with the same options can run any program. */
export interface BootOptions {
  /** How CPython's WebAssembly is compiled: 'startup', 'balanced' (default) or 'throughput' (see WasmTier). */
  wasmTier?: WasmTier;
  /**
   * Keep CPython's compiled WebAssembly alive in this thread (default true). V8 shares compiled wasm between
   * the isolates of a process by its bytes, so the next session's worker starts with the code earlier runs
   * compiled and optimized, instead of compiling and warming up again (debug-adapter re-runs, tests). It
   * costs this process one compile of the module's bytes (validation only: functions compile when called)
   * and the memory of the code.
   */
  keepCompiledCode?: boolean;
  /** Folder holding runtimeWorker.js, pyodide/ and python/ (default: found next to this bundle or in the repo's dist/). */
  distDir?: string;
  /**
   * Where Pyodide memory snapshots are cached (default: the user cache folder, see snapshotFolder.ts; null: never).
   * The snapshot the install ships (dist/snapshot) is loaded first whenever it fits.
   */
  snapshotDir?: string | null;
  /**
   * The variables placing Loopscope's caches, as the entry point read them from its process (`process.env` in the
   * CLI, the adapter and the extension): the default snapshot folder, the interpreter probes' and the bytecode cache
   * are found from them. The runtime reads no process.env for them.
   */
  cacheEnv: CacheEnv;
}

/** How a worker's boot went, once Python is loaded. */
export interface BootReport {
  /** Worker start to Python loaded, in ms. */
  bootMs: number;
  snapshot: 'loaded' | 'created' | 'none';
}

/** What happens to a worker, in order, replayed to the session that claims it. */
export type WorkerNews = { kind: 'message'; message: WorkerMessage } | { kind: 'error'; error: Error } | { kind: 'exit'; code: number };

/**
 * One worker loading Python for a program still to come. Once loaded and until claimed it does not keep the
 * process alive; whatever it reports is kept for its session; `dispose()` ends it if nobody claimed it.
 */
export class BootedRuntime {
  readonly distDir: string;
  readonly wasmTier: WasmTier;
  readonly snapshotDir: string | null;
  /** The snapshot folder as asked for (undefined: the default one). */
  private readonly askedSnapshotDir: string | null | undefined;
  /** performance.now() when the worker was started. */
  readonly startedAt = performance.now();
  private readonly worker: Worker;
  private state: 'unclaimed' | 'claimed' | 'disposed' = 'unclaimed';
  private readonly news: WorkerNews[] = [];
  private listener: ((news: WorkerNews) => void) | undefined;
  private report: BootReport | undefined;
  private failure: string | undefined;
  private readonly exited: Promise<void>;
  private readonly bootedPromise: Promise<BootReport>;
  private settleBoot!: { resolve: (report: BootReport) => void; reject: (error: Error) => void };

  constructor(options: BootOptions) {
    this.distDir = options.distDir ?? findDistDir();
    this.wasmTier = options.wasmTier ?? defaultWasmTier();
    this.askedSnapshotDir = options.snapshotDir;
    this.snapshotDir = snapshotDirFor(this.distDir, options.snapshotDir, options.cacheEnv);
    const pyodideDir = path.join(this.distDir, 'pyodide');
    if (options.keepCompiledCode ?? true) keepCompiledPython(pyodideDir);
    const data: WorkerBootData = {
      pyodideDir,
      pythonDir: path.join(this.distDir, 'python'),
      snapshotDir: this.snapshotDir,
      shippedSnapshotDir: path.join(this.distDir, SHIPPED_SNAPSHOT_FOLDER),
      optimizeWasm: this.wasmTier === 'throughput',
      warmInterpreter: this.wasmTier === 'balanced',
    };
    this.bootedPromise = new Promise((resolve, reject) => (this.settleBoot = { resolve, reject }));
    this.bootedPromise.catch(() => undefined); // a failure is also the claiming session's news
    this.worker = new Worker(path.join(this.distDir, 'runtimeWorker.js'), { workerData: data, stdout: false, stderr: false });
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'booted') {
        this.report = { bootMs: message.bootMs, snapshot: message.snapshot };
        // Loading keeps the process alive like any work in flight; an idle worker waiting for a program does not.
        if (this.state === 'unclaimed') this.worker.unref();
        this.settleBoot.resolve(this.report);
      } else if (message.kind === 'failed') this.fail(message.message);
      this.deliver({ kind: 'message', message });
    });
    this.worker.on('error', (error) => {
      this.fail(error.message);
      this.deliver({ kind: 'error', error });
    });
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.fail(`the runtime worker exited (exit code ${code})`);
        this.deliver({ kind: 'exit', code });
        resolve();
      }),
    );
  }

  /** Resolves once Python is loaded; rejects if the worker fails or ends first. */
  whenBooted(): Promise<BootReport> {
    return this.bootedPromise;
  }

  /** Python is loaded (undefined while it is loading, or if it failed). */
  get booted(): BootReport | undefined {
    return this.report;
  }

  /** Nobody has claimed or disposed of it, and it has not failed: a program can still run on it. */
  get usable(): boolean {
    return this.state === 'unclaimed' && this.failure === undefined;
  }

  /** It loads Python the way these options ask (the program's own options do not matter). */
  fits(options: BootOptions): boolean {
    return (
      (options.distDir ?? findDistDir()) === this.distDir &&
      (options.wasmTier ?? defaultWasmTier()) === this.wasmTier &&
      options.snapshotDir === this.askedSnapshotDir
    );
  }

  /**
   * The worker, for the session that runs a program on it: what it reported so far is replayed to `listener`
   * at once, the rest as it comes. From here the session owns the worker (and keeps the process alive with it).
   */
  claim(listener: (news: WorkerNews) => void): Worker {
    if (this.state !== 'unclaimed') throw new Error(`this runtime worker was already ${this.state}`);
    this.state = 'claimed';
    this.worker.ref();
    // Replayed once the caller has the worker (a worker that failed while booting reports it at once).
    queueMicrotask(() => {
      for (const news of this.news.splice(0)) listener(news);
      this.listener = listener;
    });
    return this.worker;
  }

  /** Ends the worker unless a session claimed it; resolves once its thread has exited. */
  async dispose(): Promise<void> {
    if (this.state === 'claimed') return;
    this.state = 'disposed';
    this.news.length = 0;
    await this.worker.terminate();
    await this.exited;
  }

  /** Resolves once the worker's thread has exited (claimed or not). */
  whenExited(): Promise<void> {
    return this.exited;
  }

  private fail(message: string): void {
    this.failure ??= message;
    this.settleBoot.reject(new Error(this.failure));
  }

  private deliver(news: WorkerNews): void {
    if (this.listener) this.listener(news);
    else if (this.state !== 'disposed') this.news.push(news);
  }
}

/** Starts a worker loading Python now, for a program handed over later (RuntimeOptions.booted). */
export function bootRuntime(options: BootOptions): BootedRuntime {
  return new BootedRuntime(options);
}

/** 'balanced' when the caller names none (an entry point reads LOOPSCOPE_WASM_TIER itself: wasmTier.ts). */
function defaultWasmTier(): WasmTier {
  return 'balanced';
}

/** Where the memory snapshot is cached: the caller's folder, none (null), or the default (snapshotFolder.ts). */
function snapshotDirFor(distDir: string, chosen: string | null | undefined, cacheEnv: CacheEnv): string | null {
  return chosen === undefined ? snapshotFolder(distDir, cacheEnv).folder : chosen;
}

/** CPython's WebAssembly module compiled in this thread, held so V8's per-process cache keeps its code. */
let compiledPython: { file: string; module: Promise<object | undefined> } | undefined;

/** This process holds CPython's compiled module (so later workers share its optimized code). */
export function compiledPythonKept(): boolean {
  return compiledPython !== undefined;
}

function keepCompiledPython(pyodideDir: string): void {
  const file = path.join(pyodideDir, 'pyodide.asm.wasm');
  if (compiledPython?.file === file) return;
  const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } }).WebAssembly;
  try {
    compiledPython = { file, module: wasm.compile(readFileSync(file)).catch(() => undefined) };
  } catch {
    compiledPython = { file, module: Promise.resolve(undefined) };
  }
}

/** dist/ next to this bundle (dist/cli.js), or the repository's dist/ when running from source (tests). */
export function findDistDir(): string {
  if (existsSync(path.join(__dirname, 'runtimeWorker.js'))) return __dirname;
  for (let directory = __dirname; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'dist', 'runtimeWorker.js');
    if (existsSync(candidate)) return path.dirname(candidate);
    if (path.dirname(directory) === directory) throw new Error('loopscope: dist/runtimeWorker.js not found; run npm run build');
  }
}
