// The warm spare's policy, with stand-in workers and a hand-driven clock: one spare at a time, handed to the next
// session only if it fits, never a failed one, and dropped (its worker disposed of) after the idle time.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { RuntimeSpare, type SpareWorker } from '../../client/src/debug/runtimeSpare';
import type { BootOptions, BootReport } from '../../runtime/src/index';

class StandInWorker implements SpareWorker {
  disposed = false;
  failed = false;
  constructor(readonly options: BootOptions) {}
  get usable(): boolean {
    return !this.disposed && !this.failed;
  }
  fits(options: BootOptions): boolean {
    return options.snapshotDir === this.options.snapshotDir && options.wasmTier === this.options.wasmTier;
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
  whenBooted(): Promise<BootReport> {
    return Promise.resolve({ bootMs: 1, snapshot: 'loaded' });
  }
}

const OPTIONS: BootOptions = { wasmTier: 'startup', snapshotDir: '/storage', cacheEnv: {} };
const IDLE_MS = 60_000;

describe('the warm spare', () => {
  let clock = 0;
  let booted: StandInWorker[] = [];
  const log = { info: (): void => undefined, warn: (): void => undefined };
  const spare = (): RuntimeSpare<StandInWorker> =>
    new RuntimeSpare(
      (options) => {
        const worker = new StandInWorker(options);
        booted.push(worker);
        return worker;
      },
      log,
      IDLE_MS,
      () => clock,
    );

  beforeEach(() => {
    clock = 0;
    booted = [];
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  it('loads one worker however often it is wanted, and hands it to the next session once', () => {
    const warm = spare();
    warm.want(OPTIONS);
    warm.want(OPTIONS);
    assert.equal(booted.length, 1);
    assert.equal(warm.take(OPTIONS), booted[0]);
    assert.equal(warm.current, undefined, 'the session owns it now');
    assert.equal(booted[0]!.disposed, false);
    // No spare: the next session gets a worker started for it.
    const next = warm.take(OPTIONS);
    assert.equal(booted.length, 2);
    assert.equal(next, booted[1]);
  });

  it('never hands out a worker that does not fit the session, or that failed', () => {
    const warm = spare();
    warm.want(OPTIONS);
    const other = warm.take({ ...OPTIONS, snapshotDir: '/elsewhere' });
    assert.equal(booted[0]!.disposed, true, 'the unfit spare is disposed of');
    assert.equal(other, booted[1]);

    warm.want(OPTIONS);
    booted[2]!.failed = true;
    warm.want(OPTIONS);
    assert.equal(booted.length, 4, 'a failed spare is replaced');
    assert.equal(booted[2]!.disposed, true);
    booted[3]!.failed = true;
    assert.notEqual(warm.take(OPTIONS), booted[3]);
  });

  it('is dropped after the idle time without being wanted; wanting it again keeps it', () => {
    const warm = spare();
    warm.want(OPTIONS);
    clock += IDLE_MS - 1000;
    mock.timers.tick(IDLE_MS - 1000);
    warm.want(OPTIONS);
    clock += IDLE_MS - 1000;
    mock.timers.tick(IDLE_MS - 1000);
    assert.equal(warm.current, booted[0], 'wanted again within the idle time');
    clock += 2000;
    mock.timers.tick(2000);
    assert.equal(warm.current, undefined);
    assert.equal(booted[0]!.disposed, true);
    assert.equal(booted.length, 1);
  });

  it('drop() and dispose() end the spare; after dispose() nothing is loaded again', () => {
    const warm = spare();
    warm.want(OPTIONS);
    warm.drop('the setting is off');
    assert.equal(booted[0]!.disposed, true);
    warm.want(OPTIONS);
    warm.dispose();
    assert.equal(booted[1]!.disposed, true);
    warm.want(OPTIONS);
    assert.equal(booted.length, 2);
  });
});
