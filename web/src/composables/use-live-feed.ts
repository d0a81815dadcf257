import { onBeforeUnmount } from 'vue';
import { LiveFeed, type LiveHandlers } from '../realtime/live-feed';

/** Subscribes for the life of the component and unsubscribes itself: walls run for days. */
export function useLiveFeed(token: string, handlers: LiveHandlers): LiveFeed {
  const feed = new LiveFeed(token, handlers);
  onBeforeUnmount(() => feed.close());
  return feed;
}
