// A count with its noun in the right number, as the views print them: "1 task", "3 tasks", "1,204 steps".

export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`;
}
