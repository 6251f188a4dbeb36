// Loads tree-sitter and its Python grammar (both WebAssembly) once per process and hands out parsers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree as SyntaxTree, Edit as SyntaxEdit, Point, Range as SyntaxRange } from 'web-tree-sitter';

let pythonLanguage: Promise<Language> | undefined;

/** Creates a parser for Python. The first call loads the wasm files (tens of milliseconds). */
export async function createPythonParser(): Promise<Parser> {
  pythonLanguage ??= loadPythonLanguage();
  const language = await pythonLanguage;
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

async function loadPythonLanguage(): Promise<Language> {
  await Parser.init({ locateFile: (file: string) => locateWasm(file) });
  return Language.load(locateWasm('tree-sitter-python.wasm'));
}

/**
 * The wasm files sit next to the bundle in dist/. When running from source (tests under tsx),
 * this module lives in server/engine/src/analysis and the build has put them in the repository's dist/.
 */
function locateWasm(file: string): string {
  const candidates = [path.join(__dirname, file), path.resolve(__dirname, '../../../../dist', file)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`Loopscope cannot find ${file} (looked in ${candidates.join(', ')}); run the build first.`);
  }
  return found;
}
