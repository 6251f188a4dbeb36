// The folders a site-packages' .pth files add to sys.path (editable installs, namespace tricks), read on the
// host so the worker can mount them: Python then processes the same files with site.addsitedir.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDirectory } from './virtualEnvironment';

/** Existing folders named by the .pth files of `sitePackages` (path lines, and setuptools' editable finders). */
export function pthFolders(sitePackages: string): string[] {
  let names: string[];
  try {
    names = readdirSync(sitePackages).filter((name) => name.endsWith('.pth'));
  } catch {
    return [];
  }
  const folders: string[] = [];
  for (const name of names.sort()) {
    let text: string;
    try {
      text = readFileSync(path.join(sitePackages, name), 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trimEnd();
      if (!line || line.startsWith('#')) continue;
      if (/^import[ \t]/.test(line)) {
        // `import __editable___pkg_1_0_finder; …install()`: the finder maps packages to source folders.
        const finder = /^import (__editable___[\w.]+_finder)\b/.exec(line)?.[1];
        if (finder) folders.push(...editableFinderFolders(path.join(sitePackages, `${finder}.py`)));
        continue;
      }
      folders.push(path.resolve(sitePackages, line));
    }
  }
  return [...new Set(folders)].filter(isDirectory);
}

/** The absolute paths in a setuptools editable finder's MAPPING = {'pkg': '/src/pkg', …}. */
function editableFinderFolders(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const mapping = /^MAPPING\s*(?::[^=\n]*)?=\s*(\{[^}]*\})/m.exec(text)?.[1] ?? '';
  const folders: string[] = [];
  for (const match of mapping.matchAll(/:\s*(['"])(.*?)\1/g)) {
    const target = match[2]!;
    // A package maps to its folder, a single-module distribution to its .py file.
    if (path.isAbsolute(target)) folders.push(target.endsWith('.py') ? path.dirname(target) : target);
  }
  return folders;
}
