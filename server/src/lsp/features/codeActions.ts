// Code actions: for each Loopscope diagnostic on the lines of the cursor or selection (anywhere on
// the line, not only on the flagged expression: editors other than VS Code ask for the cursor's
// position alone), its rule's fix (preferred when safe)
// and "Disable LOOPnnn for this line" (a `# noqa` comment); and the source action "Fix all
// Loopscope issues in file" (`source.fixAll.loopscope`), which applies every safe fix, pass after pass.
// Fixing a whole file lints it again per pass (most of a second on a large file with many fixes): a
// client that can resolve a code action's edit later (VS Code can) gets "Fix all" without its edit,
// and the passes run only when the user picks it (`codeAction/resolve`).
import {
  CodeActionKind,
  CodeActionTriggerKind,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type InitializeParams,
  type Range,
  type ServerCapabilities,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { fixText, LineIndex, noqaEdit, type LintDiagnostic, type Point, type TextEdit } from '../../../engine/src';
import type { LoopscopeLanguageServer, ServerFeature } from '../languageServer';
import { toLspDiagnostic } from '../lspDiagnostics';

const FIX_ALL_KIND = 'source.fixAll.loopscope';
const FIX_ALL_TITLE = 'Fix all Loopscope issues in file';

/** What an unresolved "Fix all" action carries to its `codeAction/resolve`. */
interface FixAllData {
  readonly fixAllOf: string;
}

function isFixAllData(data: unknown): data is FixAllData {
  return typeof data === 'object' && data !== null && typeof (data as { fixAllOf?: unknown }).fixAllOf === 'string';
}

export class CodeActionsFeature implements ServerFeature {
  /** Whether the client takes versioned `documentChanges` (so an edit for a stale version is refused). */
  private versionedEdits = false;
  /** Whether the client asks for a code action's edit when the user picks it (`codeAction/resolve`). */
  private resolvesEdits = false;

  capabilities(params: InitializeParams): ServerCapabilities {
    this.versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.resolvesEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: this.resolvesEdits } };
  }

  register(server: LoopscopeLanguageServer): void {
    server.connection.onCodeAction((params) => this.codeActions(server, params));
    server.connection.onCodeActionResolve((action) => this.resolve(server, action));
  }

  private async codeActions(server: LoopscopeLanguageServer, params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const lint = await server.currentLint(uri);
    const document = server.document(uri);
    if (!lint || !document || document.version !== lint.version) return [];
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
    const edit = (edits: readonly TextEdit[]): WorkspaceEdit => this.workspaceEdit(uri, lint.version, edits.map(toLspEdit));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const lines = lint.result.lines;
      const disabled = new Set<string>();
      for (const diagnostic of lint.result.diagnostics) {
        if (diagnostic.code === 'LOOP000' || !sharesLines(diagnostic, params.range)) continue;
        const shown = clientDiagnostic(diagnostic, params.context.diagnostics) ?? toLspDiagnostic(diagnostic, uri, server.rulesByCode);
        const fix = diagnostic.fix;
        if (fix) {
          actions.push({
            title: `${fix.message} (${diagnostic.code}${fix.safety === 'safe' ? '' : ', unsafe fix'})`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [shown],
            isPreferred: fix.safety === 'safe',
            edit: edit(fix.edits),
          });
        }
        const key = `${diagnostic.code}:${diagnostic.start.row}`;
        if (disabled.has(key)) continue;
        disabled.add(key);
        const root = document.parsedTree()?.rootNode;
        const noqa = root && noqaEdit(diagnostic.code, diagnostic.start, diagnostic.end, lines, root);
        if (noqa) {
          actions.push({
            title: `Disable ${diagnostic.code} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [shown],
            edit: edit([noqa]),
          });
        }
      }
    }

    // Computing "fix all" lints the text again per pass: only when asked for, not on every cursor move.
    const asked = only !== undefined || params.context.triggerKind !== CodeActionTriggerKind.Automatic;
    if (wants(FIX_ALL_KIND) && asked && lint.result.diagnostics.some((diagnostic) => diagnostic.fix?.safety === 'safe')) {
      if (this.resolvesEdits) {
        actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAllOf: uri } satisfies FixAllData });
      } else {
        const fixAll = await this.fixAllEdit(server, uri);
        if (fixAll && fixAll.edits.length > 0) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit: fixAll.edit });
      }
    }
    return actions;
  }

  /** A "Fix all" action given without its edit, when the user picks it: fixed as the document is now. */
  private async resolve(server: LoopscopeLanguageServer, action: CodeAction): Promise<CodeAction> {
    if (action.kind !== FIX_ALL_KIND || !isFixAllData(action.data)) return action;
    const fixAll = await this.fixAllEdit(server, action.data.fixAllOf);
    // The client drops a resolve answered with "content modified" without showing an error.
    if (!fixAll) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document was closed or changed while it was being fixed');
    return { ...action, edit: fixAll.edit };
  }

  /**
   * The edit applying every safe fix to the document as it is now (no edits when nothing is fixed);
   * undefined when it is not open, not linted, or changed while being fixed.
   */
  private async fixAllEdit(
    server: LoopscopeLanguageServer,
    uri: string,
  ): Promise<{ edit: WorkspaceEdit; edits: LspTextEdit[] } | undefined> {
    const lint = await server.currentLint(uri);
    const document = server.document(uri);
    if (!lint || !document || document.version !== lint.version) return undefined;
    const settings = await server.settingsFor(uri);
    if (!settings || server.document(uri)?.version !== lint.version) return undefined;
    const text = document.text;
    const project = server.projectFor(uri);
    const fixed = fixText(server.linter, text, settings, { unsafe: false, ...(project ? { project } : {}) }, lint.result);
    if (fixed.brokenPass) {
      const codes = [...new Set(fixed.brokenPass.map((diagnostic) => diagnostic.code))].join(', ');
      server.connection.console.error(`Loopscope: a fix (${codes}) in ${uri} would have introduced a syntax error; it was left out`);
    }
    const edits = fixed.fixed.length > 0 && fixed.text !== text ? [toLspEdit(minimalEdit(text, fixed.text))] : [];
    return { edit: this.workspaceEdit(uri, lint.version, edits), edits };
  }

  private workspaceEdit(uri: string, version: number, edits: LspTextEdit[]): WorkspaceEdit {
    return this.versionedEdits ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
  }
}

/** Whether the diagnostic and `range` share a line (a span ending at column 0 of a later line does not take in that line). */
function sharesLines(diagnostic: LintDiagnostic, range: Range): boolean {
  const lastLine = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  const { start, end } = diagnostic;
  const lastRow = end.row > start.row && end.column === 0 ? end.row - 1 : end.row;
  return start.row <= lastLine && lastRow >= range.start.line;
}

/** The client's copy of the diagnostic, if it sent one: code actions should name the diagnostic it shows. */
function clientDiagnostic(diagnostic: LintDiagnostic, sent: readonly Diagnostic[]): Diagnostic | undefined {
  return sent.find(
    (candidate) =>
      candidate.source === 'loopscope' &&
      candidate.code === diagnostic.code &&
      candidate.range.start.line === diagnostic.start.row &&
      candidate.range.start.character === diagnostic.start.column &&
      candidate.range.end.line === diagnostic.end.row &&
      candidate.range.end.character === diagnostic.end.column,
  );
}

function toLspEdit(edit: TextEdit): LspTextEdit {
  return {
    range: { start: { line: edit.start.row, character: edit.start.column }, end: { line: edit.end.row, character: edit.end.column } },
    newText: edit.newText,
  };
}

/** One edit turning `before` into `after`: the span between their common prefix and common suffix. */
function minimalEdit(before: string, after: string): TextEdit {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never split a CRLF pair or a surrogate pair at the edges.
  while (prefix > 0 && (isLowSurrogate(before.charCodeAt(prefix)) || (before[prefix] === '\n' && before[prefix - 1] === '\r'))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  while (
    suffix > 0 &&
    (isLowSurrogate(before.charCodeAt(before.length - suffix)) ||
      (before[before.length - suffix] === '\n' && before[before.length - suffix - 1] === '\r'))
  )
    suffix--;
  const lines = new LineIndex(before);
  return {
    start: pointAt(lines, prefix),
    end: pointAt(lines, before.length - suffix),
    newText: after.slice(prefix, after.length - suffix),
  };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function pointAt(lines: LineIndex, offset: number): Point {
  let low = 0;
  let high = lines.lineCount - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines.offsetAt(middle, 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { row: low, column: offset - lines.offsetAt(low, 0) };
}
