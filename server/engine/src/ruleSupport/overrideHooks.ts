// Methods meant to be overridden: an empty hook (see stubBodies.ts), or one whose docstring invites an override ("Should
// be overridden to handle the values submitted", "Override this in your bot class", "Hook called before ..."). What a
// call of one runs may be a subclass's body, in code outside the project, so its own body says nothing of where it
// suspends (LOOP301, LOOP305: see coroutineSuspension.ts).
import type { SyntaxNode } from '../analysis/pythonParser';
import { docstringOf, isMethodDefinition } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import { isHookStub } from './stubBodies';

/** A method with a stub body, or whose docstring says subclasses or users override it. */
export function isOverrideHook(definition: SyntaxNode, model: SemanticModel): boolean {
  if (isHookStub(definition, model)) return true;
  const docstring = isMethodDefinition(definition) ? docstringOf(definition) : undefined;
  return docstring !== undefined && invitesOverride(docstring.text);
}

/**
 * Wordings of docstrings that present their method as a place for an override. Read over the corpora's docstrings:
 * "can override" alone also says what an argument does ("additional properties can override stock properties"), so
 * the one overriding is named; "hooks" (plural) names what a method runs, "hook" what it is.
 */
const OVERRIDE_INVITATIONS: readonly RegExp[] = [
  // "Should be overridden to handle ...", "This may be overridden by subclasses", "A hook to be overridden by users".
  /\b(?:should|must|can|may|could|might|to|needs? to|has to|have to) be overrid{1,2}en\b/i,
  // "Overridden in subclasses", "When overridden in a derived class, ...".
  /\boverrid{1,2}en (?:in|by) (?:a |the |any |all |your )?(?:subclass|derived|child|user)/i,
  // "Override this in your bot class", "You can override this method", "Subclasses must override this".
  /\boverride (?:this|it)\b/i,
  // "Override for setup logic.", "Override in subclasses to find completions." (an instruction opening a sentence).
  /(?:^|[.!:] )override (?:to|for|in|if|when)\b/i,
  // "Subclasses must override the default implementation", "Users should override ...".
  /\b(?:subclass(?:es)?|derived class(?:es)?|child class(?:es)?|users?|you) (?:should|must|can|may|need to|have to) override\b/i,
  // "Subclasses should implement ...", "This method must be implemented by subclasses".
  /\b(?:subclass(?:es)?|derived class(?:es)?|child class(?:es)?) (?:should|must|can|may|need to) (?:implement|define|replace)\b/i,
  /\bimplemented (?:by|in) (?:a |the |any |all )?(?:subclass|derived|child)/i,
  // "Hook called when the component is about to be loaded", "A special method that acts as a cog local pre-invoke hook".
  /\bhook\b/i,
];

/** "Do not override this", "you won't have to override this", "is not meant to be overridden": a few words before. */
const NEGATED = /(?:\bnot|\bnever|n't|\bcannot)(?: \w+){0,3} $/i;

/** Whether a docstring as written (its quotes left out, line breaks and indentation read as one space) invites an override. */
function invitesOverride(docstring: string): boolean {
  const text = docstring.replace(/^\w*(?:"""|'''|"|')\s*/, '').replace(/\s+/g, ' ');
  return OVERRIDE_INVITATIONS.some((pattern) => {
    const match = pattern.exec(text);
    return match !== null && !NEGATED.test(text.slice(Math.max(0, match.index - 40), match.index));
  });
}
