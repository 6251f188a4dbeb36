// The blocking-call family, LOOP101–LOOP108.
import type { Rule } from '../../linter/rule';
import { DIRECT_BLOCKING_RULES } from './support/directBlockingRules';
import { transitiveBlocking } from './transitiveBlocking';

export const BLOCKING_RULES: readonly Rule[] = [...DIRECT_BLOCKING_RULES, transitiveBlocking];
