// A process environment (process.env, read by an entry point) as the variables a program is given: names with a value.
export function environmentVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
