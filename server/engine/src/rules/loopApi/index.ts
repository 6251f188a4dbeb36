// The event-loop API family, LOOP201–LOOP209.
import type { Rule } from '../../linter/rule';
import { deprecatedAsyncioApi } from './deprecatedAsyncioApi';
import { ensureFuture } from './ensureFuture';
import { executorPartial } from './executorPartial';
import { gatherOverTaskgroup } from './gatherOverTaskgroup';
import { getEventLoop } from './getEventLoop';
import { legacyCoroutine } from './legacyCoroutine';
import { manualLoopManagement } from './manualLoopManagement';
import { nestedAsyncioRun } from './nestedAsyncioRun';
import { waitForTimeout } from './waitForTimeout';

export const LOOP_API_RULES: readonly Rule[] = [
  getEventLoop,
  ensureFuture,
  manualLoopManagement,
  waitForTimeout,
  executorPartial,
  legacyCoroutine,
  deprecatedAsyncioApi,
  nestedAsyncioRun,
  gatherOverTaskgroup,
];
