// Every export of the product's code is imported somewhere (by another module, a test, a script or a benchmark):
// an export nobody imports is dead code, or a name that should stay inside its file. The bundles' entry points
// (esbuild.mjs) are exempt: VS Code and Node read their exports, not an import. A public entry (the engine's
// index.ts) re-exports only what something imports through it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
/** Folders whose files use the product's exports but whose own exports are not checked. */
const NOT_PRODUCT = ['test/', 'bench/', 'scripts/', 'esbuild.mjs'];

interface Project {
  root: string;
  /** tsconfig.json files, relative to the root: together they list every file that may import an export. */
  configs: string[];
  /** Files (relative, with '/') whose exports need not be imported. */
  exempt: ReadonlySet<string>;
  /** Public entries (relative, with '/') whose re-exports count only when something imports them through the entry. */
  entries: ReadonlySet<string>;
}

/** Replaces a file's text as the compiler reads it; undefined keeps the file on disk. */
type Override = (file: string) => string | undefined;

function program(project: Project, override: Override): ts.Program {
  const parse = (config: string): ts.ParsedCommandLine => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(project.root, config),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error(`${config} could not be read`);
    return parsed;
  };
  const configs = project.configs.map(parse);
  const options = { ...configs[0]!.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => override(path.resolve(file)) ?? readFile(file);
  return ts.createProgram([...new Set(configs.flatMap((config) => config.fileNames))], options, host);
}

/** `file: name` for each export of a checked file that no import, dynamic import or `import()` type names, directly or through re-exports. */
function unusedExports(project: Project, override: Override = () => undefined): string[] {
  const built = program(project, override);
  const checker = built.getTypeChecker();
  const used = new Set<ts.Symbol>();
  // An import uses every export it goes through, re-exports included; a re-export elsewhere than in a public entry
  // uses what it names by itself, as before entries existed. A public entry exports what its front ends import.
  const use = (symbol: ts.Symbol): void => {
    for (let current: ts.Symbol | undefined = symbol; current && !used.has(current);) {
      used.add(current);
      current = current.flags & ts.SymbolFlags.Alias ? checker.getImmediateAliasedSymbol(current) : undefined;
    }
  };
  const useAll = (specifier: ts.Node): void => {
    const module = checker.getSymbolAtLocation(specifier);
    if (module) for (const symbol of checker.getExportsOfModule(module)) use(symbol);
  };
  const useNamed = (name: ts.Node): void => {
    const symbol = checker.getSymbolAtLocation(name);
    if (symbol) use(symbol);
  };
  const relativeName = (file: ts.SourceFile): string => path.relative(project.root, file.fileName).split(path.sep).join('/');
  const isEntry = (file: ts.SourceFile): boolean => project.entries.has(relativeName(file));
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause) {
      const { name, namedBindings } = node.importClause;
      if (name) useNamed(name);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) useAll(node.moduleSpecifier);
      else if (namedBindings) for (const element of namedBindings.elements) useNamed(element.name);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !isEntry(node.getSourceFile())) {
      if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) useAll(node.moduleSpecifier);
      else for (const element of node.exportClause.elements) useNamed(element.name);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      useAll(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) useAll(node.arguments[0]!);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // `import('./x').Name` names one export; without a qualifier the type is the whole module.
      if (node.qualifier) useNamed(ts.isIdentifier(node.qualifier) ? node.qualifier : node.qualifier.left);
      else useAll(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  const sources = built.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/'));
  for (const file of sources) visit(file);

  const unused: string[] = [];
  for (const file of sources) {
    const relative = relativeName(file);
    if (NOT_PRODUCT.some((folder) => relative.startsWith(folder)) || project.exempt.has(relative)) continue;
    const module = checker.getSymbolAtLocation(file);
    if (!module) continue;
    for (const symbol of checker.getExportsOfModule(module)) if (!used.has(symbol)) unused.push(`${relative}: ${symbol.name}`);
  }
  return unused.sort();
}

/** The source files of esbuild.mjs's entries, so the exemption follows the build. */
function bundleEntries(): Set<string> {
  const build = readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
  const entries = new Set([...build.matchAll(/\bsource: '([^']+)'/g)].map((match) => match[1]!));
  assert.ok(entries.size > 0, 'no entry points found in esbuild.mjs');
  return entries;
}

const REPOSITORY: Project = {
  root: ROOT,
  configs: ['tsconfig.json', 'client/webview/tsconfig.json'],
  exempt: bundleEntries(),
  // The engine's and the runtime's public entries: each re-exports only what something imports through it.
  entries: new Set(['server/engine/src/index.ts', 'runtime/src/index.ts']),
};

describe('exports', () => {
  it('every export of the product code is imported somewhere', () => {
    assert.deepEqual(unusedExports(REPOSITORY), [], 'un-export these (or delete them if nothing in their file uses them either)');
  });

  it('an export nobody imports is caught', () => {
    const file = path.join(ROOT, 'protocol', 'debugProtocol.ts');
    const withExtra: Override = (name) => (name === file ? `${readFileSync(file, 'utf8')}\nexport const addedButUnused = 1;\n` : undefined);
    assert.deepEqual(unusedExports(REPOSITORY, withExtra), ['protocol/debugProtocol.ts: addedButUnused']);
  });

  it('each way of using an export counts, and an export used only in its own file or re-exported by an entry nobody imports it from does not', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'loopscope-dead-exports-'));
    try {
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { strict: true, module: 'Preserve', moduleResolution: 'Bundler' },
          include: ['src'],
        }),
        'src/named.ts':
          'export const named = 1;\nexport const unused = 2;\nexport const onlyHere = 3;\nexport const alsoHere = onlyHere + 1;\n',
        'src/typed.ts': 'export interface Typed { a: number }\nexport type Queried = string;\n',
        'src/whole.ts': 'export const first = 1;\nexport function second(): void {}\n',
        'src/passedOn.ts': 'export const passedOn = 1;\n',
        'src/allPassedOn.ts': 'export const allPassedOn = 1;\n',
        'src/loaded.ts': 'export const loaded = 1;\n',
        'src/barrel.ts': "export { passedOn } from './passedOn';\nexport * from './allPassedOn';\n",
        'src/entryImported.ts': 'export const entryImported = 1;\n',
        'src/entryOnly.ts': 'export const entryOnly = 1;\n',
        'src/entry.ts': "export { entryImported } from './entryImported';\nexport { entryOnly } from './entryOnly';\n",
        'src/main.ts': [
          "import { named, alsoHere } from './named';",
          "import type { Typed } from './typed';",
          "import * as whole from './whole';",
          "import { passedOn, allPassedOn } from './barrel';",
          "import { entryImported } from './entry';",
          "type Q = import('./typed').Queried;",
          'const typed: Typed = { a: named + alsoHere + whole.first + passedOn + allPassedOn + entryImported };',
          "const q: Q = '';",
          "void import('./loaded').then(() => [typed, q]);",
          '',
        ].join('\n'),
      };
      for (const [name, text] of Object.entries(files)) {
        const target = path.join(root, name);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
      const project: Project = { root, configs: ['tsconfig.json'], exempt: new Set(['src/main.ts']), entries: new Set(['src/entry.ts']) };
      assert.deepEqual(unusedExports(project), [
        'src/entry.ts: entryOnly',
        'src/entryOnly.ts: entryOnly',
        'src/named.ts: onlyHere',
        'src/named.ts: unused',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
