// Ending a child's process group: the I/O worker does it at the end of the run, and the session does it again for
// whatever the worker could not (a run that was killed, or a worker that no longer answers).

/** SIGKILL to a process group (and to its leader, in case it left the group); gone already is fine. */
export function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // No such process (group): it ended.
    }
  }
}
