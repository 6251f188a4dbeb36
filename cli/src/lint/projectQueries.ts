// What a file's rules asked about the rest of the project, and what they were told. A cached lint of a file is
// still valid when its text and settings are the same and every question gets the same answer today: the other
// modules can have changed in any way that does not touch the answers (LOOP108's chains, LOOP302's lookups).
import { createHash } from 'node:crypto';
import type { ProjectView } from '../../../server/engine/src';

/**
 * One question: which (`f` findFunction, `b` blockingChain (`t` from a test), `m` mayBeCoroutineFunctionName, `k`
 * definesAsyncFunction, `c` classBases, `p` madePlainByDecorator, `e` decoratorCatchesErrorType, `x`
 * conftestFixture, `s` coroutineSuspension, `o` overridesMethod, about `class:method`, `u` usesElsewhere, `a`
 * usedOtherwiseOnlyAfterCurrentLoop, `r` namedByExecutorSpy, `g` getEventLoopPatches, about nothing), about what, and a
 * digest of the answer.
 */
export type ProjectQuery = readonly [
  kind: 'f' | 'b' | 't' | 'm' | 'k' | 'c' | 'p' | 'e' | 'x' | 's' | 'o' | 'u' | 'a' | 'r' | 'g',
  name: string,
  answer: string,
];

/** `view`, noting each distinct question asked through it (in the order first asked) with its answer. */
export function recordingView(view: ProjectView): { readonly view: ProjectView; readonly queries: readonly ProjectQuery[] } {
  const queries: ProjectQuery[] = [];
  const asked = new Set<string>();
  const note = <T>(kind: ProjectQuery[0], name: string, answer: T): T => {
    const key = `${kind}${name}`;
    if (!asked.has(key)) {
      asked.add(key);
      queries.push([kind, name, answerDigest(answer)]);
    }
    return answer;
  };
  return {
    queries,
    view: {
      moduleName: view.moduleName,
      // Not a question: a cached lint is of one path.
      file: view.file,
      absoluteName: (name) => view.absoluteName(name),
      findFunction: (name) => note('f', name, view.findFunction(name)),
      classBases: (name) => note('c', name, view.classBases(name)),
      blockingChain: (name, fromTest) => note(fromTest ? 't' : 'b', name, view.blockingChain(name, fromTest)),
      mayBeCoroutineFunctionName: (name) => note('m', name, view.mayBeCoroutineFunctionName(name)),
      definesAsyncFunction: (name) => note('k', name, view.definesAsyncFunction(name)),
      madePlainByDecorator: (name) => note('p', name, view.madePlainByDecorator(name)),
      decoratorCatchesErrorType: (name) => note('e', name, view.decoratorCatchesErrorType(name)),
      conftestFixture: (name) => note('x', name, view.conftestFixture(name)),
      coroutineSuspension: (name) => note('s', name, view.coroutineSuspension(name)),
      overridesMethod: (className, method) => note('o', `${className}:${method}`, view.overridesMethod(className, method)),
      usesElsewhere: (name) => note('u', name, view.usesElsewhere(name)),
      usedOtherwiseOnlyAfterCurrentLoop: (name) => note('a', name, view.usedOtherwiseOnlyAfterCurrentLoop(name)),
      namedByExecutorSpy: (name) => note('r', name, view.namedByExecutorSpy(name)),
      getEventLoopPatches: () => note('g', '', view.getEventLoopPatches()),
    },
  };
}

/** Asks `view` the question of that kind about `name`. */
function ask(view: ProjectView, kind: ProjectQuery[0], name: string): unknown {
  switch (kind) {
    case 'f':
      return view.findFunction(name);
    case 'b':
      return view.blockingChain(name, false);
    case 't':
      return view.blockingChain(name, true);
    case 'c':
      return view.classBases(name);
    case 'm':
      return view.mayBeCoroutineFunctionName(name);
    case 'k':
      return view.definesAsyncFunction(name);
    case 'p':
      return view.madePlainByDecorator(name);
    case 'e':
      return view.decoratorCatchesErrorType(name);
    case 'x':
      return view.conftestFixture(name);
    case 's':
      return view.coroutineSuspension(name);
    case 'o': {
      const colon = name.lastIndexOf(':');
      return view.overridesMethod(name.slice(0, colon), name.slice(colon + 1));
    }
    case 'u':
      return view.usesElsewhere(name);
    case 'a':
      return view.usedOtherwiseOnlyAfterCurrentLoop(name);
    case 'r':
      return view.namedByExecutorSpy(name);
    case 'g':
      return view.getEventLoopPatches();
  }
}

/** Whether `view` answers every question as it was answered when they were recorded (asked again, in the same order). */
export function sameAnswers(queries: readonly ProjectQuery[], view: ProjectView): boolean {
  for (const [kind, name, answer] of queries) {
    if (answerDigest(ask(view, kind, name)) !== answer) return false;
  }
  return true;
}

function answerDigest(answer: unknown): string {
  if (answer === undefined) return '-';
  if (typeof answer === 'boolean') return answer ? 't' : 'f';
  return createHash('sha1').update(JSON.stringify(answer)).digest('base64').slice(0, 16);
}
