// The webview side of the extension ↔ webview channel, typed by protocol/webviewMessages.ts, and small DOM
// helpers that only ever set text (never markup), so task names and paths always render as text.

interface VsCodeApi<Out> {
  postMessage(message: Out): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi<Out>(): VsCodeApi<Out>;

export function vscodeApi<Out>(): VsCodeApi<Out> {
  return acquireVsCodeApi<Out>();
}

/** Messages from the extension; anything without a string `type` is ignored. */
export function onMessage<In extends { type: string }>(handle: (message: In) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handle(data as In);
  });
}

/** An element with a class and text content. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', 'tool', label);
  node.type = 'button';
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** The value of a VS Code theme color variable, with a fallback for pages outside VS Code (benchmarks). */
export function themeColor(variable: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
  return value || fallback;
}
