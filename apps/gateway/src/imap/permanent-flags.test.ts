import { describe, expect, it } from 'vitest';
import { unkeptFlags } from './permanent-flags.ts';

describe('unkeptFlags', () => {
  it('keeps everything where the server lets new keywords be made, or says nothing', () => {
    expect(unkeptFlags(['$label1', '\\Seen'], new Set(['\\Seen', '\\*']))).toEqual([]);
    expect(unkeptFlags(['$label1'], undefined)).toEqual([]);
  });

  it('names the flags a folder without \\* does not list', () => {
    const permanent = new Set(['\\Seen', '\\Flagged', '$label2']);
    expect(unkeptFlags(['\\Seen', '$label1', '$label2', 'Custom'], permanent)).toEqual([
      '$label1',
      'Custom',
    ]);
    expect(unkeptFlags(['\\Seen'], new Set())).toEqual(['\\Seen']);
  });
});
