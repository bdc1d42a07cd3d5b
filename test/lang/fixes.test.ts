// Quick fixes: applying the fix a diagnostic offers to a one-mistake copy of the reference model
// gives back a clean model.
import { describe, expect, it } from 'vitest';
import { applyFix, check, edit, rupture } from './helpers.js';

describe('quick fixes repair the mistake they are offered for', () => {
  const cases: [string, string, string, string][] = [
    // [what, from, to, the fix's title]
    ['a first layer with the wrong rows', 'W0 : [8, 12]', 'W0 : [9, 12]', 'Declare W0 as [8, 12]'],
    ['a misspelt parameter', 'x @ W0 + b0', 'x @ W0 + bo', "Change to 'b0'"],
    ['a misspelt prior', 'W0 : [8, 12] ~ Normal', 'W0 : [8, 12] ~ Normall', "Change to 'Normal'"],
    ['a misspelt activation', 'relu(', 'rleu(', "Change to 'relu'"],
    ['a misspelt target kind', 'label : binary', 'label : binray', "Change to 'binary'"],
    ['a misspelt guide', 'guide meanfield', 'guide meanfeild', "Change to 'meanfield'"],
    ['a misspelt importance method', 'permutation by', 'permutaton by', "Change to 'permutation'"],
    ['a misspelt setting', 'steps 5000', 'stesp 5000', "Replace with 'steps'"],
    ['a misspelt query', '  confusion', '  confuson', "Replace with 'confusion'"],
    ['a misspelt block', 'parameters {', 'parametres {', "Replace with 'parameters'"],
    ['a reversed range', 'height .. dc', 'dc .. height', 'Swap the ends of the range'],
    ['a missing closing brace', '  b1 : [1] ~ Normal(0, 1)\n}', '  b1 : [1] ~ Normal(0, 1)\n', "Insert '}'"],
  ];
  for (const [what, from, to, title] of cases) {
    it(what, () => {
      const broken = edit(rupture, from, to);
      const doc = check(broken);
      expect(doc.diagnostics).toHaveLength(1);
      const fix = doc.diagnostics[0].fixes[0];
      expect(fix?.title).toBe(title);
      const fixed = check(applyFix(broken, fix.edits));
      expect(fixed.diagnostics).toEqual([]);
    });
  }
});
