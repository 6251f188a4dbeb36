// Exception filters offered in the Breakpoints view and the exceptionInfo of an exception stop.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isExceptionFilterId, type DebugStop, type ExceptionFilterId } from '../../protocol/runtimeDebug';

/** Each filter the runtime knows, as the Breakpoints view offers it (the compiler wants one entry per id). */
const OFFERED: Record<ExceptionFilterId, Omit<DebugProtocol.ExceptionBreakpointsFilter, 'filter'>> = {
  uncaught: {
    label: 'Uncaught Exceptions',
    description: 'Stop when an exception is about to end the program.',
    default: true,
  },
  raised: {
    label: 'Raised Exceptions',
    description: 'Stop where any exception (except CancelledError) is raised in your code.',
    default: false,
  },
  taskNeverRetrieved: {
    label: 'Task Exception Never Retrieved',
    description: 'Stop when a task failed and nothing ever awaited it or asked for its result.',
    default: true,
  },
  cancellation: {
    label: 'Task Cancellation',
    description: 'Stop where CancelledError arrives in your code (a task being cancelled).',
    default: false,
  },
};

export const EXCEPTION_BREAKPOINT_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = Object.entries(OFFERED).map(
  ([filter, offered]) => ({ filter, ...offered }),
);

/** The filters on until the client says otherwise. */
export function defaultFilters(): ExceptionFilterId[] {
  return Object.keys(OFFERED)
    .filter(isExceptionFilterId)
    .filter((filter) => OFFERED[filter].default);
}

export function parseFilters(args: DebugProtocol.SetExceptionBreakpointsArguments): ExceptionFilterId[] {
  const chosen = [...(args.filters ?? []), ...(args.filterOptions ?? []).map((option) => option.filterId)];
  return [...new Set(chosen.filter(isExceptionFilterId))];
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
