// The file path behind a document URI, read defensively: a client may send any string as a URI, and
// a `file:` URI may have no path on this machine (a host, a broken percent-encoding, a NUL).
import { fileURLToPath } from 'node:url';

/**
 * The local path of a `file:` URI; undefined for other schemes (`untitled:`, notebook cells) and for
 * `file:` URIs that name no usable path here. Such documents are linted as text alone.
 */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    return file.includes('\0') ? undefined : file;
  } catch {
    return undefined;
  }
}

/** Why a `file:` URI gives no path (undefined when it gives one, or is not a `file:` URI). */
export function unusableFileUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).includes('\0') ? 'its path contains a NUL character' : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
