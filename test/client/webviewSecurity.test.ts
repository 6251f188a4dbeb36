// What keeps the webviews safe: every message from a webview is one exact known shape or dropped; the page has a
// strict Content-Security-Policy with a nonce'd script and nothing remote; text written into markup is escaped
// (a task named `<img src=x onerror=alert(1)>` stays text in the SVG export).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCallGraphViewMessage, parseTimelineViewMessage } from '../../protocol/webviewMessages';
import { escapeMarkup } from '../../client/src/views/markupEscape';
import { contentSecurityPolicy, webviewDocument } from '../../client/src/views/webviewDocument';
import { TimelineStore } from '../../client/src/views/timelineStore';
import { timelineSvg } from '../../client/src/views/timelineSvg';
import { encodeSlices, type TimelineDelta } from '../../protocol/debugProtocol';

const XSS = '<img src=x onerror=alert(1)>';

describe('messages from webviews', () => {
  it('accepts exactly the declared shapes', () => {
    assert.deepEqual(parseCallGraphViewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseCallGraphViewMessage({ type: 'openSource', path: '/w/a.py', line: 3 }), {
      type: 'openSource',
      path: '/w/a.py',
      line: 3,
    });
    assert.deepEqual(parseCallGraphViewMessage({ type: 'setScope', scope: 'all' }), { type: 'setScope', scope: 'all' });
    assert.deepEqual(parseCallGraphViewMessage({ type: 'selectTask', taskId: 4 }), { type: 'selectTask', taskId: 4 });
    assert.deepEqual(parseTimelineViewMessage({ type: 'exportSvg', axis: 'steps', start: 0, end: 12 }), {
      type: 'exportSvg',
      axis: 'steps',
      start: 0,
      end: 12,
    });
  });

  it('rejects unknown types, missing or extra fields, wrong types and out-of-range values', () => {
    const rejected: unknown[] = [
      null,
      'ready',
      42,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'ready', extra: true },
      { type: 'openSource', path: '/w/a.py' },
      { type: 'openSource', path: '/w/a.py', line: '3' },
      { type: 'openSource', path: '/w/a.py', line: 0 },
      { type: 'openSource', path: '/w/a.py', line: 2.5 },
      { type: 'openSource', path: '', line: 1 },
      { type: 'openSource', path: 'x'.repeat(5000), line: 1 },
      { type: 'openSource', path: { toString: () => '/w/a.py' }, line: 1 },
      { type: 'setScope', scope: 'everything' },
      { type: 'selectTask', taskId: -1 },
      { type: 'selectTask', taskId: Number.NaN },
      { type: 'toString' },
      { type: '__proto__' },
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
    ];
    for (const message of rejected) assert.equal(parseCallGraphViewMessage(message), undefined, JSON.stringify(message));
    for (const message of [
      { type: 'copyText' },
      { type: 'exportSvg', axis: 'time', start: 5, end: 5 },
      { type: 'exportSvg', axis: 'time', start: 0, end: Number.POSITIVE_INFINITY },
      { type: 'exportSvg', axis: 'space', start: 0, end: 1 },
    ])
      assert.equal(parseTimelineViewMessage(message), undefined, JSON.stringify(message));
  });
});

describe('webview page and markup', () => {
  it('escapes markup characters and drops control characters XML forbids', () => {
    assert.equal(escapeMarkup(XSS), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(escapeMarkup(`"a" & 'b'`), '&quot;a&quot; &amp; &#39;b&#39;');
    assert.equal(escapeMarkup('bell\u0007tab\tnl\n'), 'bell\uFFFDtab\tnl\n');
  });

  it('has a strict Content-Security-Policy: nothing remote, no inline code, only the nonce-tagged script', () => {
    const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
    const page = webviewDocument({
      title: `Graph ${XSS}`,
      cspSource: 'vscode-resource:',
      scriptUri: 'vscode-resource:/dist/webview/timeline.js',
      styleUris: ['vscode-resource:/dist/webview/webview.css', 'vscode-resource:/dist/webview/timeline.css'],
      nonce: 'n0nce',
    });
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
    assert.match(page, /<script nonce="n0nce" src="vscode-resource:\/dist\/webview\/timeline\.js"><\/script>/);
    assert.equal(page.match(/<script/g)?.length, 1, 'one script, the bundled one');
    assert.equal(
      page.match(/<link rel="stylesheet" href="vscode-resource:\/dist\/webview\/[a-z]+\.css">/g)?.length,
      2,
      "the shared stylesheet and the view's",
    );
    assert.doesNotMatch(page, /<img|onerror=alert\(1\)>/);
    assert.match(page, /<title>Graph &lt;img src=x onerror=alert\(1\)&gt;<\/title>/);
    const other = webviewDocument({ title: 't', cspSource: 'x:', scriptUri: 'x:/a.js', styleUris: ['x:/a.css'] });
    const nonce = /nonce="([^"]+)"/.exec(other)![1]!;
    assert.ok(nonce.length >= 20, 'a fresh random nonce');
  });

  it('the SVG export writes a task named like markup as text', () => {
    const store = new TimelineStore();
    const delta: TimelineDelta = {
      run: 1,
      reset: true,
      time: 1,
      clock: 'virtual',
      pathsStart: 0,
      paths: ['/w/<evil>.py'],
      lanes: [
        {
          taskId: 1,
          name: XSS,
          coroutine: 'main',
          parentId: null,
          state: 'failed',
          createdAt: 0,
          finishedAt: 1,
          error: 'ValueError: <script>alert(2)</script>',
          site: [0, 3],
          runningSince: null,
          runningSeq: null,
        },
      ],
      slicesStart: 0,
      slices: encodeSlices([{ taskId: 1, seq: 1, start: 0, end: 0, from: [0, 3], to: [0, 4], awaiting: 'get() on Queue(<x>)', io: false }]),
      blocksStart: 0,
      blocks: [{ time: 0.5, duration: 0.1, taskId: 1, seq: 1, at: [0, 9] }],
      droppedSlices: 0,
    };
    store.apply(delta);
    const svg = timelineSvg(store, { axis: 'time', start: 0, end: 1 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.doesNotMatch(svg, /<img|<script|<evil>/);
    assert.match(svg, /&lt;img src=x onerror=alert\(1\)&gt; main\(\)/);
    assert.match(svg, /ValueError: &lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(svg, /awaiting get\(\) on Queue\(&lt;x&gt;\)/);
    assert.match(svg, /loop blocked for 0\.1 s at &lt;evil&gt;\.py:9/);
  });
});
