// Which async library a file is written for: asyncio, or trio / anyio (imported, with no asyncio
// import). Advice and fixes that name asyncio (`asyncio.to_thread`, `asyncio.CancelledError`) are
// wrong, and break the code, in a trio or anyio file: rules ask here what to say instead.
import { MODULE_IMPORTS, type SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';

export type AsyncLibrary = 'asyncio' | 'trio' | 'anyio';

const libraries = new WeakMap<SemanticModel, AsyncLibrary>();

/** The file's async library: trio or anyio when it imports one of them and not asyncio; asyncio otherwise. */
export function asyncLibraryOf({ model }: RuleContext): AsyncLibrary {
  // The answer depends on every import of the module, wherever the check runs.
  model.recordDependency(MODULE_IMPORTS);
  let library = libraries.get(model);
  if (library === undefined) {
    library = model.importsModule('asyncio')
      ? 'asyncio'
      : model.importsModule('trio')
        ? 'trio'
        : model.importsModule('anyio')
          ? 'anyio'
          : 'asyncio';
    libraries.set(model, library);
  }
  return library;
}

/**
 * Whether the file's coroutines may be Twisted's: it imports twisted and none of asyncio, trio or anyio (the way
 * LOOP201 tells code running on Twisted's reactor). Twisted drives a coroutine handed to `ensureDeferred(...)` or
 * `Deferred.fromCoroutine(...)`, maybe in another module, and there what it awaits must be a Deferred: awaiting the
 * asyncio future of `asyncio.to_thread(...)` fails ("await wasn't used with future"). asyncio may drive them all the
 * same (under Twisted's asyncio reactor, or in a test using Twisted only for a server): which one does is not known.
 */
export function mayRunOnTwisted(context: RuleContext): boolean {
  return asyncLibraryOf(context) === 'asyncio' && !context.model.importsModule('asyncio') && context.model.importsModule('twisted');
}

/** How to run a blocking call in a worker thread with the library, as code. */
export function threadOffload(library: AsyncLibrary): string {
  return library === 'asyncio' ? 'await asyncio.to_thread(...)' : `await ${library}.to_thread.run_sync(...)`;
}

/** The library's cancellation exception, for messages. */
export function cancellationException(library: AsyncLibrary): string {
  return library === 'asyncio' ? '`asyncio.CancelledError`' : library === 'trio' ? '`trio.Cancelled`' : "anyio's cancellation exception";
}
