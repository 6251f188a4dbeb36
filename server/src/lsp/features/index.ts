// The LSP features the server offers beyond publishing diagnostics, one module each.
import type { ServerFeature } from '../languageServer';
import { CodeActionsFeature } from './codeActions';
import { ApiHovers } from './hover';
import { PullDiagnostics } from './pullDiagnostics';
import { workspaceAnalysis } from './workspaceAnalysis';

export const LANGUAGE_FEATURES: readonly ServerFeature[] = [
  workspaceAnalysis(),
  new ApiHovers(),
  new PullDiagnostics(),
  new CodeActionsFeature(),
];
