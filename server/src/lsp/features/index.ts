// The LSP features the server offers beyond publishing diagnostics, one module each.
import type { ServerFeature } from '../languageServer';

export const LANGUAGE_FEATURES: readonly ServerFeature[] = [];
