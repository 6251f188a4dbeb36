// Ids of the commands the extension registers; package.json `contributes.commands` declares the same ids
// (test/client/extensionManifest.test.ts keeps the two in step). Free of `vscode` so tests can import it.

export const CommandIds = {
  /** "Loopscope: Restart Language Server" — stops the server process and starts a fresh one. */
  restartLanguageServer: 'loopscope.restartLanguageServer',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
