// Every lint rule, by family. Adding a rule: its file, one line in its family's index.ts, its fixtures.
import type { Rule } from '../linter/rule';
import { ASYNC_PROTOCOL_RULES } from './asyncProtocol';
import { BLOCKING_RULES } from './blocking';
import { LOOP_API_RULES } from './loopApi';
import { SUPPRESSION_RULES } from './suppression';
import { TASK_LIFECYCLE_RULES } from './taskLifecycle';

export const RULES: readonly Rule[] = [
  ...SUPPRESSION_RULES,
  ...BLOCKING_RULES,
  ...LOOP_API_RULES,
  ...TASK_LIFECYCLE_RULES,
  ...ASYNC_PROTOCOL_RULES,
];
