// The async-protocol family, LOOP401–LOOP408.
import type { Rule } from '../../linter/rule';

export const ASYNC_PROTOCOL_RULES: readonly Rule[] = [];
