// Where the benchmarks find native Ruff, the peer for lint speed and findings: the virtualenv the README suggests
// (`python3 -m venv ~/.cache/loopscope-ruff-venv && ~/.cache/loopscope-ruff-venv/bin/pip install ruff`), else PATH.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function nativeRuff(): string {
  const venv = path.join(os.homedir(), '.cache', 'loopscope-ruff-venv', 'bin', 'ruff');
  return existsSync(venv) ? venv : 'ruff';
}
