// The lowest Python a project allows, read from what the project writes: `requires-python` (PEP 440) and Poetry's
// `python` dependency (`^3.8`); rules give version-dependent advice, and fixes are safe, by it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePyproject } from '../../server/engine/src/linter/configFile';
import { formatVersion, minimumFromPoetryConstraint } from '../../server/engine/src/linter/pythonVersion';

test("Poetry's constraints: caret, tilde, ranges, wildcards, alternatives", () => {
  const cases: [string, string | undefined][] = [
    ['^3.8', '3.8'],
    ['~3.9', '3.9'],
    ['~=3.10', '3.10'],
    ['>=3.8,<4.0', '3.8'],
    ['>= 3.8, < 4', '3.8'],
    ['>=3.8 <4.0', '3.8'],
    ['>3.9', '3.10'],
    ['3.11.*', '3.11'],
    ['3.12', '3.12'],
    ['==3.10.2', '3.10'],
    ['^3.9 || ^3.12', '3.9'],
    ['>=3.11 || 3.10.*', '3.10'],
    ['*', undefined],
    ['<3.12', undefined],
    ['^3.8 || <3.12', undefined],
    ['latest', undefined],
  ];
  for (const [constraint, expected] of cases) {
    const found = minimumFromPoetryConstraint(constraint);
    assert.equal(found && formatVersion(found), expected, constraint);
  }
});

test("pyproject.toml: [project] requires-python first, then Poetry's python dependency", () => {
  const version = (toml: string) => {
    const found = parsePyproject(toml, 'pyproject.toml').requiresPython;
    return found && formatVersion(found);
  };
  assert.equal(version('[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.8"\nhttpx = "*"\n'), '3.8');
  assert.equal(version('[project]\nrequires-python = ">=3.12"\n\n[tool.poetry.dependencies]\npython = "^3.8"\n'), '3.12');
  assert.equal(version('[tool.poetry.dependencies]\npython = { version = "^3.8" }\n'), undefined);
  assert.equal(version('[tool.poetry.dependencies]\nhttpx = "*"\n'), undefined);
});

test('pyproject.toml: without requires-python or Poetry, the lowest Python 3.x classifier', () => {
  const version = (toml: string) => {
    const found = parsePyproject(toml, 'pyproject.toml').requiresPython;
    return found && formatVersion(found);
  };
  const classifiers = (...names: string[]) => `classifiers = [${names.map((name) => JSON.stringify(name)).join(', ')}]\n`;
  assert.equal(
    version(
      '[project]\nname = "worker"\n' +
        classifiers(
          'Programming Language :: Python',
          'Programming Language :: Python :: 3',
          'Programming Language :: Python :: 3.10',
          'Programming Language :: Python :: 3.7',
          'Programming Language :: Python :: 3.11',
        ),
    ),
    '3.7',
  );
  // A declared minimum wins over the classifiers; classifiers naming no minor version say nothing.
  assert.equal(version('[project]\nrequires-python = ">=3.9"\n' + classifiers('Programming Language :: Python :: 3.7')), '3.9');
  assert.equal(
    version('[project]\n' + classifiers('Programming Language :: Python :: 3', 'Operating System :: OS Independent')),
    undefined,
  );
});
