// The file `loopscope run --record FILE` writes and `--replay FILE` reads (docs/recording.md describes it for
// users and tools). Binary, little-endian, versioned:
//
//   "LOOPREC\n"                      8 bytes: what the file is
//   u32 version                      RECORDING_VERSION; another version is refused
//   u32 n, n bytes of JSON           the header (RecordingHeader)
//   entries                          one per result that entered the program, in the order it did
//
// An entry is one call of the program into the world (a socket read, a name lookup, a clock reading, random bytes…)
// with its result; the bytes it received are stored as they are, never escaped:
//
//   u8 channel                       index into header.channels ("io.recvInto", "clock.wall", …)
//   varint iteration delta           event-loop iterations since the previous entry (its position)
//   u8 shape                         RESULT kind in bits 0-2, and which optional parts follow (SHAPE bits)
//   result                           int: zigzag varint; number: f64; string/error: varint length + UTF-8
//   [u32 arguments digest]           SHAPE.arguments: FNV-1a of the arguments a replay compares
//   [varint n, n bytes]              SHAPE.output: bytes the call gave the program
//   [varint n, u32 digest, prefix]   SHAPE.sent: bytes the program gave the call (checked, not kept: first 8 bytes)
//   [varint k, k effects]            SHAPE.effects: what happened inside the call (EFFECT kinds)
//
// The last entry of a run that ended is the `run.end` channel, whose result is the exit status.

import { closeSync, openSync, readSync } from 'node:fs';
import type { ClockKind } from '../../../protocol/runtimeEvents';

const RECORDING_MAGIC = 'LOOPREC\n';
const RECORDING_VERSION = 1;

/** What the header says about the recorded run: enough to run it again the same way, and to refuse another program. */
export interface RecordingHeader {
  /** Loopscope's version that recorded it (a replay on another version is refused: its runtime may call differently). */
  loopscope: string;
  /** The runtime build (Python and runtime sources): recordings replay on the same build only. */
  runtime: string;
  recordedAt: string;
  program: string;
  /** SHA-256 of the program file when it was recorded (a changed program is said to be so when it diverges). */
  programSha256: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  clock: ClockKind;
  epoch: number;
  seed: number | null;
  /** Channel names in the order their numbers refer to. */
  channels: string[];
}

/** How a result is stored (bits 0-2 of an entry's shape byte). */
const RESULT = { none: 0, false: 1, true: 2, int: 3, number: 4, string: 5, error: 6 } as const;

/** Optional parts of an entry (bits of its shape byte above the result kind). */
const SHAPE = { resultMask: 0x07, arguments: 0x08, output: 0x10, sent: 0x20, effects: 0x40 } as const;

/** Things that happen inside a call and must happen again in a replay, at the same place. */
const EFFECT = {
  /** A child process wrote where the program's output goes: u8 stream (1 stdout, 2 stderr), varint n, n bytes. */
  output: 1,
  /** A signal reached the program: varint signal number. */
  signal: 2,
} as const;

/** How many of the sent bytes an entry keeps, to show in a divergence report. */
export const SENT_PREFIX_BYTES = 8;

export type TapeResult = undefined | boolean | number | string;

export type Effect = { kind: 'output'; stream: 'stdout' | 'stderr'; data: Uint8Array } | { kind: 'signal'; signal: number };

/** The part of a call the program sent out (a send's bytes), as kept in a recording. */
interface SentBytes {
  length: number;
  digest: number;
  prefix: Uint8Array;
}

export interface TapeEntry {
  channel: number;
  /** Event-loop iteration the entry happened in (counted from the program's start). */
  iteration: number;
  result: TapeResult;
  /** The call threw: its message (the replay throws it again). */
  error: string | null;
  argumentsDigest: number | null;
  output: Uint8Array | null;
  sent: SentBytes | null;
  effects: Effect[];
}

