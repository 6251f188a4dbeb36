// The words a user reads when the language server cannot start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingServerMessage, serverStartFailedMessage, StderrTail } from '../../client/src/serverStartFailure';

describe('server start failure message', () => {
  it('prefers the reason the server printed over the client’s connection error', () => {
    const tail = new StderrTail();
    tail.push('loopscope server failed to start: Error: Loopscope cannot find tree-sitter-python.wasm (looked in /x/dist)');
    tail.push('    at Object.load (/x/dist/server.js:1:2)');
    const message = serverStartFailedMessage(
      tail.startFailureReason(),
      new Error('Pending response rejected since connection got disposed'),
    );
    assert.equal(
      message,
      'Loopscope: the language server failed to start (Loopscope cannot find tree-sitter-python.wasm (looked in /x/dist)). ' +
        'Python files are not linted until it runs; the Loopscope output has the details.',
    );
  });

  it('falls back to the client’s error, first line only', () => {
    const message = serverStartFailedMessage(undefined, new Error('spawn ENOENT\n    at spawn'));
    assert.match(message, /failed to start \(spawn ENOENT\)\./);
  });

  it('keeps only the most recent stderr lines', () => {
    const tail = new StderrTail(2);
    tail.push('x failed to start: old');
    tail.push('a');
    tail.push('b');
    assert.equal(tail.startFailureReason(), undefined);
  });

  it('names the missing server bundle', () => {
    assert.match(missingServerMessage('/ext/dist/server.js'), /server is missing \(\/ext\/dist\/server\.js\)\. Reinstall/);
  });
});
