// A rule's documentation opens rendered: the server links each diagnostic's code to the rule's Markdown page
// (a file URL, which other editors open as they like); VS Code would open that file as raw Markdown text, so
// the links are turned into this extension's command, which opens the page in the Markdown preview.
import { commands, env, Uri, type Diagnostic, type Disposable } from 'vscode';
import { CommandIds } from './commandIds';

/** The command URI that opens `page` rendered (links in the Problems view and hovers may run commands). */
export function renderedPageLink(page: Uri): Uri {
  return Uri.parse(`command:${CommandIds.showRuleDocumentation}?${encodeURIComponent(JSON.stringify([page.toString()]))}`);
}

/** Diagnostics whose code links to a Markdown page get the rendered-page link instead. */
export function linkRenderedPages(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const code = diagnostic.code;
    if (typeof code === 'object' && code.target.scheme === 'file' && code.target.path.endsWith('.md'))
      diagnostic.code = { value: code.value, target: renderedPageLink(code.target) };
    return diagnostic;
  });
}

export function registerRuleDocumentationCommand(): Disposable {
  return commands.registerCommand(CommandIds.showRuleDocumentation, async (page: unknown) => {
    if (typeof page !== 'string') return;
    const uri = Uri.parse(page);
    if (uri.scheme === 'file') await commands.executeCommand('markdown.showPreview', uri);
    else await env.openExternal(uri);
  });
}
