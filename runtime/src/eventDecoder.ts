// Turns the worker's encoded event batches back into typed RuntimeEvents (on the session's thread).
import { IO_WAIT_OPERATIONS, type AwaitTarget, type RuntimeEvent, type SourceLocation } from '../../protocol/runtimeEvents';
import { AWAIT_KINDS, FINISHED_STATES, JOURNAL, OBJECT_RECORD } from './eventRecords';
import type { EventBatch } from './workerMessages';

/** `strings` is the run's string table: each batch appends the strings it introduces. */
export function decodeEvents(batch: EventBatch, strings: string[]): RuntimeEvent[] {
  const { records, objects } = batch;
  for (const text of batch.strings) strings.push(text);
  const events: RuntimeEvent[] = [];
  const text = (index: number): string | null => (index < 0 ? null : (strings[index] ?? null));
  const site = (file: number, line: number): SourceLocation | null => (file < 0 ? null : { path: strings[file] ?? '?', line });
  let at = 0;
  while (at < records.length) {
    const op = records[at]!;
    const time = records[at + 1]!;
    switch (op) {
      case JOURNAL.taskCreated:
        events.push({
          type: 'taskCreated',
          time,
          taskId: records[at + 2]!,
          parentId: records[at + 3]! < 0 ? null : records[at + 3]!,
          name: text(records[at + 4]!) ?? '?',
          coroutine: text(records[at + 5]!) ?? '?',
          site: site(records[at + 6]!, records[at + 7]!),
        });
        at += 8;
        break;
      case JOURNAL.stepStarted:
        events.push({ type: 'stepStarted', time, taskId: records[at + 2]! });
        at += 3;
        break;
      case JOURNAL.stepEnded:
        events.push({
          type: 'stepEnded',
          time,
          taskId: records[at + 2]!,
          awaiting: awaitTarget(records[at + 3]!, records[at + 4]!, text(records[at + 5]!)),
          line: site(records[at + 6]!, records[at + 7]!),
        });
        at += 8;
        break;
      case JOURNAL.taskFinished:
        events.push({
          type: 'taskFinished',
          time,
          taskId: records[at + 2]!,
          state: FINISHED_STATES[records[at + 3]!] ?? 'done',
          error: text(records[at + 4]!),
        });
        at += 5;
        break;
      case OBJECT_RECORD:
        events.push(objects[records[at + 2]!]!);
        at += 3;
        break;
      default:
        throw new Error(`runtime event stream: unknown record ${op} at ${at}`);
    }
  }
  return events;
}

function awaitTarget(kindCode: number, value: number, text: string | null): AwaitTarget | null {
  const kind = AWAIT_KINDS[kindCode] ?? 'future';
  switch (kind) {
    case 'none':
      return null;
    case 'sleep':
      return { kind, until: value };
    case 'task':
      return { kind, taskId: value };
    case 'executor':
      return { kind, jobId: value };
    case 'queue':
    case 'lock':
    case 'event':
    case 'semaphore':
    case 'condition':
    case 'barrier': {
      const [operation, description] = (text ?? '\t').split('\t', 2);
      return { kind, operation: operation ?? '', description: description ?? '' };
    }
    case 'io':
      return { kind, operation: IO_WAIT_OPERATIONS[value] ?? 'read', description: text ?? '' };
    default:
      return { kind, description: text ?? '' };
  }
}
