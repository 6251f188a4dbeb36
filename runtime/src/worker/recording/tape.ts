// Record and replay (loopscope run --record / --replay): every call through which something from outside enters
// the program (tapedHostlink.ts lists them) goes through a Tape. Recording, the call runs and its result is
// written down with what it gave the program; replaying, it does not run: the result comes from the recording,
// and what the program sends is compared with what it sent then. Everything else the program does follows from
// these results (the clock is virtual, seeds are fixed), so a replay repeats the run without touching the world.
import { closeSync, openSync, writeSync } from 'node:fs';
import {
  EntryReader,
  EntryWriter,
  RecordingError,
  SENT_PREFIX_BYTES,
  digestBytes,
  digestValues,
  type Effect,
  type RecordingHeader,
  type TapeEntry,
  type TapeResult,
} from '../../recording/recordingFormat';

/** What a taped call returns: a stored result, or nothing (a void method). */
export type CallResult = TapeResult | void;

/** How one kind of call is taped. `Args` are its arguments as Python passes them. */
export interface CallTaping<Args extends readonly unknown[] = readonly never[], R extends CallResult = TapeResult> {
  /** The arguments a replay compares (default: every number, string or boolean; heap addresses must be left out). */
  compared?(args: Args): readonly (number | string | boolean)[];
  /** The bytes the call took from the program, given its result (checked in a replay, not kept). */
  sent?(args: Args, result: R): Uint8Array | null;
  /** Where the call put bytes for the program, given its result (kept, and put there again in a replay). */
  output?(args: Args, result: R): Uint8Array | null;
  /**
   * The result mostly repeats (a loop asking whether it has I/O in flight, every iteration): recorded only when it
   * differs from the last one for the same arguments; a replay takes an entry only when the recording has one for
   * this call at this iteration, else the last result.
   */
  sparse?: boolean;
  /**
   * The call only reads (a socket's addresses): asked off the tape during a replay (the debugger describing what a
   * task waits on), it gets the last result the recording has for the same arguments.
   */
  query?: boolean;
}

/** What a replay does with what the recorded calls did besides returning. */
export interface EffectSink {
  output(stream: 'stdout' | 'stderr', data: Uint8Array): void;
  signal(signal: number): void;
}

/** Where a replay went another way than the recording, for the report that ends it. */
export interface Divergence {
  /** Number of the call (1-based) in the recording. */
  call: number;
  iteration: number;
  recordedIteration: number | null;
  what: string;
  /** The recording has nothing more: the recorded run ended, or was stopped, before this call. */
  ended: boolean;
}

const FLUSH_BYTES = 1 << 20;

export abstract class Tape {
  /** Event-loop iterations so far (the position entries are recorded at). */
  iteration = 0;
  /** >0 while a recorded call runs: what happens meanwhile belongs to it. */
  protected depth = 0;

  constructor(
    /** Channel names, in the numbering the recording uses. */
    protected readonly channels: readonly string[],
  ) {}

  abstract readonly mode: 'record' | 'replay';

  /** One call into the world on channel `channel` (a name of `channels`). */
  abstract call<Args extends readonly unknown[], R extends CallResult>(
    channel: number,
    taping: CallTaping<Args, R>,
    args: Args,
    live: () => R,
  ): R;

  /** Something from outside reached the program inside a call (output of a child, a signal). */
  abstract effect(effect: Effect): void;

  /**
   * The run ended with `exitStatus`: a recording is complete; a replay says how its end differs from the
   * recorded one (null: it does not).
   */
  abstract end(exitStatus: number): string | null;

  /** Writes what is buffered (a recording), so that a run ended abruptly keeps what happened so far. */
  flush(): void {}

  /** A replay: what the recorded run got from outside between calls at this point (signals) is given now. */
  takeEffects(): void {}

  /**
   * Runs `action` (a debugger request: an evaluation in the Debug Console) outside the recording: what it does is
   * the user's, not the program's, so it is neither recorded nor taken from a recording.
   */
  offTape<T>(action: () => T): T {
    this.depth++;
    try {
      return action();
    } finally {
      this.depth--;
    }
  }

  protected compared<Args extends readonly unknown[]>(taping: CallTaping<Args, never>, args: Args): number | null {
    const values = comparedValues(taping, args);
    return values.length === 0 ? null : digestValues(values);
  }
}

