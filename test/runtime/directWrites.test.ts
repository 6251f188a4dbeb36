// The direct-write handshake (runtime/src/io/directWrites.ts) on real sockets on 127.0.0.1: bytes written to
// the descriptor arrive in order; no write before the permit or after the socket is closed (by us, or by Node
// after a reset); a full send buffer says so; and revoking waits for a write under way in another thread.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { grantDirectWrites, hostDescriptor, revokeDirectWrites, writeDirect } from '../../runtime/src/io/directWrites';
import { IO_SHARED, IO_SHARED_BYTES } from '../../runtime/src/io/ioProtocol';

interface Pair {
  client: net.Socket;
  accepted: net.Socket;
}

let server: net.Server;
const acceptedQueue: net.Socket[] = [];

async function connectedPair(): Promise<Pair> {
  const address = server.address() as net.AddressInfo;
  const client = net.connect({ host: '127.0.0.1', port: address.port });
  await once(client, 'connect');
  while (acceptedQueue.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return { client, accepted: acceptedQueue.shift()! };
}

function received(socket: net.Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) {
        socket.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    socket.on('data', onData);
  });
}

describe('direct writes to a host socket', { skip: process.platform === 'win32' }, () => {
  before(async () => {
    server = net.createServer((socket) => acceptedQueue.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => server.close());

  it('writes nothing before the permit, then bytes arrive in order', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
    const { client, accepted } = await connectedPair();
    const fd = hostDescriptor(client);
    assert.ok(fd !== null && fd > 2, `a descriptor: ${fd}`);
    const h = 7;
    assert.deepEqual(writeDirect(shared, h, fd, Buffer.from('early')), { post: 'pending' });
    grantDirectWrites(shared, h, client);
    const arriving = received(accepted, 11);
    assert.deepEqual(writeDirect(shared, h, fd, Buffer.from('hello ')), { written: 6 });
    assert.deepEqual(writeDirect(shared, h, fd, Buffer.from('world')), { written: 5 });
    assert.equal((await arriving).toString(), 'hello world');
    client.destroy();
    accepted.destroy();
  });

  it('closing the socket takes the permit back before the descriptor goes', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
    const { client, accepted } = await connectedPair();
    const fd = hostDescriptor(client)!;
    const h = IO_SHARED.slots + 3; // a later generation of slot 3
    grantDirectWrites(shared, h, client);
    assert.equal(Atomics.load(shared, IO_SHARED.directPermit(3)), h);
    client.destroy();
    assert.equal(Atomics.load(shared, IO_SHARED.directPermit(3)), -h);
    assert.deepEqual(writeDirect(shared, h, fd, Buffer.from('late')), { post: 'revoked' });
    // Another handle of the same slot is not affected by the old one's revocation.
    revokeDirectWrites(shared, 3);
    assert.equal(Atomics.load(shared, IO_SHARED.directPermit(3)), -h);
    accepted.destroy();
  });

  it('a reset that makes Node destroy the socket on its own revokes the permit too', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
    const { client, accepted } = await connectedPair();
    const h = 11;
    grantDirectWrites(shared, h, client);
    client.on('error', () => undefined);
    client.resume();
    // (events.once would reject on the 'error' that comes first.)
    const closed = new Promise((resolve) => client.on('close', resolve));
    accepted.resetAndDestroy();
    await closed;
    assert.equal(Atomics.load(shared, IO_SHARED.directPermit(h)), -h);
  });

  it('a full send buffer asks for the bytes to be posted', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
    const { client, accepted } = await connectedPair();
    accepted.pause();
    const fd = hostDescriptor(client)!;
    const h = 12;
    grantDirectWrites(shared, h, client);
    const block = Buffer.alloc(1 << 20, 1);
    let outcome = writeDirect(shared, h, fd, block);
    let total = 0;
    for (let i = 0; i < 256 && 'written' in outcome; i++) {
      total += outcome.written;
      outcome = writeDirect(shared, h, fd, block);
    }
    assert.deepEqual(outcome, { post: 'full' }, `after ${total} bytes`);
    assert.ok(total > 0);
    client.destroy();
    accepted.destroy();
  });

  it('revoking waits until a write under way in another thread has finished', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
    const h = 21;
    Atomics.store(shared, IO_SHARED.directPermit(h), h);
    // The other thread plays the runtime: it raises the writing flag, says so, holds it a while, then lowers it.
    const writer = new Worker(
      `const { workerData } = require('node:worker_threads');
       const shared = new Int32Array(workerData.buffer);
       Atomics.store(shared, workerData.writing, 1);
       Atomics.store(shared, workerData.ready, 1);
       Atomics.notify(shared, workerData.ready);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
       Atomics.store(shared, workerData.done, 1);
       Atomics.store(shared, workerData.writing, 0);`,
      { eval: true, workerData: { buffer: shared.buffer, writing: IO_SHARED.directInUse(h), ready: 1, done: 2 } },
    );
    while (Atomics.load(shared, 1) === 0) Atomics.wait(shared, 1, 0, 100);
    revokeDirectWrites(shared, h);
    assert.equal(Atomics.load(shared, 2), 1, 'the write had finished when revoke returned');
    assert.equal(Atomics.load(shared, IO_SHARED.directInUse(h)), 0);
    await once(writer, 'exit');
  });
});
