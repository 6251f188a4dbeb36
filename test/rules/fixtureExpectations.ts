// Reads the expectations a rule fixture carries in its comments:
//   x = time.sleep(1)   # expect: blocking-sleep            (a diagnostic of that rule starts on this line)
//   #   ^^^^^^^^^^^^^ blocking-sleep: blocks the event loop  (exact columns of the line above, message substring)
//   @asyncio.coroutine  # expect: legacy-coroutine: on import  (one rule, with a message substring: for a decorator,
//                                                              which no less indented comment line may follow)
//   # fixture: target-version=3.14 select=LOOP407 blocking-calls=mydb.query
//   # fixture: pytest-functions=test_*,xtest_*                  (pytest's python_functions, as its configuration sets it)
//   # fixture: module=tests.conftest                        (linted as that module of a project, see readFixtureProject)
//   # fixture: module=count file=/project/docs/count.py      (and as that file)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseBlockingCallPattern, type BlockingCallPattern } from '../../server/engine/src/linter/blockingCallPatterns';
import type { LintSettings } from '../../server/engine/src/linter/lintSettings';
import type { ProjectView } from '../../server/engine/src/linter/projectView';
import { parsePythonVersion } from '../../server/engine/src/linter/pythonVersion';
import { WorkspaceIndex } from '../../server/engine/src/workspace/workspaceIndex';

export interface Expectation {
  /** Row from 0 where the diagnostic starts. */
  readonly row: number;
  /** Rule name or code. */
  readonly rule: string;
  /** Code-point columns from 0 (end exclusive), when given by carets. */
  readonly columns?: { readonly start: number; readonly end: number };
  readonly messageIncludes?: string;
  /** Where the expectation is written, for failure messages. */
  readonly writtenAt: number;
}

const EXPECT_TRAILER = /#\s*expect:\s*(.+)$/;
const TRAILER_WITH_MESSAGE = /^([\w-]+):\s*(.+)$/;
const CARET_LINE = /^(\s*#)(\s*)(\^+)\s+([\w-]+)(?::\s*(.*))?$/;
const DIRECTIVE = /^#\s*fixture:\s*(.*)$/;

export function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  let lastCodeRow = -1;
  lines.forEach((line, row) => {
    const caret = CARET_LINE.exec(line);
    if (caret) {
      if (lastCodeRow < 0) throw new Error(`line ${row + 1}: carets with no code line above`);
      const start = [...(caret[1]! + caret[2]!)].length;
      expectations.push({
        row: lastCodeRow,
        rule: caret[4]!,
        columns: { start, end: start + caret[3]!.length },
        ...(caret[5] ? { messageIncludes: caret[5].trim() } : {}),
        writtenAt: row,
      });
      return;
    }
    if (!/^\s*#/.test(line) && line.trim() !== '') lastCodeRow = row;
    const trailer = EXPECT_TRAILER.exec(line);
    if (trailer) {
      const withMessage = TRAILER_WITH_MESSAGE.exec(trailer[1]!);
      if (withMessage) expectations.push({ row, rule: withMessage[1]!, messageIncludes: withMessage[2]!.trim(), writtenAt: row });
      else for (const rule of trailer[1]!.split(',')) expectations.push({ row, rule: rule.trim(), writtenAt: row });
    }
  });
  return expectations;
}

export function readFixtureSettings(text: string): LintSettings {
  const settings: { -readonly [K in keyof LintSettings]: LintSettings[K] } = {};
  for (const line of text.split(/\r?\n/)) {
    const directive = DIRECTIVE.exec(line.trim());
    if (!directive) continue;
    for (const assignment of directive[1]!.trim().split(/\s+/)) {
      const [key, value = ''] = assignment.split('=', 2);
      const list = value.split(',').filter(Boolean);
      switch (key) {
        case 'target-version':
          settings.targetVersion = parsePythonVersion(value);
          break;
        case 'select':
          settings.select = list;
          break;
        case 'extend-select':
          settings.extendSelect = list;
          break;
        case 'ignore':
          settings.ignore = list;
          break;
        case 'notebook':
          settings.isNotebook = value === 'true';
          break;
        case 'pytest-functions':
          settings.pytestFunctions = list;
          break;
        case 'module':
        case 'file':
          // Not settings: see readFixtureProject.
          break;
        case 'blocking-calls':
          settings.blockingCalls = list.map((entry) => {
            const parsed = parseBlockingCallPattern(entry.replace(/_>_/g, ' -> '));
            if ('error' in parsed) throw new Error(parsed.error);
            return parsed as BlockingCallPattern;
          });
          break;
        default:
          throw new Error(`unknown fixture directive '${key}'`);
      }
    }
  }
  return settings;
}

/**
 * For a fixture saying `# fixture: module=tests.conftest`: what rules see of a project where the file is that module
 * (rules asking a file's module, such as LOOP203 for a `conftest.py`), with no other module indexed; with `file=...`
 * too, the file's path as well (rules asking where a file is, such as LOOP406 for a documentation snippet).
 */
export function readFixtureProject(text: string): ProjectView | undefined {
  for (const line of text.split(/\r?\n/)) {
    const directive = DIRECTIVE.exec(line.trim())?.[1];
    const module = directive?.match(/(?:^|\s)module=(\S+)/)?.[1];
    const file = directive?.match(/(?:^|\s)file=(\S+)/)?.[1];
    if (module !== undefined) return new WorkspaceIndex().view({ name: module, isPackage: false }, file);
  }
  return undefined;
}

/** Every rule fixture below `root` (one folder a rule), as `<rule>/<file>.py` paths relative to `root`, sorted. */
export function ruleFixtureFiles(root: string): string[] {
  return readdirSync(root)
    .sort()
    .flatMap((directory) =>
      readdirSync(path.join(root, directory))
        .filter((name) => name.endsWith('.py'))
        .sort()
        .map((name) => path.join(directory, name)),
    );
}
