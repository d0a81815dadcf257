import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { FakeSocket } from '../realtime/fake-socket';
import type { LiveHandlers } from '../realtime/live-feed';
import { useLiveFeed } from './use-live-feed';

describe('useLiveFeed', () => {
  it('subscribes for the life of the component and unsubscribes itself on unmount', () => {
    const sock = new FakeSocket();
    const scoreChanged = vi.fn();
    const handlers: LiveHandlers = {
      snapshot: vi.fn(),
      scoreChanged,
      leaderboard: vi.fn(),
      alert: vi.fn(),
      state: vi.fn(),
    };
    const Wall = defineComponent({
      setup() {
        useLiveFeed('jfd_t', handlers, sock.factory());
        return () => h('div');
      },
    });
    const wrapper = mount(Wall);
    // A message with a change in it: one whose changes were all applied already is not passed on.
    const change = (seq: number) => ({ seq, changes: [{ badgeNo: '100001', delta: 10, seq }] });
    sock.serverSends('score.changed', change(1));
    expect(scoreChanged).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    expect(sock.listenerCount).toBe(0);
    expect(sock.disconnected).toBe(true);
    sock.serverSends('score.changed', change(2));
    expect(scoreChanged).toHaveBeenCalledTimes(1);
  });
});
