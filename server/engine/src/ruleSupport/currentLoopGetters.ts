// The calls that find the thread's current event loop from synchronous code, by qualified name: what an object made
// outside a coroutine keeps (`self.loop = asyncio.get_event_loop()`), and what a sync helper drives.

/** `asyncio.get_event_loop()`, and the same through the policy (`asyncio.get_event_loop_policy().get_event_loop()`). */
export const CURRENT_LOOP_GETTERS: ReadonlySet<string> = new Set([
  'asyncio.get_event_loop',
  'asyncio.AbstractEventLoopPolicy.get_event_loop',
]);
