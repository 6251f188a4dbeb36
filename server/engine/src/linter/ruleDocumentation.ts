// Where a rule's documentation lives: docs/rules/<name>.md, shipped with the extension and the CLI.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleInfo } from './rule';

/** The package root: dist/ sits in it when bundled; from source this file is server/engine/src/linter/. */
function packageRoot(): string {
  const fromBundle = path.resolve(__dirname, '..');
  return existsSync(path.join(fromBundle, 'docs')) || existsSync(path.join(fromBundle, 'package.json'))
    ? fromBundle
    : path.resolve(__dirname, '../../../..');
}

let root: string | undefined;

/** A file URL to the rule's page (works offline; editors open it as Markdown). */
export function ruleDocumentationUrl(rule: RuleInfo): string {
  root ??= packageRoot();
  return pathToFileURL(path.join(root, 'docs', 'rules', `${rule.name}.md`)).href;
}

/**
 * A rule's page under a configured documentation URL (`documentation-url`): `{name}` and `{code}`
 * in it are replaced; a URL without them is a folder holding `<name>.md`.
 */
export function ruleUrlFromTemplate(template: string, rule: RuleInfo): string {
  if (/\{(name|code)\}/.test(template)) return template.replace(/\{name\}/g, rule.name).replace(/\{code\}/g, rule.code);
  return `${template}${template.endsWith('/') ? '' : '/'}${rule.name}.md`;
}
