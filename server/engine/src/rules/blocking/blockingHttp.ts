// LOOP102 blocking-http: synchronous HTTP clients (urllib, requests, httpx, urllib3) inside a coroutine.
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import { callTable, defineBlockingCallRule } from './blockingCallRule';

const ASYNC_CLIENT = 'use an async client (`httpx.AsyncClient`, `aiohttp`) or `await asyncio.to_thread(...)`';
const VERBS = ['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request'];

const table: Record<string, string> = {
  'urllib.request.urlopen': 'use `await asyncio.to_thread(urllib.request.urlopen, ...)` or an async HTTP client',
  'urllib.request.urlretrieve': 'use `await asyncio.to_thread(urllib.request.urlretrieve, ...)` or an async HTTP client',
  'urllib.request.OpenerDirector.open': 'use `await asyncio.to_thread(opener.open, ...)` or an async HTTP client',
  'http.client.HTTPConnection.request': ASYNC_CLIENT,
  'http.client.HTTPConnection.getresponse': ASYNC_CLIENT,
  'http.client.HTTPSConnection.request': ASYNC_CLIENT,
  'http.client.HTTPSConnection.getresponse': ASYNC_CLIENT,
  'urllib3.request': ASYNC_CLIENT,
  'urllib3.PoolManager.request': ASYNC_CLIENT,
  'urllib3.PoolManager.urlopen': ASYNC_CLIENT,
  'urllib3.HTTPConnectionPool.request': ASYNC_CLIENT,
  'urllib3.HTTPConnectionPool.urlopen': ASYNC_CLIENT,
  'urllib3.HTTPSConnectionPool.request': ASYNC_CLIENT,
  'urllib3.HTTPSConnectionPool.urlopen': ASYNC_CLIENT,
  'httpx.stream': 'use `httpx.AsyncClient().stream(...)`',
  'httpx.Client.send': 'use `httpx.AsyncClient` and `await client.send(...)`',
  'httpx.Client.stream': 'use `httpx.AsyncClient` and `client.stream(...)` with `async with`',
};
for (const verb of VERBS) {
  table[`requests.${verb}`] = ASYNC_CLIENT;
  table[`requests.api.${verb}`] = ASYNC_CLIENT;
  table[`requests.Session.${verb}`] = ASYNC_CLIENT;
  table[`httpx.${verb}`] = `use \`await httpx.AsyncClient().${verb}(...)\``;
  table[`httpx.Client.${verb}`] = `use \`httpx.AsyncClient\` and \`await client.${verb}(...)\``;
}

export const blockingHttp = defineBlockingCallRule({
  code: 'LOOP102',
  name: 'blocking-http',
  summary: 'A synchronous HTTP request made in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC210', 'ASYNC212', 'S7499'],
  calls: callTable(table),
  fix: toThreadFix,
  doc: {
    whatItDoes:
      'Flags synchronous HTTP calls in an async context: `urllib.request.urlopen`, `requests.get` and the other `requests` functions and `Session` methods, `httpx.get` and sync `httpx.Client` methods, `urllib3` requests.',
    whyIsThisBad:
      'A network round trip takes milliseconds to seconds. Made synchronously inside a coroutine, it holds the event loop for all of that time, so every other task stalls — the concurrency `asyncio` was chosen for is lost.',
    example: 'import requests\n\nasync def fetch(url):\n    return requests.get(url).text',
    useInstead:
      'import httpx\n\nasync def fetch(url):\n    async with httpx.AsyncClient() as client:\n        return (await client.get(url)).text',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
