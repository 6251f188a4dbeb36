// A rule's documentation opens rendered: the server links each diagnostic's code to the rule's Markdown page
// (a file URL, which other editors open as they like); VS Code would open that file as raw Markdown text, so
// the links are turned into this extension's command, which opens the page in the Markdown preview.
import { commands, env, Uri, type Disposable } from 'vscode';
import { CommandIds } from './commandIds';

/** The command URI that opens `page` rendered (links in the Problems view and hovers may run commands). */
function renderedPageLink(page: Uri): Uri {
  return Uri.parse(`command:${CommandIds.showRuleDocumentation}?${encodeURIComponent(JSON.stringify([page.toString()]))}`);
}

/** The server's rule pages: docs/rules/<name>.md in the installed extension (or the repository). */
const RULE_PAGE = /\/docs\/rules\/[a-z0-9-]+\.md$/;

/**
 * The client's reading of every URI the server sends (documents, locations, diagnostics' code links, pushed or
 * pulled): a rule page becomes the rendered-page link; everything else is parsed as it is.
 */
export function serverUriToCode(value: string): Uri {
  const uri = Uri.parse(value);
  return uri.scheme === 'file' && RULE_PAGE.test(uri.path) ? renderedPageLink(uri) : uri;
}

export function registerRuleDocumentationCommand(): Disposable {
  return commands.registerCommand(CommandIds.showRuleDocumentation, async (page: unknown) => {
    if (typeof page !== 'string') return;
    const uri = Uri.parse(page);
    if (uri.scheme === 'file') await commands.executeCommand('markdown.showPreview', uri);
    else await env.openExternal(uri);
  });
}
