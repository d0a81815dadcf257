import { describe, expect, it } from 'vitest';
import { SeqGate } from './seq-gate';

describe('SeqGate', () => {
  it('drops a message it has already applied and anything older', () => {
    const g = new SeqGate();
    expect(g.accept('score.changed', 5)).toBe(true);
    expect(g.accept('score.changed', 5)).toBe(false);
    expect(g.accept('alert.raised', 4)).toBe(false);
    expect(g.accept('alert.raised', 6)).toBe(true);
    expect(g.lastSeq).toBe(6);
  });

  it('lets a leaderboard with the seq of the changes it summarises through', () => {
    const g = new SeqGate();
    g.accept('score.changed', 9);
    expect(g.accept('leaderboard', 9)).toBe(true);
    expect(g.accept('leaderboard', 8)).toBe(false);
  });

  it('a snapshot always applies and resets the mark', () => {
    const g = new SeqGate();
    g.accept('score.changed', 50);
    expect(g.accept('snapshot', 40)).toBe(true);
    expect(g.lastSeq).toBe(40);
    expect(g.accept('score.changed', 41)).toBe(true);
  });
});
