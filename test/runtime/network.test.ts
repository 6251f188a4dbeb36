// Real programs against real servers (issue 10): the programs under network/ print the same and exit the
// same under python3 and `loopscope run`. Everything listens on 127.0.0.1, started by the programs or by this
// test: TLS with a certificate made here by openssl, blocking HTTPS against this test's HTTPS server, and
// aiohttp, httpx, websockets and anyio from the package tests' virtualenv.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { basePython, cachedVenv, type CachedVenv } from './packages/cachedVenv';
import { runFile, runSource } from './runProgram';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const PROGRAMS = path.join(__dirname, 'network');
const base = basePython();
const openssl = spawnSync('openssl', ['version']).status === 0;

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PYTHONDONTWRITEBYTECODE: '1', ...extraEnv };
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'VIRTUAL_ENV') env[key] ??= value;
    const child = spawn(command, args, { cwd: PROGRAMS, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        status: code ?? (signal ? 128 : 1),
      }),
    );
  });
}

/** Runs `program` under `python` and under `loopscope run --python python`, and compares. */
async function sameAsPython(python: string, program: string, args: string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  const file = path.join(PROGRAMS, program);
  const [expected, actual] = await Promise.all([
    run(python, [file, ...args], env),
    run(process.execPath, [CLI, 'run', '--python', python, file, ...args], env),
  ]);
  assert.equal(expected.status, 0, `python3 failed:\n${expected.stderr}`);
  assert.equal(actual.stdout, expected.stdout, `stdout differs\n--- loopscope stderr:\n${actual.stderr}`);
  assert.equal(actual.status, expected.status, `exit status differs\n--- loopscope stderr:\n${actual.stderr}`);
  return actual;
}

describe(
  'network programs: python3 vs loopscope run',
  { skip: 'skip' in base ? base.skip : !openssl ? 'openssl not found' : false, concurrency: 3, timeout: 20 * 60_000 },
  () => {
    let certificates: string;
    let https: Server;
    let httpsPort: number;
    let venv: CachedVenv;

    before(async () => {
      certificates = mkdtempSync(path.join(tmpdir(), 'loopscope-tls-'));
      const made = spawnSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-keyout',
          'key.pem',
          '-out',
          'cert.pem',
        ],
        { cwd: certificates, encoding: 'utf8' },
      );
      assert.equal(made.status, 0, made.stderr);
      https = createServer(
        { key: readFileSync(path.join(certificates, 'key.pem')), cert: readFileSync(path.join(certificates, 'cert.pem')) },
        (request, response) => {
          // The request made inside a coroutine takes a while, so the block it causes is plain to see.
          setTimeout(() => response.end(`path ${request.url}\n`), request.url?.includes('coroutine') ? 50 : 0);
        },
      );
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
      httpsPort = (https.address() as AddressInfo).port;
      venv = cachedVenv(path.join(__dirname, 'packages', 'requirements.txt'));
    });

    after(() => {
      https?.close();
    });

    it('TLS streams: handshake details, verification failures, start_tls', async () => {
      await sameAsPython(venv.python, 'tls_streams.py', [certificates]);
    });

    it('a default context trusts the CAs SSL_CERT_FILE names', async () => {
      await sameAsPython(venv.python, 'tls_default_context.py', [certificates], { SSL_CERT_FILE: path.join(certificates, 'cert.pem') });
    });

    it('blocking HTTPS with urllib and http.client, also inside a coroutine', async () => {
      await sameAsPython(venv.python, 'blocking_https.py', [String(httpsPort), certificates]);
    });

    it('requests over HTTPS, as on the host (sys.platform is the host’s)', async () => {
      await sameAsPython(venv.python, 'blocking_requests.py', [String(httpsPort), certificates]);
    });

    it('an aiohttp.web server queried by aiohttp and httpx', async () => {
      await sameAsPython(venv.python, 'http_clients.py');
    });

    it('a websockets echo', async () => {
      await sameAsPython(venv.python, 'websocket_echo.py');
    });

    it('anyio streams and name resolution', async () => {
      await sameAsPython(venv.python, 'anyio_streams.py');
    });

    it('a blocking call in a coroutine holds the loop, and the events show where', async () => {
      const program = path.join(PROGRAMS, 'blocking_https.py');
      const run = await runFile(program, { instrument: true, args: [String(httpsPort), certificates], python: venv.python });
      assert.equal(run.status, 0, run.stderr);
      const source = readFileSync(program, 'utf8').split('\n');
      const line = source.findIndex((text) => text.includes('/in-a-coroutine')) + 1;
      const blocks = run.events.filter((event) => event.type === 'loopBlocked' && event.taskId !== null && event.site?.line === line);
      assert.ok(blocks.length > 0, `no block recorded at line ${line}`);
      for (const block of blocks) if (block.type === 'loopBlocked') assert.equal(block.site?.path, program);
      const total = blocks.reduce((sum, block) => sum + (block.type === 'loopBlocked' ? block.duration : 0), 0);
      assert.ok(total >= 0.05, `the loop was blocked for ${total} s, less than the server's 50 ms`);
    });

    it('under the virtual clock, a timeout around a network read lasts that long in real time', async () => {
      const started = performance.now();
      const run = await runSource(`
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(100)  # nothing in flight yet: no wall time
    silent = []
    server = await asyncio.start_server(lambda r, w: silent.append(w), '127.0.0.1', 0)
    reader, writer = await asyncio.open_connection('127.0.0.1', server.sockets[0].getsockname()[1])
    before = loop.time()
    try:
        async with asyncio.timeout(0.4):
            await reader.readline()
    except TimeoutError:
        print('timed out after', round(loop.time() - before, 1))
    writer.close()
    server.close()
asyncio.run(main())
`);
      const wall = (performance.now() - started) / 1000;
      assert.equal(run.stdout, 'timed out after 0.4\n', run.stderr);
      assert.ok(wall >= 0.4, `the read timed out after ${wall} s of wall time`);
      assert.ok(wall < 30, `the sleep(100) before any I/O took wall time (${wall} s)`);
    });
  },
);
