// How CPython's WebAssembly is compiled, and the one reading of LOOPSCOPE_WASM_TIER, the environment variable that
// overrides an entry point's choice (`loopscope run` defaults to 'balanced', the debug adapter to 'startup'). Only
// entry points call wasmTierFromEnvironment; the runtime itself takes the tier it is given ('balanced' if none).

/**
 * How CPython's WebAssembly is compiled (V8 flags are process-wide, so 'throughput' applies to the process):
 * - 'startup': baseline code first; hot functions are optimized in the background while the program runs.
 * - 'balanced' (default): the same, but right after loading it makes CPython's hot functions hot and starts
 *   the program once the eval loop is optimized (typically 0.04-0.1 s later, at most 0.15 s; no wait when
 *   an earlier session of this process already has it): code that runs in one long frame (top-level code,
 *   a long task step) would otherwise stay on baseline code for as long as that frame runs.
 * - 'throughput': optimize every function up front (about +0.5 s start-up on every run).
 * Figures: bench/runtime/runtimeBench.ts --tiers startup,balanced,throughput.
 */
const WASM_TIERS = ['startup', 'balanced', 'throughput'] as const;
export type WasmTier = (typeof WASM_TIERS)[number];

export const WASM_TIER_VARIABLE = 'LOOPSCOPE_WASM_TIER';

/** The tier LOOPSCOPE_WASM_TIER names, else the entry point's own default. */
export function wasmTierFromEnvironment(fallback: WasmTier): WasmTier {
  const chosen = process.env[WASM_TIER_VARIABLE];
  return WASM_TIERS.find((tier) => tier === chosen) ?? fallback;
}
