// The event-loop API family, LOOP201–LOOP209.
import type { Rule } from '../../linter/rule';

export const LOOP_API_RULES: readonly Rule[] = [];
