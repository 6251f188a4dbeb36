// Hands VS Code a Loopscope debug adapter for each session: inline in the extension host by default (no process
// to spawn, so F5 reaches the first line sooner), or `node dist/debugAdapter.js` as a process of its own when the
// `loopscope.debugger.adapter` setting says "process" (isolates the Python runtime's memory from the host).
// Either way the runtime caches its memory snapshot in the extension's global storage, which is writable. An inline
// session starts on the warm spare (runtimeSpare.ts) when there is one.
import { mkdirSync } from 'node:fs';
import {
  DebugAdapterExecutable,
  DebugAdapterInlineImplementation,
  workspace,
  type DebugAdapter,
  type DebugAdapterDescriptor,
  type DebugAdapterDescriptorFactory,
  type DebugSession,
  type ExtensionContext,
  type LogOutputChannel,
} from 'vscode';
import type * as InlineSessionModule from '../../../debug-adapter/src/inlineSession';
import { DebugSettings } from '../commandIds';
import { RuntimeSpare } from './runtimeSpare';

type AdapterHosting = 'inline' | 'process';

export class LoopscopeAdapterFactory implements DebugAdapterDescriptorFactory {
  private inlineModule: typeof InlineSessionModule | undefined;
  /** The Python runtime loaded ahead for the next inline session (see warmStart.ts for when). */
  readonly spare: RuntimeSpare;

  constructor(
    private readonly context: ExtensionContext,
    private readonly output: LogOutputChannel,
  ) {
    this.spare = new RuntimeSpare((options) => this.loadInlineModule().bootSpareRuntime(options), output);
  }

  /** Loads a Python runtime for the next inline session now, unless one is loaded or loading. */
  warmUp(): void {
    this.spare.want(this.loadInlineModule().sessionBootOptions(this.snapshotDir()));
  }

  createDebugAdapterDescriptor(session: DebugSession): DebugAdapterDescriptor {
    const snapshotDir = this.snapshotDir();
    const hosting = adapterHosting();
    this.output.info(`Debug session "${session.name}": adapter ${hosting === 'process' ? 'in its own process' : 'inline'}.`);
    if (hosting === 'process') {
      // process.execPath is VS Code's own binary on the desktop (Electron): ELECTRON_RUN_AS_NODE makes it Node.
      return new DebugAdapterExecutable(process.execPath, [this.context.asAbsolutePath('dist/debugAdapter.js')], {
        env: { ELECTRON_RUN_AS_NODE: '1', ...(snapshotDir ? { LOOPSCOPE_SNAPSHOT_DIR: snapshotDir } : {}) },
      });
    }
    const module = this.loadInlineModule();
    // LoopscopeSession is a @vscode/debugadapter DebugSession, which implements vscode.DebugAdapter.
    const adapter = module.createLoopscopeSession({
      ...(snapshotDir ? { snapshotDir } : {}),
      prestart: (options) => this.spare.take(options),
    }) as unknown as DebugAdapter;
    return new DebugAdapterInlineImplementation(adapter);
  }

  /** The session bundle is loaded on the first debug session, not at activation. */
  private loadInlineModule(): typeof InlineSessionModule {
    if (!this.inlineModule) {
      const file = this.context.asAbsolutePath('dist/debugSession.js');
      try {
        this.inlineModule = require(file) as typeof InlineSessionModule;
      } catch (error) {
        throw new Error(`Loopscope: the debugger could not load (${file}): ${(error as Error).message}`);
      }
    }
    return this.inlineModule;
  }

  private snapshotDir(): string | undefined {
    const folder = this.context.globalStorageUri.fsPath;
    try {
      mkdirSync(folder, { recursive: true });
      return folder;
    } catch (error) {
      this.output.warn(`No writable storage for the runtime's snapshot (${folder}): ${(error as Error).message}`);
      return undefined;
    }
  }
}

/** Where debug adapters run (the `loopscope.debugger.adapter` setting). */
export function adapterHosting(): AdapterHosting {
  return workspace.getConfiguration().get<AdapterHosting>(DebugSettings.adapter, 'inline');
}
