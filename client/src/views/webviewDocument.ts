// The HTML page each Loopscope webview loads: a strict Content-Security-Policy (nothing remote, no inline code;
// only our bundled script, by nonce, and our stylesheets), the script and stylesheets from dist/webview, and no
// data — data arrives by postMessage and is set as text. Free of `vscode`: the caller passes the URIs.
import { randomBytes } from 'node:crypto';
import { escapeMarkup } from './markupEscape';

interface WebviewDocumentParts {
  title: string;
  /** `webview.cspSource`: the origin local resources are served from. */
  cspSource: string;
  scriptUri: string;
  /** In the order they apply: the shared one, then the view's own. */
  styleUris: readonly string[];
  /** Defaults to a fresh random nonce. */
  nonce?: string;
}

function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function webviewDocument(parts: WebviewDocumentParts): string {
  const nonce = parts.nonce ?? newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeMarkup(contentSecurityPolicy(parts.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${parts.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeMarkup(uri)}">`).join('\n')}
<title>${escapeMarkup(parts.title)}</title>
</head>
<body>
<div id="root" aria-live="polite"></div>
<script nonce="${escapeMarkup(nonce)}" src="${escapeMarkup(parts.scriptUri)}"></script>
</body>
</html>
`;
}
