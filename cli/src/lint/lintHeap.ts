// How V8 sizes its heap during a lint run. Left to itself, V8 grows the young generation to 16 MB per
// semi-space for a program that allocates as fast as a lint does (syntax nodes, models and findings,
// most of them dead once their file is done), and lets the old generation reach up to four times what
// survived the last full collection before collecting again. A lint gains nothing from either: what
// outlives a file (the project index, the results) is small and grows slowly. Measured on 2 cores,
// `loopscope lint --no-cache`, three runs each (CPU s; peak MB):
//   CPython asyncio + test_asyncio (69 files)   V8's sizing 1.95–2.05 s, 127–131 MB;  these 1.81–1.85 s, 91–94 MB
//   the real-world corpus (926 files)           V8's sizing 7.0–7.6 s, 232–355 MB;    these 7.4–7.6 s, 158–177 MB
// The sizes V8 takes from its command line (`--max-semi-space-size`, `--max-old-space-size`) count only
// at start-up, and `loopscope` cannot give its own `node` flags portably (`env -S` in the shebang is
// not in every `env`); the two factors below are read at each growth decision, so setting them now
// holds for the rest of the run, in this thread and in the lint workers it starts.
import v8 from 'node:v8';

export function sizeHeapForLint(): void {
  // The young generation stays at the size it starts with (1 MB per semi-space) ...
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  // ... and the old one may grow to 2.5 times what the last full collection kept.
  v8.setFlagsFromString('--heap-growing-percent=150');
}
