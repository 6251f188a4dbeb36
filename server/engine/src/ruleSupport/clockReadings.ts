// Calls that read a clock: they return the time and do nothing else. LOOP306 tells a wait for time to pass (a condition
// comparing one with a deadline) from a poll of state; raiseFreeCode counts them among the calls that cannot raise.
import { EVENT_LOOP } from '../analysis/knownTypes';

export const CLOCK_READINGS: ReadonlySet<string> = new Set([
  'time.time',
  'time.monotonic',
  'time.perf_counter',
  'time.time_ns',
  'time.monotonic_ns',
  'time.perf_counter_ns',
  `${EVENT_LOOP}.time`,
  'trio.current_time',
  'anyio.current_time',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
]);
