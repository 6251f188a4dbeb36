// Reading a settings file's text where its absence or unreadability only means the setting comes from elsewhere
// (setup.py's python_requires, pytest's python_functions): no warning, unlike a Loopscope configuration file.
import { existsSync, readFileSync } from 'node:fs';

/** The text of a settings file, or undefined where there is none or it cannot be read. */
export function settingsFileText(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
