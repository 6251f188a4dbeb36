// The async-protocol family, LOOP401–LOOP408.
import type { Rule } from '../../linter/rule';
import { asyncTimeoutParameter } from './asyncTimeoutParameter';
import { awaitOutsideAsync } from './awaitOutsideAsync';
import { incompleteAsyncProtocol } from './incompleteAsyncProtocol';
import { stopIterationInAnext } from './stopIterationInAnext';
import { syncIterationMismatch } from './syncIterationMismatch';
import { syncWithAsyncCm } from './syncWithAsyncCm';
import { unusedAsync } from './unusedAsync';
import { wrongAsyncDunder } from './wrongAsyncDunder';

export const ASYNC_PROTOCOL_RULES: readonly Rule[] = [
  stopIterationInAnext,
  incompleteAsyncProtocol,
  wrongAsyncDunder,
  syncWithAsyncCm,
  syncIterationMismatch,
  awaitOutsideAsync,
  asyncTimeoutParameter,
  unusedAsync,
];
