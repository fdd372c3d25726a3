import { gemSandbox } from '../connectors/gem/sandbox/gem-sandbox.js';
import { ashbySandbox } from '../connectors/ashby/sandbox/ashby-sandbox.js';
import { jazzhrSandbox } from '../connectors/jazzhr/sandbox/jazzhr-sandbox.js';
import type { SandboxDefinition } from './sandbox.js';

/** Every partner sandbox, for `ats-sync sandbox <provider>`, the demo and the benchmarks. */
export const SANDBOXES: readonly SandboxDefinition[] = [gemSandbox, ashbySandbox, jazzhrSandbox];

export function findSandbox(provider: string): SandboxDefinition | undefined {
  return SANDBOXES.find((s) => s.provider === provider);
}
