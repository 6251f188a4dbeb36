// One code-server instance for one end-to-end scenario: fresh user data, a fresh extensions folder with the
// packaged Loopscope installed, a copy of the fixture workspace, a free loopback port. `stop()` ends its
// whole process group (the server, its extension host and the language server under it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { withNode, type E2eEnvironment } from './e2eEnvironment';

/** User settings that keep the workbench quiet and typing predictable (no auto-closing, no suggestions, no preview tabs). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  // The DOM renderer keeps terminal text readable by the tests.
  'terminal.integrated.gpuAcceleration': 'off',
  // Debugging shows the Run and Debug side bar at the first stop, as a user's default would.
  'debug.openDebug': 'openOnDebugBreak',
};

export interface CodeServerOptions {
  environment: E2eEnvironment;
  vsixPath: string;
  /** Fixture folder copied into the instance's temporary folder (tests edit the copy). */
  workspaceFixture: string;
}

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly workspace: string,
    readonly extensionsDir: string,
    private readonly root: string,
    private readonly process: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const { environment } = options;
    const root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-e2e-'));
    const userDataDir = path.join(root, 'user-data');
    const extensionsDir = path.join(root, 'extensions');
    const workspace = path.join(root, 'workspace');
    const configFile = path.join(root, 'config.yaml');
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir);
    // LOOPSCOPE_E2E_USER_SETTINGS (JSON) adds settings, e.g. '{"loopscope.debugger.adapter":"process"}'.
    const extraSettings = JSON.parse(process.env.LOOPSCOPE_E2E_USER_SETTINGS ?? '{}') as Record<string, unknown>;
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extraSettings }, null, 2));
    writeFileSync(configFile, ''); // keep ~/.config/code-server out of the run
    cpSync(options.workspaceFixture, workspace, { recursive: true });

    const install = spawnSync(
      environment.nodeBinary,
      [
        environment.codeServerEntry,
        '--config',
        configFile,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        options.vsixPath,
        '--force',
      ],
      { encoding: 'utf8', timeout: 120_000, env: withNode(environment.nodeBinary) },
    );
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout)) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`code-server could not install ${options.vsixPath}:\n${install.stdout}\n${install.stderr}`);
    }

    const port = await freePort();
    const child = spawn(
      environment.nodeBinary,
      [
        environment.codeServerEntry,
        '--config',
        configFile,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        workspace,
      ],
      // Its own process group, so stop() can end the extension host and language server with it.
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: withNode(environment.nodeBinary),
      },
    );
    const output: string[] = [];
    const record = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
      }
    };
    child.stdout!.on('data', record);
    child.stderr!.on('data', record);
    const server = new CodeServer(`http://127.0.0.1:${port}`, workspace, extensionsDir, root, child, output);
    if (child.pid) runningInstances.set(child.pid, root);
    try {
      await server.waitUntilHealthy(60_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** The address that opens the workspace copy in the browser. */
  get workspaceUrl(): string {
    return `${this.url}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** Where the installed Loopscope extension lives (tests break and mend it there). */
  installedExtensionDir(): string {
    const listing = readdirSync(this.extensionsDir);
    const folder = listing.find((name) => name.startsWith('loopscope.loopscope-'));
    if (!folder) throw new Error(`no Loopscope folder in ${this.extensionsDir}: ${listing.join(', ')}`);
    return path.join(this.extensionsDir, folder);
  }

  recentOutput(lines = 60): string {
    return this.output.slice(-lines).join('\n');
  }

  /** What the extension has written to its Loopscope output channel so far (VS Code's log file of it), or ''. */
  loopscopeLog(): string {
    const logs = path.join(this.root, 'user-data', 'logs');
    const found: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of existsSync(folder) ? readdirSync(folder, { withFileTypes: true }) : []) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name === 'Loopscope.log') found.push(file);
      }
    };
    walk(logs);
    return found.map((file) => readFileSync(file, 'utf8')).join('');
  }

  /** Ends the instance and deletes its folder; with `keepLogsIn`, first copies VS Code's logs (the Loopscope output channel among them) and code-server's output there. */
  async stop(keepLogsIn?: string): Promise<void> {
    await endProcessGroup(this.process);
    if (this.process.pid) runningInstances.delete(this.process.pid);
    if (keepLogsIn) {
      rmSync(keepLogsIn, { recursive: true, force: true });
      mkdirSync(keepLogsIn, { recursive: true });
      const logs = path.join(this.root, 'user-data', 'logs');
      if (existsSync(logs)) cpSync(logs, path.join(keepLogsIn, 'vscode'), { recursive: true });
      writeFileSync(path.join(keepLogsIn, 'code-server.log'), this.output.join('\n') + '\n');
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`code-server exited (${this.process.exitCode}):\n${this.recentOutput()}`);
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`code-server did not answer on ${this.url} within ${timeoutMs / 1000} s:\n${this.recentOutput()}`);
  }
}

/** Instances still running (process group → temporary folder); killed and removed if the test process exits without stopping them. */
const runningInstances = new Map<number, string>();
process.on('exit', () => {
  for (const [pid, root] of runningInstances) {
    signalGroup(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
// Interrupted runs (Ctrl+C, a CI timeout) go through 'exit' too, so no code-server outlives them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

async function endProcessGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Children that ignored SIGTERM (a language server mid-start) go with the group.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
