// Network benchmark (issue 10): the same programs under python3 (the venv's real interpreter binary, not a
// version manager's shim) and `loopscope run --clock real`, in one run, on 127.0.0.1 only:
// - loopback echo: 10,000 round trips of 1 KiB through asyncio streams (time, lower is better);
// - 100 MiB streamed from a client to a server through asyncio streams (time);
// - an HTTP server under 20 concurrent keep-alive clients for 5 s, the clients driven by this process
//   (requests/s, higher is better): a streams HTTP server, and an aiohttp.web one (python3 gets aiohttp's
//   compiled parser, the runtime its pure-Python one).
// Times are measured inside the programs with time.perf_counter (real on both sides under --clock real).
// Ratios: loopscope / python3 for times, loopscope / python3 for requests/s.
//
// Run: npm run build && node --import tsx bench/runtime/networkBench.ts [--repeat N] [--seconds S]
// Targets (issue 10): echo and streaming ratio ≤ 3.0; requests/s ratio ≥ 0.33.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { cachedVenv } from '../../test/runtime/packages/cachedVenv';
import { ECHO_PROGRAM } from './echoProgram';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number =>
  argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) || fallback : fallback;
const repeat = option('--repeat', 3);
const loadSeconds = option('--seconds', 5);
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const CLIENTS = 20;
const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-netbench-'));

const TIMED: Record<string, string> = {
  'echo: 10,000 round trips of 1 KiB': ECHO_PROGRAM,
  'stream: 100 MiB client to server': `
import asyncio, time
TOTAL = 100 * 1024 * 1024
async def handle(reader, writer):
    received = 0
    while received < TOTAL:
        chunk = await reader.read(1 << 18)
        if not chunk:
            break
        received += len(chunk)
    writer.write(str(received).encode() + b'\\n')
    await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    reader, writer = await asyncio.open_connection('127.0.0.1', server.sockets[0].getsockname()[1])
    chunk = b'y' * 65536
    started = time.perf_counter()
    for _ in range(TOTAL // len(chunk)):
        writer.write(chunk)
        await writer.drain()
    assert int(await reader.readline()) == TOTAL
    print('seconds', time.perf_counter() - started)
    writer.close()
    server.close()
asyncio.run(main())
`,
};

const SERVERS: Record<string, string> = {
  'HTTP: streams server, 20 keep-alive clients': `
import asyncio
BODY = b'hello, world\\n'
RESPONSE = b'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: ' + str(len(BODY)).encode() + b'\\r\\n\\r\\n' + BODY
async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b'\\r\\n\\r\\n')
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0, backlog=128)
    print('port', server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
`,
  'HTTP: aiohttp.web server, 20 keep-alive clients': `
import asyncio
from aiohttp import web
async def hello(request):
    return web.Response(text='hello, world\\n')
async def main():
    app = web.Application()
    app.router.add_get('/', hello)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', 0)
    await site.start()
    print('port', runner.addresses[0][1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
`,
};

function write(name: string, source: string): string {
  const file = path.join(folder, `${name.replace(/[^a-z0-9]+/gi, '_')}.py`);
  writeFileSync(file, source);
  return file;
}

function command(runtime: 'python3' | 'loopscope', python: string, file: string): [string, string[]] {
  return runtime === 'python3'
    ? [python, [file]]
    : [process.execPath, [CLI, 'run', '--clock', 'real', '--max-wall', '0', '--python', python, file]];
}

/** Runs a timed program; returns the seconds it printed. */
function timed(runtime: 'python3' | 'loopscope', python: string, file: string): Promise<number> {
  const [program, args] = command(runtime, python, file);
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (status) => {
      const match = /seconds (\S+)/.exec(output);
      if (status !== 0 || !match) reject(new Error(`${runtime} ${file} failed (${status}):\n${errors}`));
      else resolve(Number(match[1]));
    });
  });
}

/** Starts a server program, drives it with CLIENTS keep-alive clients for `seconds`, returns requests/s. */
function throughput(runtime: 'python3' | 'loopscope', python: string, file: string, seconds: number): Promise<number> {
  const [program, args] = command(runtime, python, file);
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    let started = false;
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('close', (status) => {
      if (!started) reject(new Error(`${runtime} ${file} ended (${status}) before serving:\n${errors}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /port (\d+)/.exec(output);
      if (started || !match) return;
      started = true;
      load(Number(match[1]), seconds).then(
        (rate) => {
          child.kill('SIGKILL');
          resolve(rate);
        },
        (error: unknown) => {
          child.kill('SIGKILL');
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  });
}

async function load(port: number, seconds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const get = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      sent.on('error', reject);
      sent.end();
    });
  // Warm-up (connections, the runtime's optimized code), then the measured span.
  const warmEnd = performance.now() + 1000;
  const clients = async (until: number): Promise<number> => {
    let count = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          await get();
          count++;
        }
      }),
    );
    return count;
  };
  await clients(warmEnd);
  const start = performance.now();
  const count = await clients(start + seconds * 1000);
  agent.destroy();
  return count / ((performance.now() - start) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const venv = cachedVenv(path.join(__dirname, '..', '..', 'test', 'runtime', 'packages', 'requirements.txt'));
  const python = venv.python;
  console.log(
    `network benchmark: ${repeat} runs each, medians; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.log('workload'.padEnd(48), 'python3'.padStart(10), 'loopscope'.padStart(10), 'ratio'.padStart(7), ' target');
  for (const [name, source] of Object.entries(TIMED)) {
    const file = write(name, source);
    const python3: number[] = [];
    const loopscope: number[] = [];
    for (let run = 0; run < repeat; run++) {
      python3.push(await timed('python3', python, file));
      loopscope.push(await timed('loopscope', python, file));
    }
    const ratio = median(loopscope) / median(python3);
    console.log(
      name.padEnd(48),
      `${median(python3).toFixed(3)}s`.padStart(10),
      `${median(loopscope).toFixed(3)}s`.padStart(10),
      ratio.toFixed(2).padStart(7),
      ' ≤ 3.0',
    );
  }
  for (const [name, source] of Object.entries(SERVERS)) {
    const file = write(name, source);
    const python3: number[] = [];
    const loopscope: number[] = [];
    for (let run = 0; run < repeat; run++) {
      python3.push(await throughput('python3', python, file, loadSeconds));
      loopscope.push(await throughput('loopscope', python, file, loadSeconds));
    }
    const ratio = median(loopscope) / median(python3);
    console.log(
      name.padEnd(48),
      `${median(python3).toFixed(0)}/s`.padStart(10),
      `${median(loopscope).toFixed(0)}/s`.padStart(10),
      ratio.toFixed(2).padStart(7),
      ' ≥ 0.33',
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
}

void main();
