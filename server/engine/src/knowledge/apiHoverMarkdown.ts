// Renders knowledge-base facts as hover Markdown, judged against the project's target Python version:
// "added in 3.11: not available on your target 3.10", deprecations that already apply, what to use instead.
import { compareVersions, formatVersion, parsePythonVersion, type PythonVersion } from '../linter/pythonVersion';
import type { ApiDescription } from './apiEntry';
import { asSentence, type ApiFact } from './apiKnowledge';
import type { BlockingCall } from './blockingCalls';

export interface HoverTarget {
  readonly version: PythonVersion;
  /** True when no setting or `requires-python` chose the version (so the text says "the default target"). */
  readonly isDefault: boolean;
}

/** Markdown for a rule reference, e.g. a link to its documentation; undefined for an unknown code. */
export type RuleLink = (code: string) => string | undefined;

/** The hover for a documented name; `subject` says what was hovered when it is not the name itself. */
export function apiHoverMarkdown(fact: ApiFact, target: HoverTarget, ruleLink: RuleLink, subject?: string): string {
  const { entry } = fact;
  const parts: string[] = [];
  parts.push(codeBlock(`(${entry.kind}) ${title(fact.name, entry)}`));
  if (subject) parts.push(subject);
  parts.push(entry.summary);
  const status = versionStatus(entry, target);
  if (status.length > 0) parts.push(status.join('  \n'));
  if (entry.changed && entry.changed.length > 0) {
    parts.push(
      entry.changed
        .map(
          ([version, what]) =>
            `- **${version}**: ${what}${isNewer(version, target.version) ? ` *(newer than ${targetName(target)})*` : ''}`,
        )
        .join('\n'),
    );
  }
  if (entry.blocks) parts.push(BLOCKS);
  if (entry.instead) parts.push(`**Instead:** ${entry.instead}`);
  parts.push(footer(entry.rules ?? [], ruleLink, fact.docsUrl));
  return parts.join('\n\n');
}

/** The hover for a blocking call (blockingCalls.ts, or the `blocking-calls` setting) that has no entry of its own. */
export function blockingCallHoverMarkdown(qualifiedName: string, call: BlockingCall, ruleLink: RuleLink): string {
  return [
    codeBlock(`(blocking call) ${qualifiedName.replace(/^builtins\./, '')}`),
    BLOCKS,
    `**Instead:** ${asSentence(call.instead)}`,
    footer([call.rule], ruleLink, undefined),
  ].join('\n\n');
}

const BLOCKS = '**Blocks the thread**: called from a coroutine, it stalls the event loop and every other task.';

function title(name: string, entry: ApiDescription): string {
  const shown = name.replace(/^builtins\./, '');
  if (!entry.signature) return shown;
  const dot = shown.lastIndexOf('.');
  return dot < 0 ? entry.signature : `${shown.slice(0, dot + 1)}${entry.signature}`;
}

function versionStatus(entry: ApiDescription, target: HoverTarget): string[] {
  const lines: string[] = [];
  const on = targetName(target);
  if (entry.removed && !isNewer(entry.removed, target.version)) {
    const since = entry.deprecated ? ` (deprecated since ${entry.deprecated})` : '';
    return [`⛔ **Removed in Python ${entry.removed}**${since}: not available on ${on}.`];
  }
  if (entry.added) {
    lines.push(
      isNewer(entry.added, target.version)
        ? `⚠️ **New in Python ${entry.added}**: not available on ${on}.`
        : `New in Python ${entry.added}.`,
    );
  }
  if (entry.deprecated) {
    const end = entry.removed ? `removed in ${entry.removed}` : entry.removal ? `removal planned for ${entry.removal}` : undefined;
    lines.push(
      isNewer(entry.deprecated, target.version)
        ? `Deprecated in Python ${entry.deprecated}${end ? `, ${end}` : ''} (newer than ${on}).`
        : `⚠️ **Deprecated since Python ${entry.deprecated}**${end ? `; ${end}` : ''}.`,
    );
  }
  return lines;
}

function footer(rules: readonly string[], ruleLink: RuleLink, docsUrl: string | undefined): string {
  const links = rules.map(ruleLink).filter((link): link is string => link !== undefined);
  const items = links.length > 0 ? [`Loopscope: ${links.join(', ')}`] : [];
  if (docsUrl) items.push(`[Documentation](${docsUrl})`);
  return items.join(' · ');
}

function targetName(target: HoverTarget): string {
  return `${target.isDefault ? 'the default target' : 'your target'} Python ${formatVersion(target.version)}`;
}

function isNewer(version: string, target: PythonVersion): boolean {
  const parsed = parsePythonVersion(version);
  return parsed !== undefined && compareVersions(parsed, target) > 0;
}

function codeBlock(text: string): string {
  return ['```python', text, '```'].join('\n');
}
