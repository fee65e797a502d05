import type { EventContract } from '../../events.js';
import { conversationRead, messageSent } from './events.js';
import { createPost, feed } from './feed.js';
import { follow, listFollows, unfollow } from './follows.js';
import { getConversation, listConversations, listMessages, markRead, messagesSince, sendMessage } from './messaging.js';
import { getSettings, updateSettings } from './settings.js';

/**
 * Social (seed 003, "Réseau social"): direct conversations with unread counts,
 * a feed of posts and activity cards, follows, and a realtime WebSocket at the
 * gateway. The seed's three routes keep their paths and bodies
 * (`getConversations()`, `sendMessage(conversationId, message)`, `getFeed()`);
 * everything else is added.
 */

export { typedText, clubSlug, chatMessage } from './shared.js';
export * from './messaging.js';
export * from './feed.js';
export * from './follows.js';
export * from './settings.js';
export * from './events.js';
export * from './realtime.js';

export const socialOperations = [
  listConversations,
  getConversation,
  sendMessage,
  listMessages,
  markRead,
  messagesSince,
  feed,
  createPost,
  follow,
  unfollow,
  listFollows,
  getSettings,
  updateSettings,
] as const;

export const socialEvents: readonly EventContract[] = [messageSent, conversationRead];
