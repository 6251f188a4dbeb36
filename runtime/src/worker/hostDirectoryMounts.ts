// Mounts host folders into Pyodide's file system at their real paths: the host's own folders and the
// program's writable (it sees the files, temporary folders and socket paths it would see under python3, and
// shares them with the processes it starts), its environment's site-packages read-only (Python can read and
// import them, nothing can change them).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PyodideInterface } from 'pyodide';
import type { WorkerStartData } from '../workerMessages';

interface HostDirectory {
  path: string;
  /** 'writable': the program's folders; 'readOnly': site-packages; 'readOnlyUnlessInWritable': .pth folders,
   * which are often the user's own project (an editable install) and then stay as writable as it is. */
  access: 'writable' | 'readOnly' | 'readOnlyUnlessInWritable';
}

/** The folders a run needs: the host's top-level folders, the program's folder, the working directory and
 * PYTHONPATH (writable, as under python3), the bytecode cache, and the environment's site-packages and .pth
 * folders (read-only). */
export function programHostDirectories(data: WorkerStartData): HostDirectory[] {
  const environment = data.environment;
  return [
    ...hostRootFolders().map((entry) => ({ path: entry, access: 'writable' as const })),
    ...[path.dirname(data.program), data.cwd, ...environment.pythonPath].map((entry) => ({ path: entry, access: 'writable' as const })),
    ...(environment.bytecodeCache ? [{ path: environment.bytecodeCache, access: 'writable' as const }] : []),
    ...environment.sitePackages.map((entry) => ({ path: entry, access: 'readOnly' as const })),
    ...environment.pthFolders.map((entry) => ({ path: entry, access: 'readOnlyUnlessInWritable' as const })),
  ];
}

/**
 * Top-level folders of the host that stay Pyodide's own: its standard library lives in /lib, and /dev and
 * /proc are its devices; /sys and /boot are of no use to a program.
 */
const RESERVED_ROOTS = new Set(['lib', 'lib32', 'lib64', 'libx32', 'dev', 'proc', 'sys', 'boot']);

function hostRootFolders(): string[] {
  try {
    return readdirSync('/')
      .filter((name) => !RESERVED_ROOTS.has(name) && isDirectory(`/${name}`))
      .map((name) => `/${name}`);
  } catch {
    // No readable root (an unusual sandbox): the program's own folders are still mounted.
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The parts of Emscripten's FS used here (Pyodide types it loosely). */
interface EmscriptenNode {
  node_ops: NodeOperations;
  stream_ops: StreamOperations;
}
type NodeOperations = Record<string, (...args: never[]) => unknown> & {
  lookup(parent: EmscriptenNode, name: string): EmscriptenNode;
};
type StreamOperations = Record<string, (...args: never[]) => unknown> & { open(stream: { flags: number; node: EmscriptenNode }): void };
interface FileSystemType {
  mount(mount: unknown): EmscriptenNode;
  createNode(parent: EmscriptenNode | null, name: string, mode: number, dev?: number): EmscriptenNode;
  node_ops: NodeOperations;
  stream_ops: StreamOperations;
}
interface EmscriptenFs {
  filesystems: { NODEFS: FileSystemType };
  mkdirTree(path: string): void;
  createNode(parent: EmscriptenNode | null, name: string, mode: number, rdev?: number): EmscriptenNode;
  mount(type: FileSystemType, options: { root: string }, mountpoint: string): void;
  ErrnoError: new (errno: number) => Error;
}

/** Pyodide's own folders, which a host folder must not hide. */
function reserved(directory: string): boolean {
  return directory === '/' || directory === '/lib' || directory.startsWith('/lib/') || directory === '/dev' || directory === '/proc';
}

export function mountHostDirectories(pyodide: PyodideInterface, directories: readonly HostDirectory[]): void {
  const fs = pyodide.FS as unknown as EmscriptenFs;
  seeSocketsAndPipes(fs);
  const readOnlyFs = readOnlyNodeFs(fs, pyodide.ERRNO_CODES.EROFS ?? 69);
  const mounted: { path: string; writable: boolean }[] = [];
  const inside = (directory: string, parent: string): boolean => directory === parent || directory.startsWith(parent + path.sep);
  // Parents first: a folder mounted inside another mount keeps its own access (a venv inside the project).
  const ordered = [...directories]
    .map((entry) => ({ ...entry, path: path.resolve(entry.path) }))
    .sort((a, b) => a.path.length - b.path.length);
  for (const directory of ordered) {
    if (reserved(directory.path)) continue;
    const enclosing = mounted.filter((entry) => inside(directory.path, entry.path)).at(-1);
    const writable = directory.access === 'writable' || (directory.access === 'readOnlyUnlessInWritable' && enclosing?.writable === true);
    if (enclosing && enclosing.writable === writable) continue;
    try {
      fs.mkdirTree(directory.path);
      fs.mount(writable ? fs.filesystems.NODEFS : readOnlyFs, { root: directory.path }, directory.path);
      mounted.push({ path: directory.path, writable });
    } catch {
      // A folder Pyodide already uses for itself, or one that cannot be mounted: the program sees Pyodide's.
    }
  }
}

const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;
const S_IFIFO = 0o010000;

/**
 * NODEFS shows only files, folders and links: a Unix socket's file (or a named pipe) made by the program, or by a
 * server it talks to, was invisible (os.path.exists() False) and could not be removed (EINVAL), as CPython's own
 * test support does with the socket it binds. They become nodes with their real type: stat() and
 * stat.S_ISSOCK() see them, unlink() removes them, and opening one fails as on the host.
 */
function seeSocketsAndPipes(fs: EmscriptenFs): void {
  const nodefs = fs.filesystems.NODEFS;
  const createNode = nodefs.createNode.bind(nodefs);
  nodefs.createNode = (parent, name, mode, dev) => {
    const type = mode & S_IFMT;
    if (type !== S_IFSOCK && type !== S_IFIFO) return createNode(parent, name, mode, dev);
    const node = fs.createNode(parent, name, mode);
    node.node_ops = nodefs.node_ops;
    node.stream_ops = nodefs.stream_ops;
    return node;
  };
}

/**
 * NODEFS with every change refused (EROFS): mounting, looking up and reading go through NODEFS; the nodes it
 * creates get operations that refuse writes, renames, removals and new files.
 */
function readOnlyNodeFs(fs: EmscriptenFs, erofs: number): FileSystemType {
  const nodefs = fs.filesystems.NODEFS;
  const refuse = (): never => {
    throw new fs.ErrnoError(erofs);
  };
  const WRITE_ACCESS = 3; // O_WRONLY | O_RDWR
  const O_TRUNC = 512;
  const streamOperations: StreamOperations = {
    ...nodefs.stream_ops,
    open(stream) {
      if ((stream.flags & WRITE_ACCESS) !== 0 || (stream.flags & O_TRUNC) !== 0) refuse();
      nodefs.stream_ops.open(stream);
    },
    write: refuse,
    setattr: refuse,
  };
  const adopt = (node: EmscriptenNode): EmscriptenNode => {
    node.node_ops = nodeOperations;
    node.stream_ops = streamOperations;
    return node;
  };
  const nodeOperations: NodeOperations = {
    ...nodefs.node_ops,
    lookup: (parent, name) => adopt(nodefs.node_ops.lookup(parent, name)),
    setattr: refuse,
    mknod: refuse,
    rename: refuse,
    unlink: refuse,
    rmdir: refuse,
    symlink: refuse,
  };
  return { ...nodefs, mount: (mount) => adopt(nodefs.mount(mount)), node_ops: nodeOperations, stream_ops: streamOperations };
}
