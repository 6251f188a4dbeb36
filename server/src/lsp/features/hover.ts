// textDocument/hover on asyncio APIs and blocking calls, wherever they are named (calls, attributes,
// imports, typed methods like `loop.run_until_complete`): what it does, since which Python version,
// deprecations judged against the target version, and what to use instead.
import { MarkupKind, type Hover, type HoverParams, type ServerCapabilities } from 'vscode-languageserver';
import {
  apiHoverMarkdown,
  blockingCall,
  blockingCallHoverMarkdown,
  canonicalName,
  DEFAULT_TARGET_VERSION,
  lookupApi,
  ruleDocumentationUrl,
  SemanticModel,
  type HoverTarget,
  type LintSettings,
  type RuleLink,
  type SyntaxTree,
} from '../../../engine/src';
import { hoveredName, type HoveredName } from '../hoveredName';
import type { LoopscopeLanguageServer, ServerFeature } from '../languageServer';

export class ApiHovers implements ServerFeature {
  /** One model per parsed tree: hovering around a file that is not being edited builds it once. */
  private readonly models = new WeakMap<SyntaxTree, SemanticModel>();

  capabilities(): ServerCapabilities {
    return { hoverProvider: true };
  }

  register(server: LoopscopeLanguageServer): void {
    server.connection.onHover((params) => this.hover(server, params));
  }

  private async hover(server: LoopscopeLanguageServer, params: HoverParams): Promise<Hover | null> {
    const uri = params.textDocument.uri;
    if (!server.document(uri)) return null;
    const settings = await server.settingsFor(uri);
    // Read the tree only after the last await, so an edit cannot replace it under us.
    const document = server.document(uri);
    if (!settings || !document) return null;
    const tree = document.parsedTree();
    if (!tree) return null;
    let model = this.models.get(tree);
    if (!model) {
      model = SemanticModel.build(tree.rootNode);
      this.models.set(tree, model);
    }
    const hovered = hoveredName(model, { row: params.position.line, column: params.position.character });
    const markdown = hovered && describe(hovered, settings, server);
    if (!hovered || !markdown) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: markdown },
      range: {
        start: { line: hovered.start.row, character: hovered.start.column },
        end: { line: hovered.end.row, character: hovered.end.column },
      },
    };
  }
}

function describe(hovered: HoveredName, settings: LintSettings, server: LoopscopeLanguageServer): string | undefined {
  const target: HoverTarget = {
    version: settings.targetVersion ?? DEFAULT_TARGET_VERSION,
    isDefault: settings.targetVersion === undefined,
  };
  const ruleLink: RuleLink = (code) => {
    const rule = server.rulesByCode.get(code);
    return rule && `[${code}](${ruleDocumentationUrl(rule)}) \`${rule.name}\``;
  };
  if (hovered.qualifiedName !== undefined) {
    const name = hovered.qualifiedName;
    const fact = lookupApi(name);
    if (fact) {
      // `task.result` is documented on `asyncio.Future`: say so.
      const owner = ownerOf(name);
      const inherited = canonicalName(ownerOf(fact.name)) !== canonicalName(owner);
      return apiHoverMarkdown(fact, target, ruleLink, inherited ? `Inherited by \`${owner}\`.` : undefined);
    }
    const blocking = blockingCall(name, settings.blockingCalls ?? []);
    return blocking && blockingCallHoverMarkdown(name, blocking, ruleLink);
  }
  const fact = hovered.valueType === undefined ? undefined : lookupApi(hovered.valueType);
  if (!fact || fact.entry.kind === 'module') return undefined;
  return apiHoverMarkdown(fact, target, ruleLink, `\`${hovered.text}\` is an instance of \`${fact.name}\`.`);
}

function ownerOf(qualifiedName: string): string {
  return qualifiedName.slice(0, Math.max(0, qualifiedName.lastIndexOf('.')));
}
