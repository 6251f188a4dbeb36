// The real Python files the server fuzz mutates: the bundled examples, every `.py` under test/ (rule
// fixtures, runtime and debugger programs), and, where it is on the machine, CPython's own
// test_asyncio (large, real-world asyncio code; see test/asyncioSuite).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultSuiteDir, suiteAvailable } from '../asyncioSuite/suiteRunner';

const REPO = path.join(__dirname, '..', '..');

export interface CorpusFile {
  /** Where it came from, for failure reports: relative to the repository, or to CPython's test folder. */
  readonly name: string;
  readonly text: string;
}

export interface Corpus {
  readonly files: readonly CorpusFile[];
  /** CPython's test_asyncio folder, when its files are part of the corpus. */
  readonly cpythonTests: string | undefined;
}

function pythonFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const file = path.join(directory, name);
      if (name === 'node_modules' || name.startsWith('.')) return [];
      if (statSync(file).isDirectory()) return pythonFiles(file);
      return name.endsWith('.py') ? [file] : [];
    });
}

/** The corpus; `withCpythonTests` adds CPython's test_asyncio when it is found. */
export function fuzzCorpus(withCpythonTests: boolean): Corpus {
  const own = [...pythonFiles(path.join(REPO, 'examples')), ...pythonFiles(path.join(REPO, 'test'))].map((file) => ({
    name: path.relative(REPO, file),
    text: readFileSync(file, 'utf8'),
  }));
  const suiteDir = defaultSuiteDir();
  if (!withCpythonTests || !suiteAvailable(suiteDir)) return { files: own, cpythonTests: undefined };
  const cpython = pythonFiles(path.join(suiteDir, 'test')).map((file) => ({
    name: `cpython:${path.relative(suiteDir, file)}`,
    text: readFileSync(file, 'utf8'),
  }));
  return { files: [...own, ...cpython], cpythonTests: suiteDir };
}
