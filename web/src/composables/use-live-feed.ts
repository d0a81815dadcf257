import { onBeforeUnmount } from 'vue';
import { LiveFeed, type LiveHandlers, type SocketFactory } from '../realtime/live-feed';

/** Subscribes for the life of the component and unsubscribes itself: walls run for days. */
export function useLiveFeed(token: string, handlers: LiveHandlers, factory?: SocketFactory): LiveFeed {
  const feed = new LiveFeed(token, handlers, factory);
  onBeforeUnmount(() => feed.close());
  return feed;
}
