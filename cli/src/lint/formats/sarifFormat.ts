// `--output-format sarif`: SARIF 2.1.0 for code-scanning services, with every rule's metadata (its
// summary, page as Markdown, and `helpUri` only when a documentation URL is configured: a path into
// this machine's install would be useless on the service) and each fix's applicability.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { ruleMarkdown, type Severity } from '../../../../server/engine/src';
import type { FormatContext } from './formatContext';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif({ diagnostics, rules, version, documentationUrl }: FormatContext): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Loopscope',
            version,
            rules: rules.map((rule) => {
              const helpUri = documentationUrl(rule);
              return {
                id: rule.code,
                name: rule.name,
                shortDescription: { text: rule.summary },
                fullDescription: { text: rule.doc.whatItDoes },
                help: {
                  text: `${rule.summary}\n\n${rule.doc.whyIsThisBad}\n\nExample:\n${rule.doc.example}\n\nUse instead:\n${rule.doc.useInstead}`,
                  markdown: ruleMarkdown(rule),
                },
                ...(helpUri ? { helpUri } : {}),
                defaultConfiguration: { level: LEVELS[rule.defaultSeverity], enabled: rule.enabledByDefault },
                properties: { equivalents: rule.equivalents, fixable: rule.fixable },
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(process.cwd()).href}/` } },
        columnKind: 'unicodeCodePoints',
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
          level: LEVELS[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(d.file),
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
          ...(d.fix
            ? {
                fixes: [
                  {
                    description: { text: d.fix.message },
                    properties: { applicability: d.fix.safety },
                    artifactChanges: [
                      {
                        artifactLocation: artifactLocation(d.file),
                        replacements: d.fix.edits.map((edit) => ({
                          deletedRegion: {
                            startLine: edit.line,
                            startColumn: edit.column,
                            endLine: edit.endLine,
                            endColumn: edit.endColumn,
                          },
                          insertedContent: { text: edit.newText },
                        })),
                      },
                    ],
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Paths inside the working directory are relative to SRCROOT; others are absolute file URIs. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(path.resolve(file)).href };
}