export class RecordingTape extends Tape {
  readonly mode = 'record';
  private readonly writer = new EntryWriter();
  private readonly fd: number;
  private effects: Effect[] = [];
  private closed = false;
  /** Last results of sparse calls (CallTaping.sparse), by channel and arguments. */
  private readonly lastSparse = new Map<number, TapeResult>();

  constructor(
    path: string,
    header: RecordingHeader,
    /** True once the run is being ended from outside (Stop, a step back): the recording ends there, not later. */
    private readonly cutOff: () => boolean = () => false,
  ) {
    super(header.channels);
    this.fd = openSync(path, 'w');
    this.writeOut(EntryWriter.opening(header));
  }

  call<Args extends readonly unknown[], R extends CallResult>(channel: number, taping: CallTaping<Args, R>, args: Args, live: () => R): R {
    if (this.depth > 0 || this.closed) return live();
    if (this.cutOff()) {
      this.close();
      return live();
    }
    this.depth++;
    let result: R | undefined;
    let failure: unknown = null;
    try {
      result = live();
    } catch (error) {
      failure = error;
    } finally {
      this.depth--;
    }
    const failed = failure !== null;
    const argumentsDigest = this.compared(taping, args);
    if (taping.sparse && !failed && this.effects.length === 0) {
      const key = callKey(channel, argumentsDigest);
      if (this.lastSparse.has(key) && this.lastSparse.get(key) === result) return result as R;
      this.lastSparse.set(key, result as TapeResult);
    }
    const sent = failed ? null : (taping.sent?.(args, result as R) ?? null);
    const output = failed ? null : (taping.output?.(args, result as R) ?? null);
    const effects = this.effects;
    if (effects.length > 0) this.effects = [];
    this.write({
      channel,
      iteration: this.iteration,
      result: failed ? undefined : (result as TapeResult),
      error: failed ? messageOf(failure) : null,
      argumentsDigest,
      output,
      sent: sent ? { length: sent.length, digest: digestBytes(sent), prefix: sent.slice(0, SENT_PREFIX_BYTES) } : null,
      effects,
    });
    if (failed) throw failure;
    return result as R;
  }

  effect(effect: Effect): void {
    if (this.closed) return;
    const copy: Effect = effect.kind === 'output' ? { ...effect, data: effect.data.slice() } : effect;
    if (this.depth > 0) this.effects.push(copy);
    else this.write(standalone(this.channels, this.iteration, [copy]));
  }

  end(exitStatus: number): null {
    if (this.closed) return null;
    if (!this.cutOff())
      this.write({
        ...standalone(this.channels, this.iteration, []),
        channel: channelNumber(this.channels, 'run.end'),
        result: exitStatus,
      });
    this.close();
    return null;
  }

  /** No more entries: what was recorded goes to the file, which is closed. */
  private close(): void {
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  override flush(): void {
    if (this.closed || this.writer.pending === 0) return;
    this.writeOut(this.writer.take());
  }

  private write(entry: TapeEntry): void {
    this.writer.write(entry);
    if (this.writer.pending >= FLUSH_BYTES) this.flush();
  }

  private writeOut(bytes: Uint8Array): void {
    for (let offset = 0; offset < bytes.length;) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
  }
}

export class ReplayTape extends Tape {
  readonly mode = 'replay';
  /** Recorded channel number -> this runtime's channel number. */
  private readonly channelMap: number[];
  private readonly effectsChannel: number;
  private readonly endChannel: number;
  /** Set once the replay went another way: every later call fails at once. */
  divergence: Divergence | null = null;
  /** Last results of query calls, by channel and arguments (see CallTaping.query). */
  private readonly queried = new Map<number, TapeResult>();
  /** Last results of sparse calls (CallTaping.sparse), by channel and arguments. */
  private readonly lastSparse = new Map<number, TapeResult>();
  /** The replayed part of the run reached outside the runtime (a call on a channel not in `inside`). */
  private worldTouched = false;
  /** Past the end of a recording that was cut short, the run goes on for real (see `liveAfterCut`). */
  private live = false;

