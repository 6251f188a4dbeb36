// The suppression family, LOOP001: rules about `# noqa` comments (LOOP000 invalid-file, with no check, lives in linter/fileProblems.ts).
import type { Rule } from '../../linter/rule';
import { unusedNoqa } from './unusedNoqa';

export const SUPPRESSION_RULES: readonly Rule[] = [unusedNoqa];
