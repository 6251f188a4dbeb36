// The walls between the packages, held by a test rather than by good intentions: the runtime knows nothing of
// VS Code, DAP or LSP; the engine (server/engine: analysis, linter, rules) nothing of any editor protocol, nor of the
// language server beside it in server/src, so the language server, the CLI, the scripts and the benchmarks can all
// run it, through its public entry (server/engine/src/index.ts) only, which the engine's own files never import; the
// language server nothing of VS Code or the debugger; the debug adapter nothing of VS Code or the language server;
// the webviews run in a browser, so nothing they reach may need Node. A wall holds for everything a package reaches
// through its relative imports, not only its own files (the webviews share layout code with client/src; the runtime
// shares message types with protocol/).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

interface Wall {
  /** A package folder, relative to the repository. */
  from: string;
  /** Import targets nothing it reaches may name: package names, 'node' for Node's modules, folders ending in '/', or files. */
  forbid: string[];
  /** Files inside a forbidden folder that may be imported all the same (a package's public entry); not followed further. */
  allow?: string[];
  why: string;
}

const EDITOR = ['vscode', 'vscode-languageclient'];
const LSP = ['vscode-languageserver', 'vscode-languageserver-textdocument', 'vscode-jsonrpc'];
const DAP = ['@vscode/debugadapter', '@vscode/debugprotocol'];

const RULE_FAMILIES = readdirSync(path.join(ROOT, 'server', 'engine', 'src', 'rules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The engine's public entry: what the language server, the CLI, the scripts and the benchmarks use of it. */
const ENGINE_ENTRY = 'server/engine/src/index.ts';

const WALLS: Wall[] = [
  {
    from: 'runtime/src',
    forbid: [...EDITOR, ...LSP, ...DAP, 'client/', 'server/', 'debug-adapter/', 'cli/'],
    why: 'the runtime runs programs for the debug adapter, the CLI and tests alike',
  },
  {
    from: 'server/engine/src',
    forbid: [...EDITOR, ...LSP, ...DAP, 'client/', 'server/src/', 'debug-adapter/', 'runtime/', 'cli/', 'protocol/'],
    why: 'the engine lints for the language server, the CLI and the scripts alike',
  },
  {
    from: 'server/src',
    forbid: [...EDITOR, ...DAP, 'client/', 'debug-adapter/', 'runtime/', 'cli/'],
    why: 'the language server runs in any editor, without the debugger',
  },
  {
    from: 'debug-adapter/src',
    forbid: [...EDITOR, ...LSP, 'client/', 'server/', 'cli/'],
    why: 'the debug adapter runs in any DAP client, without the language server',
  },
  // Not server/: `loopscope server` loads the language server's bundle, typed by its entry file.
  { from: 'cli/src', forbid: [...EDITOR, 'client/'], why: 'the CLI runs without VS Code' },
  {
    from: 'protocol',
    forbid: [...EDITOR, ...LSP, 'node', 'client/', 'server/', 'runtime/', 'debug-adapter/', 'cli/'],
    why: 'message types are shared by two sides and depend on neither',
  },
  { from: 'client/webview', forbid: [...EDITOR, 'node'], why: 'webviews run in a browser: no VS Code API, no Node' },
  // Inside the engine.
  { from: 'server/engine/src/linter', forbid: ['server/engine/src/rules/'], why: 'the linter runs the rules it is given' },
  { from: 'server/engine/src/analysis', forbid: ['server/engine/src/rules/'], why: 'rules ask the analysis, not the reverse' },
  {
    from: 'server/engine/src/workspace',
    forbid: ['server/engine/src/rules/'],
    why: "the workspace index asks the linter's rules what blocks (Linter.blockingRule)",
  },
  {
    from: 'server/engine/src/knowledge',
    forbid: ['server/engine/src/rules/'],
    why: 'rules and hovers read the knowledge, not the reverse',
  },
  {
    from: 'server/engine/src/ruleSupport',
    forbid: ['server/engine/src/rules/'],
    why: 'what rules of several families ask lives outside every family',
  },
  {
    from: 'server/engine/src',
    forbid: [ENGINE_ENTRY],
    why: 'the public entry is for the front ends; an engine file importing it would import the whole engine, itself included',
  },
  // The front ends use the engine through its public entry only (tests may reach inside).
  ...['server/src', 'cli/src', 'scripts', 'bench'].map((from) => ({
    from,
    forbid: ['server/engine/src/'],
    allow: [ENGINE_ENTRY],
    why: `a front end uses the engine through ${ENGINE_ENTRY}`,
  })),
  ...RULE_FAMILIES.map((family) => ({
    from: `server/engine/src/rules/${family}`,
    forbid: RULE_FAMILIES.filter((other) => other !== family).map((other) => `server/engine/src/rules/${other}/`),
    why: 'a rule family shares helpers with another only through server/engine/src/ruleSupport',
  })),
];

type Reader = (file: string) => string;

/** Every import of every file `from` reaches through relative imports that breaks its wall. */
function breaches(wall: Wall, read: Reader = (file) => readFileSync(file, 'utf8')): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const pending = tsFiles(path.join(ROOT, wall.from));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { fileName: specifier } of ts.preProcessFile(read(file), true, true).importedFiles) {
      const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : null;
      const named = target ? `${path.relative(ROOT, target).split(path.sep).join('/')}` : specifier;
      if (wall.allow?.includes(named)) continue;
      // A breach is reported where it is made, not again for each import of what it reached.
      if (wall.forbid.some((rule) => forbids(rule, named, target !== null)))
        found.push(`${path.relative(ROOT, file)} imports ${named} (${wall.from}: ${wall.why})`);
      else if (target?.endsWith('.ts')) pending.push(target);
    }
  }
  return found;
}

