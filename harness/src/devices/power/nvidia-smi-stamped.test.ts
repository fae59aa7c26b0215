import { describe, expect, it } from 'vitest';
import { parseStampedNvidiaSmi, stampedNvidiaSmiCommand } from './nvidia-smi-stamped.js';

describe('nvidia-smi power.draw, stamped on the board', () => {
  it('watts per stamped line; the source says it is the discrete GPU only', () => {
    const parsed = parseStampedNvidiaSmi('1764939600000 21.37\n1764939600100 23.05\ngarbage\n', 0);
    expect(parsed).toEqual({
      source: "nvidia-smi power.draw GPU 0 (the discrete GPU's board only, not the whole board)",
      samples: [{ tMs: 1764939600000, watts: 21.37 }, { tMs: 1764939600100, watts: 23.05 }],
    });
  });

  it('[N/A] is not measured, never 0 W, and says what nvidia-smi answered', () => {
    expect(parseStampedNvidiaSmi('1764939600000 [N/A]\n1764939600100 [N/A]\n', 1)).toEqual({ source: null, samples: [], answered: '[N/A]' });
    expect(parseStampedNvidiaSmi('', 0)).toEqual({ source: null, samples: [] });
  });

  it('one GPU by index, nvidia-smi repeating itself, each line stamped on arrival', () => {
    expect(stampedNvidiaSmiCommand(100, 1)).toBe(`nvidia-smi --query-gpu=power.draw --format=csv,noheader,nounits -i 1 -lms 100 | while IFS= read -r w; do printf '%s %s\\n' "$(date +%s%3N)" "$w"; done`);
  });
});
