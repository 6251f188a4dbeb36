// Simulated thread pools for run_in_executor / to_thread: N workers, a FIFO of jobs waiting for one.

interface ExecutorJob {
  id: number;
  pool: number;
  functionName: string;
  taskId: number | null;
  worker: number;
  startedAt: number;
}

interface Pool {
  workers: number;
  /** Worker slot -> job id running on it (0: free). */
  busy: number[];
  waiting: ExecutorJob[];
}

export class ExecutorPools {
  private readonly pools = new Map<number, Pool>();
  private readonly jobs = new Map<number, ExecutorJob>();

  /** Registers a job; returns it with a worker slot when one is free, or undefined when it has to wait. */
  submit(pool: number, workers: number, job: Omit<ExecutorJob, 'worker' | 'startedAt' | 'pool'>): ExecutorJob | undefined {
    let state = this.pools.get(pool);
    if (!state) {
      state = { workers, busy: Array.from({ length: workers }, () => 0), waiting: [] };
      this.pools.set(pool, state);
    }
    const entry: ExecutorJob = { ...job, pool, worker: -1, startedAt: Number.NaN };
    this.jobs.set(job.id, entry);
    const free = state.busy.indexOf(0);
    if (free < 0) {
      state.waiting.push(entry);
      return undefined;
    }
    state.busy[free] = job.id;
    entry.worker = free;
    return entry;
  }

  get(jobId: number): ExecutorJob | undefined {
    return this.jobs.get(jobId);
  }

  /** Frees the job's worker; the next waiting job (if any) takes it and is returned. */
  finish(jobId: number): { finished: ExecutorJob | undefined; next: ExecutorJob | undefined } {
    const finished = this.jobs.get(jobId);
    if (!finished) return { finished: undefined, next: undefined };
    this.jobs.delete(jobId);
    const state = this.pools.get(finished.pool)!;
    state.busy[finished.worker] = 0;
    const next = state.waiting.shift();
    if (next) {
      state.busy[finished.worker] = next.id;
      next.worker = finished.worker;
    }
    return { finished, next };
  }

  /** Jobs started or waiting, in all pools. */
  get inFlight(): number {
    return this.jobs.size;
  }
}