function forbids(rule: string, named: string, relative: boolean): boolean {
  if (rule.endsWith('/')) return relative && named.startsWith(rule);
  if (rule.endsWith('.ts')) return relative && named === rule;
  if (relative) return false;
  if (rule === 'node') return named.startsWith('node:') || builtinModules.includes(named.split('/')[0]!);
  return named === rule || named.startsWith(`${rule}/`);
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not this one.
    }
  }
  return base;
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const entry = path.join(folder, name);
    if (statSync(entry).isDirectory()) return tsFiles(entry);
    return name.endsWith('.ts') ? [entry] : [];
  });
}

describe('import walls between the packages', () => {
  for (const wall of WALLS) {
    it(`${wall.from} reaches none of: ${wall.forbid.join(', ')}`, () => {
      assert.deepEqual(breaches(wall), []);
    });
  }

  it('a forbidden import is caught, also one reached through another package', () => {
    const runtimeFile = path.join(ROOT, 'runtime', 'src', 'runtimeSession.ts');
    const withEditor: Reader = (file) =>
      file === runtimeFile ? `import * as vscode from 'vscode';\n${readFileSync(file, 'utf8')}` : readFileSync(file, 'utf8');
    assert.match(breaches(WALLS[0]!, withEditor).join('\n'), /runtime\/src\/runtimeSession\.ts imports vscode/);

    const sharedLayout = path.join(ROOT, 'client', 'src', 'views', 'timelineLayout.ts');
    const withNode: Reader = (file) =>
      file === sharedLayout ? `import { readFileSync } from 'fs';\n${readFileSync(file, 'utf8')}` : readFileSync(file, 'utf8');
    const webview = WALLS.find((wall) => wall.from === 'client/webview')!;
    assert.match(breaches(webview, withNode).join('\n'), /client\/src\/views\/timelineLayout\.ts imports fs/);

    const blockingRule = path.join(ROOT, 'server', 'engine', 'src', 'rules', 'blocking', 'blockingSleep.ts');
    const withOtherFamily: Reader = (file) =>
      file === blockingRule
        ? `import { isEventLoop } from '../loopApi/support/asyncioValues';\n${readFileSync(file, 'utf8')}`
        : readFileSync(file, 'utf8');
    const blocking = WALLS.find((wall) => wall.from === 'server/engine/src/rules/blocking')!;
    assert.match(
      breaches(blocking, withOtherFamily).join('\n'),
      /blockingSleep\.ts imports server\/engine\/src\/rules\/loopApi\/support\/asyncioValues\.ts/,
    );

    // The engine shares server/ with the language server: its own files are in, server/src is out.
    const linterFile = path.join(ROOT, 'server', 'engine', 'src', 'linter', 'linter.ts');
    const withServer: Reader = (file) =>
      file === linterFile
        ? `import { hoveredName } from '../../../src/lsp/hoveredName';\n${readFileSync(file, 'utf8')}`
        : readFileSync(file, 'utf8');
    const engine = WALLS.find((wall) => wall.from === 'server/engine/src')!;
    assert.deepEqual(breaches(engine), []);
    assert.match(breaches(engine, withServer).join('\n'), /linter\.ts imports server\/src\/lsp\/hoveredName\.ts/);

    // A front end reaches the engine through its entry only; the engine's files do not import the entry.
    const cliCommand = path.join(ROOT, 'cli', 'src', 'commands', 'rulesCommand.ts');
    const withInternal: Reader = (file) =>
      file === cliCommand
        ? `import { RULES } from '../../../server/engine/src/rules/registry';\n${readFileSync(file, 'utf8')}`
        : readFileSync(file, 'utf8');
    const cliEntry = WALLS.find((wall) => wall.from === 'cli/src' && wall.allow !== undefined)!;
    assert.deepEqual(breaches(cliEntry), []);
    assert.deepEqual(breaches(cliEntry, withInternal), [
      `cli/src/commands/rulesCommand.ts imports server/engine/src/rules/registry.ts (cli/src: ${cliEntry.why})`,
    ]);
    const withEntry: Reader = (file) =>
      file === linterFile ? `import { RULES } from '..';\n${readFileSync(file, 'utf8')}` : readFileSync(file, 'utf8');
    const engineEntry = WALLS.find((wall) => wall.from === 'server/engine/src' && wall.forbid.includes(ENGINE_ENTRY))!;
    assert.deepEqual(breaches(engineEntry), []);
    assert.match(breaches(engineEntry, withEntry).join('\n'), /linter\.ts imports server\/engine\/src\/index\.ts/);
  });
});

