import { appendFileSync } from 'node:fs';

/**
 * Figures a chaos run measured, one JSON line per result, for scripts/chaos-report.mjs to put into
 * docs/reliability.md. Written only when CHAOS_FIGURES names the file (the chaos suite sets it).
 */
export function recordFigure(suite: string, figure: Record<string, unknown>): void {
  const file = process.env.CHAOS_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ suite, at: new Date().toISOString(), ...figure })}\n`);
}
