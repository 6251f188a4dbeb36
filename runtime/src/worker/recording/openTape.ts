// Starts the tape of a recorded or replayed run (WorkerStartData.recording), and tapes what enters the program
// outside hostlink: random bytes (Emscripten fills them with node:crypto's randomFillSync: os.urandom, the seed
// of `random`, OpenSSL's entropy) and reads of this process's stdin.
import { createHash } from 'node:crypto';
import nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { version as loopscopeVersion } from '../../../../package.json';
import { EntryReader, RecordingError, type RecordingHeader } from '../../recording/recordingFormat';
import type { WorkerStartData } from '../../workerMessages';
import { RecordingTape, ReplayTape, type Divergence, type EffectSink, type Tape } from './tape';
import { CHANNELS, insideChannels, otherChannel } from './tapedHostlink';

interface TapeContext {
  /** The bundled Python's version string (the header names the runtime that recorded). */
  runtime: string;
  sink: EffectSink;
  diverged(divergence: Divergence): void;
  /** The run is being ended from outside: a recording ends here (see RecordingTape). */
  cutOff(): boolean;
}

/** The run's tape, or null when it is neither recorded nor replayed. Throws RecordingError for a bad recording. */
export function openTape(data: WorkerStartData, context: TapeContext): Tape | null {
  const recording = data.recording;
  if (!recording) return null;
  let tape: Tape;
  if (recording.mode === 'record') {
    const header: RecordingHeader = {
      loopscope: loopscopeVersion,
      runtime: context.runtime,
      recordedAt: new Date().toISOString(),
      program: data.program,
      programSha256: fileSha256(data.program),
      argv: data.argv,
      cwd: data.cwd,
      env: data.env,
      clock: data.clock,
      epoch: data.epoch,
      seed: data.seed,
      channels: [...CHANNELS],
    };
    tape = new RecordingTape(recording.path, header, context.cutOff);
  } else {
    const reader = new EntryReader(readFileSync(recording.path));
    const unknown = reader.header.channels.filter((name) => !CHANNELS.includes(name));
    if (unknown.length > 0)
      throw new RecordingError(
        `the recording was made by Loopscope ${reader.header.loopscope}, whose runtime reads the world through calls this one does not have (${unknown.slice(0, 3).join(', ')})`,
      );
    // Under the debugger, going forward past where a step back left the recorded run goes on for real when the
    // run had not reached the world by then (what a re-run always did before runs were recorded).
    tape = new ReplayTape(reader, CHANNELS, context.sink, context.diverged, insideChannels(), data.debug);
  }
  tapeRandomness(tape);
  return tape;
}

function fileSha256(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}

/** Random bytes the program (and Python, and OpenSSL) gets come through the tape from now on. */
function tapeRandomness(tape: Tape): void {
  const fill = nodeCrypto.randomFillSync.bind(nodeCrypto);
  const channel = otherChannel('random');
  const taping = {
    compared: ([view]: readonly [Uint8Array]) => [view.length],
    output: ([view]: readonly [Uint8Array]) => view,
  };
  const taped = (buffer: NodeJS.ArrayBufferView): NodeJS.ArrayBufferView => {
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    tape.call(channel, taping, [view] as const, () => {
      fill(view);
      return view.length;
    });
    return buffer;
  };
  nodeCrypto.randomFillSync = taped as typeof nodeCrypto.randomFillSync;
}

/** Pyodide's stdin reader, through the tape: a replay reads what the recorded run read. */
export function tapedStdin(tape: Tape, read: (buffer: Uint8Array) => number): (buffer: Uint8Array) => number {
  const channel = otherChannel('stdin');
  const taping = { compared: () => [], output: ([buffer]: readonly [Uint8Array], count: number) => buffer.subarray(0, Math.max(0, count)) };
  return (buffer) => tape.call(channel, taping, [buffer] as const, () => read(buffer));
}