/** The runtime's files that read the process environment: only the wasm tier's reader (LOOPSCOPE_WASM_TIER). */
const ENVIRONMENT_READERS = ['runtime/src/wasmTier.ts'];

/** Where `process.env` is read in `folder`'s files (code only: comments and strings may name it). */
function environmentReads(folder: string, read: Reader = (file) => readFileSync(file, 'utf8')): string[] {
  const found: string[] = [];
  for (const file of tsFiles(path.join(ROOT, folder))) {
    const relative = path.relative(ROOT, file).split(path.sep).join('/');
    if (ENVIRONMENT_READERS.includes(relative)) continue;
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const env =
        (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && node.expression) ||
        (ts.isElementAccessExpression(node) &&
          ts.isStringLiteralLike(node.argumentExpression) &&
          node.argumentExpression.text === 'env' &&
          node.expression);
      if (env && /(^|\.)process$/.test(env.getText(source))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${relative}:${line + 1} reads ${node.getText(source)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('the runtime reads no process environment of its own', () => {
  it('runtime/src reads process.env only in wasmTier.ts: the entry points pass the environment in', () => {
    assert.deepEqual(environmentReads('runtime/src'), []);
  });

  it('a read elsewhere is caught', () => {
    const cacheFile = path.join(ROOT, 'runtime', 'src', 'environment', 'userCacheFolder.ts');
    const withRead: Reader = (file) =>
      file === cacheFile ? `${readFileSync(file, 'utf8')}\nconst home = process.env.HOME;\n` : readFileSync(file, 'utf8');
    assert.match(environmentReads('runtime/src', withRead).join('\n'), /userCacheFolder\.ts:\d+ reads process\.env/);
  });

  it('the wasm tier variable is read by entry points only: no other runtime/src file calls wasmTierFromEnvironment', () => {
    const callers = tsFiles(path.join(ROOT, 'runtime', 'src'))
      .filter((file) => /\bwasmTierFromEnvironment\(/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
    assert.deepEqual(callers, ['runtime/src/wasmTier.ts']);
  });
});
