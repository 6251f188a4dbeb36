// The extension's manifest (package.json) and the client code agree: every command the client registers
// is contributed with a "Loopscope:" title, activation and Restricted Mode are declared, the icon is a real PNG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CommandIds } from '../../client/src/commandIds';

const ROOT = path.join(__dirname, '..', '..');

interface Manifest {
  main: string;
  icon: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited' } };
  contributes: { commands: { command: string; title: string; category: string }[] };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest', () => {
  it('contributes exactly the commands the client registers, each under the Loopscope category', () => {
    const contributed = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepEqual(contributed, Object.values(CommandIds).sort());
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Loopscope', command.command);
    const restart = manifest.contributes.commands.find((command) => command.command === CommandIds.restartLanguageServer);
    assert.equal(`${restart?.category}: ${restart?.title}`, 'Loopscope: Restart Language Server');
  });

  it('activates on Python files and keeps linting in Restricted Mode', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:python'));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('has a PNG icon of at least 128×128', () => {
    const png = readFileSync(path.join(ROOT, manifest.icon));
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'width and height from the IHDR chunk');
  });
});
