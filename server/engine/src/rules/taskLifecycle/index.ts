// The task-lifecycle family, LOOP301–LOOP309.
import type { Rule } from '../../linter/rule';
import { busyWait } from './busyWait';
import { cancellationSwallowed } from './cancellationSwallowed';
import { controlFlowInTaskgroup } from './controlFlowInTaskgroup';
import { coroutineInCondition } from './coroutineInCondition';
import { danglingTask } from './danglingTask';
import { implicitTaskDropped } from './implicitTaskDropped';
import { sequentialAwaitInLoop } from './sequentialAwaitInLoop';
import { timeoutWithoutAwait } from './timeoutWithoutAwait';
import { unawaitedCoroutine } from './unawaitedCoroutine';

export const TASK_LIFECYCLE_RULES: readonly Rule[] = [
  danglingTask,
  unawaitedCoroutine,
  coroutineInCondition,
  implicitTaskDropped,
  cancellationSwallowed,
  busyWait,
  timeoutWithoutAwait,
  sequentialAwaitInLoop,
  controlFlowInTaskgroup,
];
