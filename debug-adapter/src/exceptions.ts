// Exception filters offered in the Breakpoints view and the exceptionInfo of an exception stop.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugStop, ExceptionFilterId } from '../../protocol/runtimeDebug';
import { EXCEPTION_FILTERS } from '../../protocol/debugProtocol';

export const EXCEPTION_BREAKPOINT_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: EXCEPTION_FILTERS.uncaught,
    label: 'Uncaught Exceptions',
    description: 'Stop when an exception is about to end the program.',
    default: true,
  },
  {
    filter: EXCEPTION_FILTERS.raised,
    label: 'Raised Exceptions',
    description: 'Stop where any exception (except CancelledError) is raised in your code.',
    default: false,
  },
  {
    filter: EXCEPTION_FILTERS.taskNeverRetrieved,
    label: 'Task Exception Never Retrieved',
    description: 'Stop when a task failed and nothing ever awaited it or asked for its result.',
    default: true,
  },
  {
    filter: EXCEPTION_FILTERS.cancellation,
    label: 'Task Cancellation',
    description: 'Stop where CancelledError arrives in your code (a task being cancelled).',
    default: false,
  },
];

const KNOWN = new Set<string>(Object.values(EXCEPTION_FILTERS));

export function parseFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): ExceptionFilterId[] {
  const chosen = [...(args.filters ?? []), ...(args.filterOptions ?? []).map((option) => option.filterId)];
  return [...new Set(chosen.filter((filter) => KNOWN.has(filter)))] as ExceptionFilterId[];
}

export function exceptionInfo(stop: DebugStop | null): DebugProtocol.ExceptionInfoResponse['body'] {
  const exception = stop?.exception;
  if (!exception) throw new Error('the program did not stop on an exception');
  const description = exception.task ? `${exception.message} (${exception.task}: task exception never retrieved)` : exception.message;
  return {
    exceptionId: exception.fullTypeName,
    description,
    breakMode: exception.filter === 'uncaught' || exception.filter === 'taskNeverRetrieved' ? 'unhandled' : 'always',
    details: {
      message: exception.message,
      typeName: exception.typeName,
      fullTypeName: exception.fullTypeName,
      stackTrace: exception.traceback,
    },
  };
}