  constructor(
    private readonly reader: EntryReader,
    channels: readonly string[],
    private readonly sink: EffectSink,
    /** Told once, when the replay diverges (it ends the run). */
    private readonly diverged: (divergence: Divergence) => void,
    /**
     * Channel numbers that reach nothing outside the runtime (signals, random bytes, the loop's bookkeeping). A
     * recording that was cut short (the recorded run was stopped: a step back left it) and used only these is
     * continued for real past its end when `liveAfterCut`, as a re-run of a program that does no I/O always could;
     * one that used the world stops there (its sockets and processes exist only in the recording).
     */
    private readonly inside: ReadonlySet<number> = new Set(),
    private readonly liveAfterCut = false,
  ) {
    super(channels);
    this.channelMap = reader.header.channels.map((name) => channels.indexOf(name));
    this.effectsChannel = channelNumber(channels, 'run.effects');
    this.endChannel = channelNumber(channels, 'run.end');
  }

  call<Args extends readonly unknown[], R extends CallResult>(channel: number, taping: CallTaping<Args, R>, args: Args, live: () => R): R {
    if (this.depth > 0) {
      const known = taping.query ? this.queried.get(callKey(channel, this.compared(taping, args))) : undefined;
      return known !== undefined ? (known as R) : live();
    }
    if (this.live) return live();
    if (this.divergence) throw new ReplayDiverged(this.divergence);
    if (taping.sparse) {
      const digest = this.compared(taping, args);
      const key = callKey(channel, digest);
      this.takeEffects();
      let next: TapeEntry | null = null;
      try {
        next = this.reader.peek();
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
      }
      const recordedHere = next !== null && this.localChannel(next) === channel && next.iteration === this.iteration;
      if (!recordedHere && this.lastSparse.has(key)) return this.lastSparse.get(key) as R;
      const result = this.replayEntry(channel, taping, args, digest, live);
      this.lastSparse.set(key, result as TapeResult);
      return result;
    }
    return this.replayEntry(channel, taping, args, this.compared(taping, args), live);
  }

  /** Takes the next entry of the recording for this call (applying what came before it), or diverges. */
  private replayEntry<Args extends readonly unknown[], R extends CallResult>(
    channel: number,
    taping: CallTaping<Args, R>,
    args: Args,
    digest: number | null,
    live: () => R,
  ): R {
    const name = this.channels[channel]!;
    let entry: TapeEntry | null;
    try {
      this.applyStandaloneEffects();
      entry = this.reader.next();
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      return this.diverge(null, `the program called ${name}, and ${error.message}`, true);
    }
    if (!entry && this.liveAfterCut && !this.worldTouched) {
      this.live = true;
      return live();
    }
    if (!entry || this.localChannel(entry) === this.endChannel) {
      return this.diverge(
        entry,
        `the program called ${name}, and the recorded run ${entry ? 'had ended there' : 'stops there (the recording ends)'}`,
        !entry,
      );
    }
    if (!this.inside.has(this.localChannel(entry))) this.worldTouched = true;
    const recordedName = this.channels[this.localChannel(entry)] ?? `channel ${entry.channel}`;
    if (this.localChannel(entry) !== channel)
      return this.diverge(entry, `the program called ${name} where the recorded run called ${recordedName}`);
    // What the program sends first: the bytes say more than the arguments (their length among them).
    const sent = entry.error === null ? (taping.sent?.(args, entry.result as R) ?? null) : null;
    const recordedSent = entry.sent ?? { length: 0, digest: 0, prefix: new Uint8Array() };
    if ((sent?.length ?? 0) !== recordedSent.length || (sent && digestBytes(sent) !== recordedSent.digest)) {
      const now = sent ?? new Uint8Array();
      const then = `${recordedSent.length > recordedSent.prefix.length ? 'starting ' : ''}${bytesText(recordedSent.prefix)}`;
      return this.diverge(
        entry,
        `the program sent ${now.length} bytes ${bytesText(now.subarray(0, 32))} where the recorded run sent ${recordedSent.length} bytes ${then}`,
      );
    }
    if (digest !== entry.argumentsDigest) {
      return this.diverge(
        entry,
        `the program called ${name}(${describeArguments(taping, args)}) with other arguments than the recorded run`,
      );
    }
    if (entry.output) {
      const target = taping.output?.(args, entry.result as R) ?? null;
      if (target) target.set(entry.output.subarray(0, target.length));
    }
    this.apply(entry.effects);
    if (entry.error !== null) throw new Error(entry.error);
    if (taping.query && entry.result !== undefined) this.queried.set(callKey(channel, entry.argumentsDigest), entry.result);
    return entry.result as R;
  }

