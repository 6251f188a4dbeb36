// What the adapter tells the client it can do (the initialize response), and how it runs the runtime.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { wasmTierFromEnvironment, type BootOptions, type WasmTier } from '../../runtime/src/index';

/**
 * V8 tier for CPython's WebAssembly in debug runs. 'startup' (baseline compiler first, optimizing hot code as it
 * runs): launch-to-first-breakpoint and every step-back re-run start a fresh worker, and the programs people
 * step through are short, so start-up latency matters more than peak speed. bench/debug measures both;
 * LOOPSCOPE_WASM_TIER picks another tier.
 */
const WASM_TIER: WasmTier = wasmTierFromEnvironment('startup');

/**
 * How the adapter's runs load Python: a worker booted ahead (on `initialize`, the extension's spare) must match it.
 * An installed extension may not be able to write next to its bundle: it passes a storage folder for snapshots. The
 * caches are placed by this process's environment (the adapter's, or the extension host's when inline).
 */
export function runtimeBootOptions(snapshotDir: string | undefined): BootOptions {
  return { wasmTier: WASM_TIER, ...(snapshotDir ? { snapshotDir } : {}), cacheEnv: process.env };
}

export function adapterCapabilities(filters: DebugProtocol.ExceptionBreakpointsFilter[]): DebugProtocol.Capabilities {
  return {
    supportsConfigurationDoneRequest: true,
    supportsFunctionBreakpoints: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsLogPoints: true,
    supportsBreakpointLocationsRequest: true,
    exceptionBreakpointFilters: filters,
    supportsExceptionInfoRequest: true,
    supportsEvaluateForHovers: true,
    supportsCompletionsRequest: true,
    completionTriggerCharacters: ['.'],
    supportsSetVariable: true,
    supportsStepBack: true,
    supportsRestartRequest: true,
    supportsTerminateRequest: true,
    supportsTerminateThreadsRequest: true,
    supportsDelayedStackTraceLoading: true,
    supportsValueFormattingOptions: false,
    supportsSingleThreadExecutionRequests: false,
  };
}
