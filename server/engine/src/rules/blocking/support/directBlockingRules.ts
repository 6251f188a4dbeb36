// The rules that recognise a blocking call by its name; LOOP108 follows calls until it meets one.
import type { BlockingCallRule } from './blockingCallRule';
import { blockingConfiguredCall } from '../blockingConfiguredCall';
import { blockingFileIo } from '../blockingFileIo';
import { blockingHttp } from '../blockingHttp';
import { blockingInput } from '../blockingInput';
import { blockingSleep } from '../blockingSleep';
import { blockingSocket } from '../blockingSocket';
import { blockingSubprocess } from '../blockingSubprocess';

export const DIRECT_BLOCKING_RULES: readonly BlockingCallRule[] = [
  blockingSleep,
  blockingHttp,
  blockingSubprocess,
  blockingFileIo,
  blockingInput,
  blockingSocket,
  blockingConfiguredCall,
];
