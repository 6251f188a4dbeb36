// A test of how a string starts (`source.startswith(("http://", "https://"))`), as a parameter guard reads it (see
// parameterGuard): a string written out decides it, and so does the text of a pathlib path for a prefix no such text
// can have (see pathTexts).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { KnownValue } from './parameterGuard';
import { neverInPathText } from './pathTexts';

/**
 * `subject.startswith("prefix")` or `subject.startswith(("a", "b"))`, each prefix a plain text literal: the subject
 * and the prefixes; undefined for any other test (a start index, a prefix not written out).
 */
export function startsWithTest(test: SyntaxNode): { readonly subject: SyntaxNode; readonly prefixes: readonly string[] } | undefined {
  const callee = test.type === 'call' ? test.childForFieldName('function') : null;
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'startswith') return undefined;
  const subject = callee.childForFieldName('object');
  const { positional, keywords, hasUnpacking } = callArguments(test);
  if (!subject || positional.length !== 1 || keywords.size > 0 || hasUnpacking) return undefined;
  const written = unparenthesize(positional[0]!);
  const items = written.type === 'tuple' ? written.namedChildren.filter((item) => item.type !== 'comment') : [written];
  // Text prefixes only: a bytes one tests bytes.
  const prefixes = items.map((item) => (/^[rRuU]*['"]/.test(item.text) ? plainStringText(item) : undefined));
  if (prefixes.length === 0 || prefixes.some((prefix) => prefix === undefined)) return undefined;
  return { subject, prefixes: prefixes as string[] };
}

/**
 * Whether a value starting with one of `prefixes` is what `value` is: a string written out says; the text of a pathlib
 * path does not start with a prefix holding `//` past its start (`http://`). Anything else does not tell (None or bytes
 * raise first).
 */
export function startsWithHolds(prefixes: readonly string[], value: KnownValue): boolean | undefined {
  if (value.text !== undefined && value.className === 'builtins.str') return prefixes.some((prefix) => value.text!.startsWith(prefix));
  if (value.pathText) return prefixes.every(neverInPathText) ? false : undefined;
  return undefined;
}
