// LOOP102 blocking-http: synchronous HTTP clients (urllib, requests, httpx, urllib3) inside a coroutine.
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import { defineBlockingCallRule } from './support/blockingCallRule';

export const blockingHttp = defineBlockingCallRule({
  code: 'LOOP102',
  name: 'blocking-http',
  summary: 'A synchronous HTTP request made in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC210', 'ASYNC212', 'S7499'],
  fix: toThreadFix,
  doc: {
    whatItDoes:
      'Flags synchronous HTTP calls in an async context: `urllib.request.urlopen`, `requests.get` and the other `requests` functions and `Session` methods, `httpx.get` and sync `httpx.Client` methods, `urllib3` requests. `urllib.request.urlopen` of a `data:` URL is not flagged: urllib decodes it in memory (a literal `"data:..."`, or a parameter the call runs only where it starts with `"data:"`: inside `if url.startswith("data:"):`, or after `if not url.startswith("data:"): raise ...`).',
    whyIsThisBad:
      'A network round trip takes milliseconds to seconds. Made synchronously inside a coroutine, it holds the event loop for all of that time, so every other task stalls — the concurrency `asyncio` was chosen for is lost.',
    example: 'import requests\n\nasync def fetch(url):\n    return requests.get(url).text',
    useInstead:
      'import httpx\n\nasync def fetch(url):\n    async with httpx.AsyncClient() as client:\n        return (await client.get(url)).text',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
