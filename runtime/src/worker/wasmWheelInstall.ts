// Installs the user's WebAssembly wheels (--wheels) with Pyodide's own loader, from local files only: each is
// unpacked into the runtime's site-packages (ahead of the environment's) and its shared libraries loaded.
import type { PyodideInterface } from 'pyodide';

/** Installs `wheels` (absolute paths); problems are reported through `warn`, one line each, and the program still runs. */
export async function installWasmWheels(pyodide: PyodideInterface, wheels: readonly string[], warn: (line: string) => void): Promise<void> {
  if (wheels.length === 0) return;
  const errors: string[] = [];
  // A path (not a package name) is read from disk and never looked up in Pyodide's index or on its CDN.
  await pyodide.loadPackage([...wheels], {
    messageCallback: () => undefined,
    errorCallback: (message) => errors.push(message),
    checkIntegrity: false,
  });
  // Pyodide reports "The following error occurred while loading NAME:" then the error (often a traceback).
  for (let index = 0; index < errors.length; index++) {
    const heading = /^The following error occurred while loading (.+):$/.exec(errors[index]!.trim());
    if (!heading) continue;
    const reason = (errors[index + 1] ?? '').trim().split('\n').at(-1) ?? '';
    warn(`loopscope: the wheel ${wheelNamed(wheels, heading[1]!)} could not be installed: ${reason}\n`);
  }
}

/** The wheel file Pyodide calls `name` (the distribution name it took from the file name). */
function wheelNamed(wheels: readonly string[], name: string): string {
  return wheels.find((file) => (file.split('/').pop() ?? '').toLowerCase().startsWith(`${name.toLowerCase()}-`)) ?? name;
}
