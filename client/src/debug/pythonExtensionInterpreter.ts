// The interpreter the Python extension (ms-python.python) has selected for a file, through its public API
// (`exports.environments`), when that extension is installed. Never throws and never waits long: without the
// extension, or if it fails or is slow to activate, Loopscope finds the environment itself. Free of `vscode`.

/** The extension as `vscode.extensions.getExtension` returns it (only what is used here). */
export interface InstalledExtension {
  readonly isActive: boolean;
  readonly exports: unknown;
  activate(): Thenable<unknown>;
}

/** The part of the Python extension's API used here (`@vscode/python-extension`'s PythonExtension). */
interface PythonEnvironmentsApi {
  ready?: Thenable<void>;
  environments: {
    getActiveEnvironmentPath(resource?: unknown): { id: string; path: string };
    resolveEnvironment(environment: { id: string; path: string }): Thenable<{ executable?: { uri?: { fsPath: string } } } | undefined>;
  };
}

export const PYTHON_EXTENSION_ID = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 10_000;
const RESOLVE_TIMEOUT_MS = 3_000;

/** The selected interpreter's executable for `resource` (a file Uri), or undefined. */
export async function interpreterFromPythonExtension(
  extension: InstalledExtension | undefined,
  resource: unknown,
  log: (message: string) => void = () => undefined,
): Promise<string | undefined> {
  if (!extension) return undefined;
  try {
    const exported = extension.isActive ? extension.exports : await withTimeout(extension.activate(), ACTIVATION_TIMEOUT_MS);
    if (!isEnvironmentsApi(exported)) return undefined;
    if (exported.ready) await withTimeout(exported.ready, ACTIVATION_TIMEOUT_MS);
    const active = exported.environments.getActiveEnvironmentPath(resource);
    if (!active || typeof active.path !== 'string' || !active.path) return undefined;
    // `path` is the interpreter, or the environment's folder for some kinds: resolving gives the executable.
    const resolved = await withTimeout(exported.environments.resolveEnvironment(active), RESOLVE_TIMEOUT_MS);
    const executable = resolved?.executable?.uri?.fsPath;
    return typeof executable === 'string' && executable ? executable : active.path;
  } catch (error) {
    log(`The Python extension did not say which interpreter is selected: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function isEnvironmentsApi(value: unknown): value is PythonEnvironmentsApi {
  if (!value || typeof value !== 'object') return false;
  const environments = (value as { environments?: unknown }).environments;
  if (!environments || typeof environments !== 'object') return false;
  const api = environments as Record<string, unknown>;
  return typeof api.getActiveEnvironmentPath === 'function' && typeof api.resolveEnvironment === 'function';
}

function withTimeout<T>(work: Thenable<T>, milliseconds: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), milliseconds);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
