// How a task's await target reads in task trees, tooltips and timelines ("sleep until t=1.5", "get() on Queue…",
// "reading 127.0.0.1:8080": I/O waits come described by the runtime).
import type { AwaitTarget } from '../../protocol/runtimeEvents';

/** `nameOfTask` describes another task by id (name and coroutine), or undefined when it is unknown. */
export function describeAwaitTarget(target: AwaitTarget, nameOfTask: (taskId: number) => string | undefined): string {
  switch (target.kind) {
    case 'sleep':
      return `sleep until t=${Number(target.until.toFixed(6))}`;
    case 'task':
      return nameOfTask(target.taskId) ?? `task #${target.taskId}`;
    case 'executor':
      return `executor job #${target.jobId}`;
    case 'queue':
    case 'lock':
    case 'event':
    case 'semaphore':
    case 'condition':
    case 'barrier':
      return `${target.operation}() on ${target.description}`;
    default:
      return target.description;
  }
}
