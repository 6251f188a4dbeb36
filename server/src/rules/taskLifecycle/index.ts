// The task-lifecycle family, LOOP301–LOOP309.
import type { Rule } from '../../linter/rule';

export const TASK_LIFECYCLE_RULES: readonly Rule[] = [];
