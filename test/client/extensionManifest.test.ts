// The extension's manifest (package.json) and the client code agree: every command the client registers is
// contributed with a "Loopscope:" title, activation and Restricted Mode are declared, the debugger's launch
// attributes are CONTRACT's, the views and settings the client uses exist, the icon is a real PNG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CommandIds, DebugSettings, ViewIds } from '../../client/src/commandIds';
import { INITIAL_CONFIGURATIONS } from '../../client/src/debug/launchConfigurations';
import { DEBUG_TYPE } from '../../protocol/debugProtocol';

const ROOT = path.join(__dirname, '..', '..');

interface Debugger {
  type: string;
  languages: string[];
  configurationAttributes: {
    launch: { required: string[]; properties: Record<string, { type: string; enum?: string[]; default?: unknown }> };
  };
  initialConfigurations: unknown[];
  configurationSnippets: { label: string; body: Record<string, unknown> }[];
}

interface Manifest {
  main: string;
  icon: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { title: string; properties: Record<string, { scope?: string }> }[];
    debuggers: Debugger[];
    breakpoints: { language: string }[];
    views: Record<string, { id: string; type?: string }[]>;
    viewsContainers: Record<string, { id: string; icon: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', () => {
  it('contributes exactly the commands the client registers, each under the Loopscope category', () => {
    const contributed = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepEqual(contributed, Object.values(CommandIds).sort());
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Loopscope', command.command);
    const title = (id: string) => {
      const command = manifest.contributes.commands.find((candidate) => candidate.command === id);
      return `${command?.category}: ${command?.title}`;
    };
    assert.equal(title(CommandIds.restartLanguageServer), 'Loopscope: Restart Language Server');
    assert.equal(title(CommandIds.runFile), 'Loopscope: Run File');
    assert.equal(title(CommandIds.debugFile), 'Loopscope: Debug File');
  });

  it('keeps commands that need a task out of the Command Palette', () => {
    const hidden = manifest.contributes.menus.commandPalette!.filter((entry) => entry.when === 'false').map((entry) => entry.command);
    assert.deepEqual(
      hidden.sort(),
      [CommandIds.cancelTask, CommandIds.revealTask, CommandIds.selectInCallStack, CommandIds.showRuleDocumentation].sort(),
    );
    const taskMenu = manifest.contributes.menus['view/item/context']!.map((entry) => entry.command);
    for (const command of [CommandIds.cancelTask, CommandIds.showCallGraph, CommandIds.selectInCallStack])
      assert.ok(taskMenu.includes(command), command);
  });

  it('activates on Python files and the loopscope debug type, and keeps linting in Restricted Mode', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:python'));
    assert.ok(manifest.activationEvents.includes(`onDebugResolve:${DEBUG_TYPE}`));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [DebugSettings.adapter]);
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('declares the loopscope debugger with CONTRACT’s launch attributes, for Python breakpoints', () => {
    const [debuggerEntry] = manifest.contributes.debuggers;
    assert.equal(debuggerEntry!.type, DEBUG_TYPE);
    assert.deepEqual(debuggerEntry!.languages, ['python']);
    const launch = debuggerEntry!.configurationAttributes.launch;
    assert.deepEqual(launch.required, ['program']);
    assert.deepEqual(Object.keys(launch.properties).sort(), [
      'args',
      'clock',
      'cwd',
      'env',
      'justMyCode',
      'program',
      'python',
      'replay',
      'seed',
      'stopOnEntry',
      'token',
      'wheels',
    ]);
    assert.deepEqual(launch.properties.clock!.enum, ['virtual', 'real']);
    assert.equal(launch.properties.clock!.default, 'virtual');
    assert.equal(launch.properties.justMyCode!.default, true);
    assert.deepEqual(debuggerEntry!.initialConfigurations, INITIAL_CONFIGURATIONS);
    for (const snippet of debuggerEntry!.configurationSnippets) {
      assert.equal(snippet.body.type, DEBUG_TYPE, snippet.label);
      for (const key of Object.keys(snippet.body))
        assert.ok(['type', 'request', 'name', ...Object.keys(launch.properties)].includes(key), `${snippet.label}: ${key}`);
    }
    assert.deepEqual(manifest.contributes.breakpoints, [{ language: 'python' }]);
  });

  it('contributes the views the client fills, and the debugger settings it reads', () => {
    const views = Object.values(manifest.contributes.views).flat();
    assert.deepEqual(views.map((view) => view.id).sort(), Object.values(ViewIds).sort());
    assert.ok(
      manifest.contributes.views.debug!.some((view) => view.id === ViewIds.tasks),
      'the task tree is in Run and Debug',
    );
    assert.equal(views.find((view) => view.id === ViewIds.timeline)!.type, 'webview');
    assert.ok(
      manifest.contributes.viewsWelcome.some(
        (entry) => entry.view === ViewIds.tasks && /No Loopscope debug session is running/.test(entry.contents),
      ),
    );
    const debuggerSection = manifest.contributes.configuration.find((section) => section.title === 'Loopscope Debugger')!;
    assert.deepEqual(Object.keys(debuggerSection.properties).sort(), Object.values(DebugSettings).sort());
    for (const container of manifest.contributes.viewsContainers.panel!) readFileSync(path.join(ROOT, container.icon));
  });

  it('has a PNG icon of at least 128×128', () => {
    const png = readFileSync(path.join(ROOT, manifest.icon));
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'width and height from the IHDR chunk');
  });
});
