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
      'Flags synchronous HTTP calls in an async context: `urllib.request.urlopen`, `requests.get` and the other `requests` functions and `Session` methods, `httpx.get` and sync `httpx.Client` methods, `urllib3` requests. `urllib.request.urlopen` of a `data:` URL is not flagged: urllib decodes it in memory (a literal `"data:..."`, or a parameter the call runs only where it starts with `"data:"`: inside `if url.startswith("data:"):`, or after `if not url.startswith("data:"): raise ...`). A call of a client that a test\'s HTTP mocking library answers where it runs is not flagged either: the library replaces the client\'s transport, so the request is answered (or refused) in-process, with no network I/O. That is httpx under respx (inside `async with respx.mock:`, `with respx.mock(...):`, `with respx.MockRouter():` or a router made earlier, `router = respx.mock()` then `with router:`; in a function decorated with `@respx.mock` or `@respx.mock(...)`; after `respx.start()` or `router.start()` earlier in the function and no `stop()` since; in a test taking the `respx_mock` fixture) or in a test taking pytest-httpx\'s `httpx_mock` fixture; requests under responses (`@responses.activate`, `with responses.RequestsMock():`, after `responses.start()`) or requests-mock (`with requests_mock.Mocker():`, `@requests_mock.Mocker()` on the test or on its class for the class\'s `test*` methods, a test taking the `requests_mock` fixture); every client under httpretty (`@httpretty.activate` on the test or on its class for the `test*` methods, `with httpretty.enabled():`, or `httpretty.enable()` earlier in the function and no `httpretty.disable()` since). Only there: a call of another client than the mock\'s (`requests.get` inside `with respx.mock:`), a call after the `with` block, and a router made but neither entered, used as a decorator nor started are still flagged; so is a call under a mock started outside the function (by a fixture of the project that the test takes, in `setUp`). A route that lets a request through to the network (respx\'s `pass_through()`, a URL httpretty has no answer for while it allows connections) is not told apart: a test asks for that on purpose.',
    whyIsThisBad:
      'A network round trip takes milliseconds to seconds. Made synchronously inside a coroutine, it holds the event loop for all of that time, so every other task stalls — the concurrency `asyncio` was chosen for is lost.',
    example: 'import requests\n\nasync def fetch(url):\n    return requests.get(url).text',
    useInstead:
      'import httpx\n\nasync def fetch(url):\n    async with httpx.AsyncClient() as client:\n        return (await client.get(url)).text',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
