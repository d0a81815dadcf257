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
    sock.serverSends('score.changed', { seq: 1, changes: [] });
    expect(scoreChanged).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    expect(sock.listenerCount).toBe(0);
    expect(sock.disconnected).toBe(true);
    sock.serverSends('score.changed', { seq: 2, changes: [] });
    expect(scoreChanged).toHaveBeenCalledTimes(1);
  });
});