/** FNV-1a over bytes, continuing from `hash` (32 bits). */
export function digestBytes(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const numberBits = new DataView(new ArrayBuffer(8));

/** FNV-1a over the values a replay compares (numbers, strings, booleans), without building strings. */
export function digestValues(values: readonly (number | string | boolean)[]): number {
  let h = 0x811c9dc5;
  const mix = (byte: number): void => {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  };
  for (const value of values) {
    if (typeof value === 'number') {
      mix(0x6e);
      numberBits.setFloat64(0, value);
      for (let i = 0; i < 8; i++) mix(numberBits.getUint8(i));
    } else if (typeof value === 'string') {
      mix(0x73);
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        mix(code & 0xff);
        mix(code >>> 8);
      }
      mix(0xff);
    } else {
      mix(value ? 0x74 : 0x66);
    }
  }
  return h >>> 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Entries encoded into a growing buffer; `take()` hands over what was written since the last take. */
export class EntryWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private length = 0;
  private lastIteration = 0;

  get pending(): number {
    return this.length;
  }

  /** The file's opening: magic, version, header. */
  static opening(header: RecordingHeader): Uint8Array {
    const json = encoder.encode(JSON.stringify(header));
    const out = new Uint8Array(RECORDING_MAGIC.length + 8 + json.length);
    out.set(encoder.encode(RECORDING_MAGIC), 0);
    const view = new DataView(out.buffer);
    view.setUint32(RECORDING_MAGIC.length, RECORDING_VERSION, true);
    view.setUint32(RECORDING_MAGIC.length + 4, json.length, true);
    out.set(json, RECORDING_MAGIC.length + 8);
    return out;
  }

  write(entry: TapeEntry): void {
    this.room(32);
    this.u8(entry.channel);
    this.varint(entry.iteration - this.lastIteration);
    this.lastIteration = entry.iteration;
    let shape: number = entry.error !== null ? RESULT.error : resultKind(entry.result);
    if (entry.argumentsDigest !== null) shape |= SHAPE.arguments;
    if (entry.output !== null) shape |= SHAPE.output;
    if (entry.sent !== null) shape |= SHAPE.sent;
    if (entry.effects.length > 0) shape |= SHAPE.effects;
    this.u8(shape);
    const result = entry.result;
    if (entry.error !== null) this.text(entry.error);
    else if (typeof result === 'number') {
      if ((shape & SHAPE.resultMask) === RESULT.int) this.varint(zigzag(result));
      else this.f64(result);
    } else if (typeof result === 'string') this.text(result);
    if (entry.argumentsDigest !== null) this.u32(entry.argumentsDigest);
    if (entry.output !== null) this.blob(entry.output);
    if (entry.sent !== null) {
      this.varint(entry.sent.length);
      this.u32(entry.sent.digest);
      this.room(entry.sent.prefix.length);
      this.bytes.set(entry.sent.prefix, this.length);
      this.length += entry.sent.prefix.length;
    }
    if (entry.effects.length > 0) {
      this.varint(entry.effects.length);
      for (const effect of entry.effects) {
        this.room(16);
        if (effect.kind === 'output') {
          this.u8(EFFECT.output);
          this.u8(effect.stream === 'stdout' ? 1 : 2);
          this.blob(effect.data);
        } else {
          this.u8(EFFECT.signal);
          this.varint(effect.signal);
        }
      }
    }
  }

  /** What was written since the last take (a view: use it before writing again). */
  take(): Uint8Array {
    const out = this.bytes.subarray(0, this.length);
    this.length = 0;
    return out;
  }

  private room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private u8(value: number): void {
    this.bytes[this.length++] = value;
  }

  private u32(value: number): void {
    this.room(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  private f64(value: number): void {
    this.room(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  private varint(value: number): void {
    this.room(10);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.bytes[this.length++] = rest;
  }

  private blob(data: Uint8Array): void {
    this.varint(data.length);
    this.room(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  private text(value: string): void {
    this.blob(encoder.encode(value));
  }
}

/** A recording file's header and entries, read in order. */
export class EntryReader {
  readonly header: RecordingHeader;
  private offset: number;
  private lastIteration = 0;
  private readonly view: DataView;
  /** Entries taken so far (the number of the last one taken). */
  index = 0;
  /** The entry peek() decoded and next() has not taken yet. */
  private ahead: TapeEntry | null = null;

  constructor(private readonly bytes: Uint8Array) {
    const parsed = parseOpening(bytes);
    this.header = parsed.header;
    this.offset = parsed.entriesStart;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get atEnd(): boolean {
    return this.ahead === null && this.offset >= this.bytes.length;
  }

  /** The next entry without taking it, or null at the end of the file (decoded once: next() returns it). */
  peek(): TapeEntry | null {
    if (this.ahead === null && this.offset < this.bytes.length) this.ahead = this.decode();
    return this.ahead;
  }

  next(): TapeEntry | null {
    const entry = this.peek();
    this.ahead = null;
    if (entry) this.index++;
    return entry;
  }

  private decode(): TapeEntry {
    try {
      const channel = this.u8();
      const iteration = this.lastIteration + this.varint();
      this.lastIteration = iteration;
      const shape = this.u8();
      let result: TapeResult;
      let error: string | null = null;
      switch (shape & SHAPE.resultMask) {
        case RESULT.none:
          result = undefined;
          break;
        case RESULT.false:
          result = false;
          break;
        case RESULT.true:
          result = true;
          break;
        case RESULT.int:
          result = unzigzag(this.varint());
          break;
        case RESULT.number:
          result = this.f64();
          break;
        case RESULT.string:
          result = this.text();
          break;
        default:
          error = this.text();
      }
      const argumentsDigest = shape & SHAPE.arguments ? this.u32() : null;
      const output = shape & SHAPE.output ? this.blob() : null;
      let sent: SentBytes | null = null;
      if (shape & SHAPE.sent) {
        const length = this.varint();
        const digest = this.u32();
        sent = { length, digest, prefix: this.slice(Math.min(length, SENT_PREFIX_BYTES)) };
      }
      const effects: Effect[] = [];
      if (shape & SHAPE.effects) {
        for (let count = this.varint(); count > 0; count--) {
          const kind = this.u8();
          if (kind === EFFECT.output) {
            const stream = this.u8() === 1 ? 'stdout' : 'stderr';
            effects.push({ kind: 'output', stream, data: this.blob() });
          } else if (kind === EFFECT.signal) effects.push({ kind: 'signal', signal: this.varint() });
          else throw new RecordingError(`unknown effect kind ${kind}`);
        }
      }
      return { channel, iteration, result, error, argumentsDigest, output, sent, effects };
    } catch (error) {
      if (error instanceof RecordingError) throw error;
      throw new RecordingError(`the recording is cut short or damaged at byte ${this.offset} (entry ${this.index + 1})`);
    }
  }

  private need(count: number): void {
    if (this.offset + count > this.bytes.length) throw new RangeError('past the end');
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  private u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  private f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new RecordingError(`a number in entry ${this.index + 1} is too long`);
    }
  }

  private slice(length: number): Uint8Array {
    this.need(length);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  private blob(): Uint8Array {
    return this.slice(this.varint());
  }

  private text(): string {
    return decoder.decode(this.blob());
  }
}

/** A file that is not a recording Loopscope can read, said in one sentence. */
export class RecordingError extends Error {}

/** The header of a recording file's bytes (throws RecordingError with what is wrong). */
function parseOpening(bytes: Uint8Array): { header: RecordingHeader; entriesStart: number } {
  parseMagic(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(RECORDING_MAGIC.length + 4, true);
  const start = RECORDING_MAGIC.length + 8;
  if (start + length > bytes.length) throw new RecordingError('the recording is cut short in its header');
  let header: RecordingHeader;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(start, start + length))) as RecordingHeader;
  } catch {
    throw new RecordingError("the recording's header is damaged");
  }
  if (typeof header.program !== 'string' || !Array.isArray(header.channels) || !Array.isArray(header.argv))
    throw new RecordingError("the recording's header is damaged");
  return { header, entriesStart: start + length };
}

/** The header of the recording in `file`, reading only the file's opening (throws RecordingError). */
export function readRecordingHeader(file: string): RecordingHeader {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RecordingError(code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  try {
    const start = new Uint8Array(RECORDING_MAGIC.length + 8);
    const got = readSync(fd, start, 0, start.length, 0);
    parseMagic(start.subarray(0, got));
    const length = new DataView(start.buffer).getUint32(RECORDING_MAGIC.length + 4, true);
    const opening = new Uint8Array(start.length + length);
    const read = readSync(fd, opening, 0, opening.length, 0);
    return parseOpening(opening.subarray(0, read)).header;
  } finally {
    closeSync(fd);
  }
}

function parseMagic(bytes: Uint8Array): void {
  const magic = decoder.decode(bytes.subarray(0, RECORDING_MAGIC.length));
  if (magic !== RECORDING_MAGIC) throw new RecordingError('this file is not a Loopscope recording');
  if (bytes.length < RECORDING_MAGIC.length + 8) throw new RecordingError('the recording is cut short in its header');
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(RECORDING_MAGIC.length, true);
  if (version !== RECORDING_VERSION)
    throw new RecordingError(
      `the recording is in format version ${version}; this Loopscope reads version ${RECORDING_VERSION} (record the run again with this version)`,
    );
}

function resultKind(result: TapeResult): number {
  if (result === undefined) return RESULT.none;
  if (typeof result === 'boolean') return result ? RESULT.true : RESULT.false;
  if (typeof result === 'string') return RESULT.string;
  return Number.isInteger(result) && Math.abs(result) < 2 ** 52 && !Object.is(result, -0) ? RESULT.int : RESULT.number;
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}
