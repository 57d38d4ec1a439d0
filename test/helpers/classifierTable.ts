/** A table of named classifier cases: each gives the labels a reviewer accepts and, where stated, the temperature. */
import { classify } from '../../src/core/classifier/index.js';
import type { AnswerLabel, PromptKind } from '../../src/core/classifier/index.js';

export type Case = [name: string, text: string, accepted: AnswerLabel[], temperature?: number | null];

export function table(title: string, cases: Case[], prompt: PromptKind = 'fever'): void {
  describe(title, () => {
    // Fixed-length rows: jest passes a done callback after the row's own values.
    const rows = cases.map(([name, text, accepted, ...t]) => [name, text, accepted, t.length > 0 ? t[0]! : 'unchecked'] as const);
    test.each(rows)('%s: %s', (_name, text, accepted, temperature) => {
      const c = classify({ text, prompt });
      expect(accepted).toContain(c.label);
      if (temperature !== 'unchecked') expect(c.temperatureC).toBe(temperature);
    });
  });
}
