import { describe, expect, it } from 'vitest';
import { fitCanvas, maskName } from './wall-layout';

describe('wall layout', () => {
  it('fills a 4K screen exactly', () => {
    expect(fitCanvas(3840, 2160)).toEqual({ scale: 2, left: 0, top: 0 });
  });
  it('letterboxes a 32:9 wall, centred', () => {
    const f = fitCanvas(5120, 1440);
    expect(f.scale).toBeCloseTo(4 / 3);
    expect(f.left).toBeCloseTo((5120 - 1920 * (4 / 3)) / 2);
    expect(f.top).toBe(0);
  });
  it('masks names in privacy mode only', () => {
    expect(maskName('张伟', '100001', false)).toBe('张伟');
    expect(maskName('欧阳娜娜', '100001', true)).toBe('欧＊＊＊');
    expect(maskName('', '100001', true)).toBe('100001');
  });
});
