// The recording file (runtime/src/recording/recordingFormat.ts): what is written is read back exactly, bytes
// are kept as they are, and a file of another version, cut short or damaged is refused with a sentence.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  EntryReader,
  EntryWriter,
  RecordingError,
  readRecordingHeader,
  type RecordingHeader,
  type TapeEntry,
} from '../../runtime/src/recording/recordingFormat';

const header: RecordingHeader = {
  loopscope: '0.1.0',
  runtime: 'Python 3.14 on Pyodide',
  recordedAt: '2026-12-03T12:00:00.000Z',
  program: '/project/main.py',
  programSha256: 'ab'.repeat(32),
  argv: ['main.py', '--port', '8080'],
  cwd: '/project',
  env: { HOME: '/home/user', LANG: 'ko_KR.UTF-8' },
  clock: 'virtual',
  epoch: 1796300000.5,
  seed: null,
  channels: ['io.recvInto', 'io.send', 'clock.follow', 'run.effects', 'run.end'],
};

function entry(fields: Partial<TapeEntry>): TapeEntry {
  return {
    channel: 0,
    iteration: 0,
    result: undefined,
    error: null,
    argumentsDigest: null,
    output: null,
    sent: null,
    effects: [],
    ...fields,
  };
}

function file(entries: readonly TapeEntry[]): Uint8Array {
  const writer = new EntryWriter();
  for (const each of entries) writer.write(each);
  const body = writer.take();
  const opening = EntryWriter.opening(header);
  const out = new Uint8Array(opening.length + body.length);
  out.set(opening);
  out.set(body, opening.length);
  return out;
}

describe('recording file', () => {
  it('reads back every kind of result, the bytes given and sent, effects and positions', () => {
    const received = new Uint8Array(70_000).map((_, index) => (index * 7) & 0xff);
    const entries: TapeEntry[] = [
      entry({ channel: 0, iteration: 3, result: received.length, argumentsDigest: 0xdeadbeef, output: received }),
      entry({ channel: 1, iteration: 3, result: 5, sent: { length: 5, digest: 42, prefix: new TextEncoder().encode('hello') } }),
      entry({ channel: 2, iteration: 1_000_000, result: 12.625 }),
      entry({ channel: 2, iteration: 1_000_001, result: -3 }),
      entry({ channel: 2, iteration: 1_000_001, result: 2 ** 60 }),
      entry({ channel: 2, iteration: 1_000_001, result: '연결 {"host": "::1"}' }),
      entry({ channel: 2, iteration: 1_000_001, result: true }),
      entry({ channel: 2, iteration: 1_000_001, result: false }),
      entry({ channel: 2, iteration: 1_000_001, error: 'ConnectionRefusedError: [Errno 111]' }),
      entry({
        channel: 3,
        iteration: 1_000_002,
        effects: [
          { kind: 'output', stream: 'stderr', data: new TextEncoder().encode('child\n') },
          { kind: 'signal', signal: 15 },
        ],
      }),
      entry({ channel: 4, iteration: 1_000_002, result: 130 }),
    ];
    const bytes = file(entries);
    const reader = new EntryReader(bytes);
    assert.deepEqual(reader.header, header);
    for (const expected of entries) assert.deepEqual(reader.next(), expected);
    assert.equal(reader.next(), null);
    assert.ok(reader.atEnd);
    // Bytes received are stored as they are: the file is barely larger than them.
    assert.ok(bytes.length < received.length + 600, `${bytes.length} bytes`);
  });

  it('peeks without taking', () => {
    const reader = new EntryReader(file([entry({ channel: 1, result: 1 }), entry({ channel: 2, result: 2 })]));
    assert.equal(reader.peek()?.result, 1);
    assert.equal(reader.next()?.result, 1);
    assert.equal(reader.index, 1);
    assert.equal(reader.peek()?.result, 2);
  });

  it('refuses another format version, a file that is not a recording, a damaged header and cut-short entries', () => {
    const good = file([entry({ channel: 0, result: 3, output: new Uint8Array([1, 2, 3]) })]);
    const future = good.slice();
    new DataView(future.buffer).setUint32(8, 2, true);
    assert.throws(
      () => new EntryReader(future),
      new RecordingError('the recording is in format version 2; this Loopscope reads version 1 (record the run again with this version)'),
    );
    assert.throws(
      () => new EntryReader(new TextEncoder().encode('print("hi")\n')),
      new RecordingError('this file is not a Loopscope recording'),
    );
    const badJson = good.slice();
    badJson[16] = 0x7b + 1;
    assert.throws(() => new EntryReader(badJson), new RecordingError("the recording's header is damaged"));
    const cut = new EntryReader(good.subarray(0, good.length - 2));
    assert.throws(() => cut.next(), /the recording is cut short or damaged at byte \d+ \(entry 1\)/);
  });

  it('reads the header alone from a file', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-format-'));
    const recording = path.join(folder, 'run.rec');
    writeFileSync(recording, file([entry({ channel: 4, result: 0 })]));
    assert.deepEqual(readRecordingHeader(recording), header);
    assert.throws(() => readRecordingHeader(path.join(folder, 'missing.rec')), new RecordingError('no such file'));
    writeFileSync(path.join(folder, 'short.rec'), 'LOOPREC\n');
    assert.throws(
      () => readRecordingHeader(path.join(folder, 'short.rec')),
      new RecordingError('the recording is cut short in its header'),
    );
  });
});
