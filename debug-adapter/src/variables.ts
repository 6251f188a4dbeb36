// Variables and setVariable: the runtime hands out references for containers, objects and scopes (valid
// until the program resumes); this turns its VariableInfo into DAP variables.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { VariableInfo } from '../../protocol/runtimeDebug';
import type { ProgramRun } from './programRun';

export async function variables(run: ProgramRun, args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
  const paged = args.filter === 'indexed' || args.start !== undefined || args.count !== undefined;
  const found = await run.request('variables', {
    reference: args.variablesReference,
    ...(paged ? { start: args.start ?? 0, count: args.count ?? 0 } : {}),
  });
  return found.map(toDapVariable);
}

export async function setVariable(
  run: ProgramRun,
  args: DebugProtocol.SetVariableArguments,
): Promise<DebugProtocol.SetVariableResponse['body']> {
  const changed = await run.request('setVariable', { reference: args.variablesReference, name: args.name, value: args.value });
  return {
    value: changed.value,
    type: changed.type,
    variablesReference: changed.reference,
    ...(changed.named !== undefined ? { namedVariables: changed.named } : {}),
    ...(changed.indexed !== undefined ? { indexedVariables: changed.indexed } : {}),
  };
}

function toDapVariable(info: VariableInfo): DebugProtocol.Variable {
  const variable: DebugProtocol.Variable = { name: info.name, value: info.value, type: info.type, variablesReference: info.reference };
  if (info.named !== undefined) variable.namedVariables = info.named;
  if (info.indexed !== undefined) variable.indexedVariables = info.indexed;
  if (info.evaluateName) variable.evaluateName = info.evaluateName;
  if (info.type === 'function' || info.type === 'method' || info.type === 'builtin_function_or_method')
    variable.presentationHint = { kind: 'method' };
  else if (info.type === 'type') variable.presentationHint = { kind: 'class' };
  return variable;
}
