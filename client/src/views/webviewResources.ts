// Loads one of Loopscope's webviews (dist/webview/<name>.js and .css, over the shared webview.css): scripts on,
// resources only from that folder, and the strict-CSP page from webviewDocument.ts.
import { Uri, type Webview } from 'vscode';
import { webviewDocument } from './webviewDocument';

function webviewFolder(extensionUri: Uri): Uri {
  return Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function configureWebview(webview: Webview, extensionUri: Uri, name: 'callGraph' | 'timeline', title: string): void {
  const folder = webviewFolder(extensionUri);
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [folder] };
  webview.html = webviewDocument({
    title,
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(Uri.joinPath(folder, `${name}.js`)).toString(),
    styleUris: ['webview', name].map((sheet) => webview.asWebviewUri(Uri.joinPath(folder, `${sheet}.css`)).toString()),
  });
}
