// Lending a connection's reading to the runtime (runtime/src/io/directReads.ts) on real sockets on 127.0.0.1:
// once lent, Node reads nothing more (not even when its Readable asks for more or is resumed), the runtime
// reads the bytes in order from the descriptor, and after reading is given back Node delivers again; the
// end of the stream, a reset and a closed socket are told apart; bulk transfers are not lent.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BULK_READ_BYTES, lendReading, readDirect, takeBackReading } from '../../runtime/src/io/directReads';
import { grantDirectWrites, hostDescriptor } from '../../runtime/src/io/directWrites';
import { IO_SHARED_BYTES } from '../../runtime/src/io/ioProtocol';

let server: net.Server;
const acceptedQueue: net.Socket[] = [];

interface LendablePair {
  client: net.Socket;
  peer: net.Socket;
  fd: number;
  shared: Int32Array;
  delivered: Buffer[];
  /** Set to lend reading after the next chunk, from inside Node's 'data' event (as the I/O worker does). */
  lendAfterNext: boolean;
  lent: boolean;
}

/** A connection whose client side reads in flowing mode (as the I/O worker's sockets do), with its permit. */
async function lendablePair(h: number): Promise<LendablePair> {
  const address = server.address() as net.AddressInfo;
  const client = net.connect({ host: '127.0.0.1', port: address.port, allowHalfOpen: true });
  await once(client, 'connect');
  while (acceptedQueue.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const peer = acceptedQueue.shift()!;
  const shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
  grantDirectWrites(shared, h, client);
  const pair: LendablePair = { client, peer, fd: hostDescriptor(client)!, shared, delivered: [], lendAfterNext: true, lent: false };
  client.on('data', (chunk: Buffer) => {
    pair.delivered.push(chunk);
    if (pair.lendAfterNext) {
      pair.lendAfterNext = false;
      pair.lent = lendReading(client, chunk.length);
    }
  });
  client.on('error', () => undefined);
  return pair;
}

async function firstChunk(delivered: Buffer[]): Promise<Buffer> {
  while (delivered.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  return delivered.shift()!;
}

/** Lets Node's event loop run a while (so that a socket still read by Node would deliver). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

/** Reads the descriptor until `bytes` have come (each read is non-blocking). */
async function readAll(shared: Int32Array, h: number, fd: number, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const into = new Uint8Array(4096);
  const deadline = performance.now() + 5000;
  while (total < bytes) {
    assert.ok(performance.now() < deadline, `only ${total} of ${bytes} bytes reached the descriptor (did Node read them?)`);
    const outcome = readDirect(shared, h, fd, into);
    if ('read' in outcome) {
      chunks.push(Buffer.from(into.subarray(0, outcome.read)));
      total += outcome.read;
    } else {
      assert.ok('wouldBlock' in outcome, `a read either gets bytes or would block: ${JSON.stringify(outcome)}`);
      await settle();
    }
  }
  return Buffer.concat(chunks);
}

describe('direct reads of a lent host socket', { skip: process.platform === 'win32' }, () => {
  before(async () => {
    server = net.createServer({ allowHalfOpen: true }, (socket) => acceptedQueue.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => server.close());

  it('once lent, Node reads nothing; the runtime reads the bytes in order; given back, Node delivers again', async () => {
    const h = 5;
    const pair = await lendablePair(h);
    const { client, peer, fd, shared, delivered } = pair;
    peer.write('first');
    assert.equal((await firstChunk(delivered)).toString(), 'first');
    assert.ok(pair.lent, 'a small chunk lends reading');
    assert.deepEqual(readDirect(shared, h, fd, new Uint8Array(64)), { wouldBlock: true });

    const message = Buffer.from(Array.from({ length: 3000 }, (_, index) => `line ${index}\n`).join(''));
    peer.write(message);
    await settle();
    client.pause();
    client.resume();
    await settle();
    assert.deepEqual(delivered, [], 'neither resume() nor the Readable asking for more restarts reading');
    assert.ok((await readAll(shared, h, fd, message.length)).equals(message));

    takeBackReading(client);
    peer.write('after');
    assert.equal((await firstChunk(delivered)).toString(), 'after');
    client.destroy();
    peer.destroy();
  });

  it('tells the end of the stream, a reset and a closed socket apart', async () => {
    const ended = await lendablePair(6);
    ended.peer.write('x');
    await firstChunk(ended.delivered);
    assert.ok(ended.lent);
    ended.peer.end();
    await settle();
    assert.deepEqual(readDirect(ended.shared, 6, ended.fd, new Uint8Array(64)), { eof: true });
    ended.client.destroy();

    const reset = await lendablePair(7);
    reset.peer.write('x');
    await firstChunk(reset.delivered);
    assert.ok(reset.lent);
    reset.peer.resetAndDestroy();
    await settle();
    const outcome = readDirect(reset.shared, 7, reset.fd, new Uint8Array(64));
    assert.ok('error' in outcome && outcome.error.code === 'ECONNRESET', JSON.stringify(outcome));
    reset.client.destroy();

    const closed = await lendablePair(8);
    closed.peer.write('x');
    await firstChunk(closed.delivered);
    assert.ok(closed.lent);
    closed.client.destroy();
    assert.deepEqual(readDirect(closed.shared, 8, closed.fd, new Uint8Array(64)), { post: 'revoked' });
    closed.peer.destroy();
  });

  it('does not lend a bulk transfer or a paused stream', async () => {
    const pair = await lendablePair(9);
    const { client, peer, delivered } = pair;
    pair.lendAfterNext = false;
    peer.write('x');
    const chunk = await firstChunk(delivered);
    assert.equal(lendReading(client, BULK_READ_BYTES), false, 'a full read means more is coming');
    client.pause();
    assert.equal(lendReading(client, chunk.length), false, 'a paused stream keeps its back-pressure');
    client.resume();
    peer.write('still read by Node');
    assert.equal((await firstChunk(delivered)).toString(), 'still read by Node');
    client.destroy();
    peer.destroy();
  });
});
