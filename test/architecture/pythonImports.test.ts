// The runtime's Python package imports one way: no cycle among its modules, and its modules import each other at
// the top, where the order is plain to read. An import inside a function is allowed only where a comment says it
// is deliberate (`# deliberate lazy import: why`). The graph is read by pythonImportGraph.py (Python's own parser).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = path.join(ROOT, 'runtime', 'python', '_loopscope');

interface ImportGraph {
  modules: number;
  topLevelImports: number;
  functionImports: number;
  cycles: string[][];
  unmarked: { module: string; imports: string; line: number }[];
}

const python = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });

describe('the runtime’s Python imports', { skip: python.stdout?.trim() !== 'True' && 'no python3 ≥ 3.11' }, () => {
  const graph = (): ImportGraph => {
    const result = spawnSync('python3', [path.join(__dirname, 'pythonImportGraph.py'), PACKAGE], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const read = JSON.parse(result.stdout) as ImportGraph;
    // A parser that found nothing would pass everything below.
    assert.ok(read.modules > 20 && read.topLevelImports > 50, `too small a graph: ${result.stdout}`);
    return read;
  };

  it('form no cycle among _loopscope modules', () => {
    const { cycles } = graph();
    assert.deepEqual(cycles, [], cycles.map((cycle) => `modules importing each other: ${cycle.join(', ')}`).join('\n'));
  });

  it('sit at module top, unless marked deliberate', () => {
    const { unmarked } = graph();
    assert.deepEqual(
      unmarked.map(({ module, imports, line }) => `${module}:${line} imports ${imports} inside a function`),
      [],
      'move the import to the top (a cycle it hid is the design to fix), or say why it waits: ' + '`# deliberate lazy import: <why>`',
    );
  });
});
