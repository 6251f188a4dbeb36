// Step back and reverse continue through network I/O (issue 14): a debugged run is recorded as it goes, and
// going back replays the recording — the same bytes appear again, nothing connects or listens again — until
// the point where the recorded run was left, where the replay stops and says so. A launch with "replay" debugs
// a recording made by `loopscope run --record`.
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lineOf, program, withAdapter, type AdapterClient } from './adapterClient';
import { accepting, freePort } from './localSockets';

const QUESTIONS = program('questions_client.py');
const GREETER = program('greeting_server.py');
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** A server answering every line with a new `answer-<uuid>`; it counts connections and lines. */
async function answeringServer(): Promise<{ port: number; connections: () => number; lines: () => number; close(): Promise<void> }> {
  let connections = 0;
  let lines = 0;
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    connections++;
    sockets.push(socket);
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString();
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        pending = pending.slice(end + 1);
        lines++;
        socket.write(`answer-${randomUUID()}\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    lines: () => lines,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `loopscope run ARGS` (asynchronously: the test's own server must answer meanwhile). */
function loopscopeRun(args: string[], cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Connects to the program's server (retrying while it starts), sends `name`, and keeps the answer. */
async function greetedBy(port: number, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const connected = await new Promise<net.Socket | null>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket));
      socket.once('error', () => resolve(null));
    });
    if (connected) {
      connected.on('error', () => undefined);
      connected.on('data', () => undefined);
      connected.write(`${name}\n`);
      return;
    }
    if (attempt > 200) throw new Error(`the program never listened on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function frameId(client: AdapterClient, stop: DebugProtocol.StoppedEvent): Promise<number> {
  return (await client.top(stop.body.threadId!)).id;
}

describe('debug adapter: going back through network I/O replays the recording', { concurrency: 2 }, () => {
  it('breaks after the third answer, steps back across the read, and the same bytes come again', async () => {
    const server = await answeringServer();
    try {
      await withAdapter(async (client) => {
        await client.launch(
          { program: QUESTIONS, args: [String(server.port)] },
          { breakpoints: { [QUESTIONS]: [{ line: lineOf(QUESTIONS, 'got'), condition: 'n == 2' }] } },
        );
        const third = await client.nextStop();
        assert.equal(await client.where(third), `main:${lineOf(QUESTIONS, 'got')}`);
        const answer = await client.evaluate('answer', await frameId(client, third));
        assert.match(answer, /^b'answer-[0-9a-f-]{36}\\n'$/);
        assert.equal(server.lines(), 3);

        await client.dc.stepBackRequest({ threadId: third.body.threadId! });
        const beforeRead = await client.nextStop();
        assert.equal(beforeRead.body.reason, 'step');
        assert.equal(await client.where(beforeRead), `main:${lineOf(QUESTIONS, 'read')}`);
        const previous = await client.evaluate('answer', await frameId(client, beforeRead));
        assert.notEqual(previous, answer, 'before the read, `answer` is still the second answer');

        await client.dc.nextRequest({ threadId: beforeRead.body.threadId! });
        const again = await client.nextStop();
        assert.equal(await client.where(again), `main:${lineOf(QUESTIONS, 'got')}`);
        assert.equal(await client.evaluate('answer', await frameId(client, again)), answer, 'the replayed read gave the same bytes');
        assert.equal(server.connections(), 1, 'the replay connected to nobody');
        assert.equal(server.lines(), 3, 'the replay sent nothing');
        assert.match(client.outputText('console'), /The run is recorded: step back and reverse continue replay it/);

        // Going on past where the recorded run was left: the recording ends there, and the replay stops to say so.
        await client.dc.continueRequest({ threadId: again.body.threadId! });
        const end = await client.nextStop();
        assert.equal(end.body.reason, 'pause');
        assert.match(end.body.description ?? '', /^The recording ends here: the recorded run was stopped at this point/);
        assert.equal(await client.where(end), `main:${lineOf(QUESTIONS, 'ask')}`);
        await client.dc.continueRequest({ threadId: end.body.threadId! });
        assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 3);
        assert.match(client.outputText('stderr'), /the recorded run stops there \(the recording ends\)/);
        assert.equal(server.lines(), 3);
      });
    } finally {
      await server.close();
    }
  });

  it('reverse continues to earlier hits of a breakpoint in a request handler, with the requests of then', async () => {
    const port = await freePort();
    const names = [`first-${randomUUID()}`, `second-${randomUUID()}`, `third-${randomUUID()}`];
    await withAdapter(async (client) => {
      await client.launch(
        { program: GREETER, args: [String(port)] },
        { breakpoints: { [GREETER]: [{ line: lineOf(GREETER, 'handler') }] } },
      );
      for (const name of names) {
        await greetedBy(port, name);
        const hit = await client.nextStop();
        assert.equal(hit.body.reason, 'breakpoint');
        assert.equal(await client.evaluate('name', await frameId(client, hit)), `'${name}'`);
        if (name !== names[2]) await client.dc.continueRequest({ threadId: hit.body.threadId! });
      }

      const threadId = (await client.dc.threadsRequest()).body.threads[0]!.id;
      await client.dc.reverseContinueRequest({ threadId });
      const second = await client.nextStop();
      assert.equal(second.body.reason, 'breakpoint');
      assert.equal(await client.evaluate('name', await frameId(client, second)), `'${names[1]}'`);
      assert.equal(await client.evaluate('greeted', await frameId(client, second)), `['${names[0]}']`);
      assert.equal(await accepting(port), false, 'the replayed server does not listen');

      await client.dc.reverseContinueRequest({ threadId: second.body.threadId! });
      const first = await client.nextStop();
      assert.equal(await client.evaluate('name', await frameId(client, first)), `'${names[0]}'`);

      // Forward again through the replay: the second and third requests come from the recording.
      await client.dc.continueRequest({ threadId: first.body.threadId! });
      const secondAgain = await client.nextStop();
      assert.equal(await client.evaluate('name', await frameId(client, secondAgain)), `'${names[1]}'`);
      await client.dc.continueRequest({ threadId: secondAgain.body.threadId! });
      const thirdAgain = await client.nextStop();
      assert.equal(await client.evaluate('name', await frameId(client, thirdAgain)), `'${names[2]}'`);
    });
  });

  it('debugs a recording made by loopscope run --record, offline, with step back', async () => {
    const server = await answeringServer();
    const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-debug-replay-'));
    const copy = path.join(folder, 'questions_client.py');
    copyFileSync(QUESTIONS, copy);
    const recording = path.join(folder, 'questions.rec');
    const recorded = await loopscopeRun([copy, String(server.port), '--record', recording], folder);
    await server.close();
    assert.equal(recorded.status, 0, recorded.stderr);
    const answers = /\['(answer-[^']+)', '(answer-[^']+)', '(answer-[^']+)', '(answer-[^']+)'\]/.exec(recorded.stdout);
    assert.ok(answers, recorded.stdout);

    await withAdapter(async (client) => {
      await client.launch({ replay: recording } as Parameters<AdapterClient['launch']>[0], {
        breakpoints: { [copy]: [{ line: lineOf(copy, 'got'), condition: 'n == 3' }] },
      });
      const last = await client.nextStop();
      assert.equal(await client.evaluate('answer', await frameId(client, last)), `b'${answers[4]}\\n'`);
      await client.dc.stepBackRequest({ threadId: last.body.threadId! });
      await client.nextStop();
      await client.dc.stepBackRequest({ threadId: last.body.threadId! });
      const ask = await client.nextStop();
      assert.equal(await client.where(ask), `main:${lineOf(copy, 'ask')}`);
      assert.equal(await client.evaluate('answers[2]', await frameId(client, ask)), `'${answers[3]}'`);
      await client.dc.continueRequest({ threadId: ask.body.threadId! });
      await client.nextStop();
      await client.dc.continueRequest({ threadId: ask.body.threadId! });
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
      assert.ok(client.outputText('stdout').includes(answers[0]), client.outputText());
    });
  });

  it('refuses a "replay" that is not a recording, and one given with its own "args"', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-debug-replay-'));
    await withAdapter(async (client) => {
      const failure = await client.dc.launchRequest({ replay: QUESTIONS } as unknown as DebugProtocol.LaunchRequestArguments).then(
        () => '',
        (error: Error) => error.message,
      );
      assert.equal(failure, `Loopscope: "replay": ${QUESTIONS}: this file is not a Loopscope recording`);
    });
    const server = await answeringServer();
    const recording = path.join(folder, 'questions.rec');
    await loopscopeRun([QUESTIONS, String(server.port), '--record', recording]);
    await server.close();
    await withAdapter(async (client) => {
      const failure = await client.dc
        .launchRequest({ replay: recording, args: ['1'] } as unknown as DebugProtocol.LaunchRequestArguments)
        .then(
          () => '',
          (error: Error) => error.message,
        );
      assert.equal(failure, 'Loopscope: "replay" takes "args" from the recording: leave it out');
    });
  });
});