  /** Effects are applied where the recording has them; nothing is noted while replaying. */
  effect(): void {}

  /** What happened here in the recorded run between calls (a signal handed over), happens now. */
  override takeEffects(): void {
    if (this.live || this.divergence) return;
    try {
      this.applyStandaloneEffects();
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
    }
  }

  end(exitStatus: number): string | null {
    if (this.divergence || this.live) return null;
    this.applyStandaloneEffects();
    const next = this.reader.next();
    if (!next) return null;
    if (this.localChannel(next) !== this.endChannel) {
      const name = this.channels[this.localChannel(next)] ?? `channel ${next.channel}`;
      return `the replayed program ended (status ${exitStatus}) where the recorded run went on with ${name} (call ${this.reader.index} of the recording)`;
    }
    const recorded = next.result as number;
    return recorded === exitStatus
      ? null
      : `the replayed program ended with status ${exitStatus}; the recorded run ended with status ${recorded}`;
  }

  private localChannel(entry: TapeEntry): number {
    return this.channelMap[entry.channel] ?? -1;
  }

  private applyStandaloneEffects(): void {
    for (let next = this.reader.peek(); next && this.localChannel(next) === this.effectsChannel; next = this.reader.peek()) {
      this.reader.next();
      this.apply(next.effects);
    }
  }

  private apply(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.kind === 'output') this.sink.output(effect.stream, effect.data);
      else this.sink.signal(effect.signal);
    }
  }

  private diverge(entry: TapeEntry | null, what: string, ended = false): never {
    this.divergence = { call: this.reader.index, iteration: this.iteration, recordedIteration: entry?.iteration ?? null, what, ended };
    this.diverged(this.divergence);
    throw new ReplayDiverged(this.divergence);
  }
}

/** A divergence in words, for the report that ends the run. */
export function describeDivergence(divergence: Divergence): string {
  const recorded =
    divergence.recordedIteration !== null && divergence.recordedIteration !== divergence.iteration
      ? `; the recording has that call at iteration ${divergence.recordedIteration}`
      : '';
  return `${divergence.what} (call ${divergence.call} of the recording, event-loop iteration ${divergence.iteration}${recorded})`;
}

/** Raised into the program by a call that cannot be replayed (the run is being ended meanwhile). */
export class ReplayDiverged extends Error {
  constructor(readonly divergence: Divergence) {
    super(`loopscope: the replay went another way than the recording (${divergence.what})`);
  }
}

function channelNumber(channels: readonly string[], name: string): number {
  const index = channels.indexOf(name);
  if (index < 0) throw new Error(`loopscope: no recording channel ${name}`);
  return index;
}

/** One number for a channel and the digest of a call's compared arguments (a map key). */
function callKey(channel: number, digest: number | null): number {
  return channel * 2 ** 32 + (digest ?? 0);
}

function standalone(channels: readonly string[], iteration: number, effects: Effect[]): TapeEntry {
  return {
    channel: channelNumber(channels, 'run.effects'),
    iteration,
    result: undefined,
    error: null,
    argumentsDigest: null,
    output: null,
    sent: null,
    effects,
  };
}

function isComparable(value: unknown): value is number | string | boolean {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The arguments of a call a replay compares (CallTaping.compared). */
function comparedValues<Args extends readonly unknown[]>(
  taping: CallTaping<Args, never>,
  args: Args,
): readonly (number | string | boolean)[] {
  return taping.compared ? taping.compared(args) : args.filter(isComparable);
}

function describeArguments<Args extends readonly unknown[]>(taping: CallTaping<Args, never>, args: Args): string {
  return comparedValues(taping, args)
    .map((value) => (typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value) : String(value)))
    .join(', ');
}

/** Bytes as Python shows them: b'GET / HTTP/1.1\r\n'. */
function bytesText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x5c) text += '\\\\';
    else if (byte === 0x27) text += "\\'";
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x0d) text += '\\r';
    else if (byte === 0x09) text += '\\t';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `b'${text}'`;
}
