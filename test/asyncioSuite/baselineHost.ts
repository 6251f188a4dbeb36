// The asyncio suite's baseline interpreter: runs a Python script on the same bundled CPython (dist/pyodide) as
// the runtime, but bare, with CPython's own selector event loop (cpythonLoop.py) instead of Loopscope's.
// Usage (from suiteRunner.ts): node --import tsx baselineHost.ts SCRIPT [ARGS…]; the script's folder, the working
// directory and every argument that names a host file or folder are mounted at their own paths.
import { existsSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import { mountHostDirectories } from '../../runtime/src/worker/hostDirectoryMounts';

const PYODIDE_DIR = path.join(__dirname, '..', '..', 'dist', 'pyodide');
const PRELUDE = path.join(__dirname, 'cpythonLoop.py');
/** Where cpythonLoop.py is written in Pyodide's own file system (outside every mount). */
const PRELUDE_ROOT = '/lib/loopscope-baseline';

function hostFolders(script: string, args: readonly string[]): string[] {
  const folders = new Set([path.dirname(script), process.cwd()]);
  for (const arg of args) {
    if (!path.isAbsolute(arg) || !existsSync(arg)) continue;
    folders.add(statSync(arg).isDirectory() ? arg : path.dirname(arg));
  }
  return [...folders];
}

function writeFully(fd: number, buffer: Uint8Array): number {
  for (let offset = 0; offset < buffer.length;) offset += writeSync(fd, buffer, offset);
  return buffer.length;
}

async function main(): Promise<number> {
  const [script, ...args] = process.argv.slice(2);
  if (script === undefined) throw new Error('usage: baselineHost.ts SCRIPT [ARGS…]');
  const scriptPath = path.resolve(script);
  const pyodide = await loadPyodide({ indexURL: `${PYODIDE_DIR}/`, env: { HOME: '/home/pyodide' } });
  pyodide.setStdout({ write: (buffer: Uint8Array) => writeFully(1, buffer), isatty: false });
  pyodide.setStderr({ write: (buffer: Uint8Array) => writeFully(2, buffer), isatty: false });
  mountHostDirectories(
    pyodide,
    hostFolders(scriptPath, args).map((folder) => ({ path: folder, access: 'writable' as const })),
  );
  pyodide.FS.mkdirTree(PRELUDE_ROOT);
  pyodide.FS.writeFile(`${PRELUDE_ROOT}/cpythonLoop.py`, readFileSync(PRELUDE, 'utf8'));
  const run = pyodide.runPython(`
def run(script, argv_json, cwd):
    import json, os, runpy, sys
    sys.path.insert(0, ${JSON.stringify(PRELUDE_ROOT)})
    import cpythonLoop
    cpythonLoop.install()
    # As python3 SCRIPT ARGS would: the script's folder first on the path, its arguments in sys.argv.
    sys.path[0] = os.path.dirname(script)
    sys.argv = json.loads(argv_json)
    os.chdir(cwd)
    try:
        runpy.run_path(script, run_name='__main__')
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0
run`) as (script: string, argvJson: string, cwd: string) => number;
  return run(scriptPath, JSON.stringify([scriptPath, ...args]), process.cwd());
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    // A Python exception arrives as a PythonError whose message is the traceback.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
