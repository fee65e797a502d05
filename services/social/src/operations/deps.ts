import type { UserReadModel } from '@platform/service-kit';
import type { ConversationReads } from '../store/conversation-reads.js';
import type { FeedStore } from '../store/feed.js';
import type { MessagingStore } from '../store/messaging.js';
import type { SocialGraph } from '../store/social-graph.js';

/** What the operation handlers work with; built once in app.ts. */
export interface SocialDeps {
  messaging: MessagingStore;
  reads: ConversationReads;
  feed: FeedStore;
  graph: SocialGraph;
  directory: UserReadModel;
}
