import { type RawInputOf, social } from '@platform/contracts';
import type { ApiBaseClass, WriteOptions } from '../api-base.js';
import { RealtimeConnection, type RealtimeOptions } from '../realtime.js';

type Page = Pick<RawInputOf<typeof social.listConversations>, 'limit' | 'cursor'>;
/** `clientMessageId`: your own id for the message (shown back in the realtime frame); the same one again returns the first message. */
type MessageOptions = WriteOptions & { clientMessageId?: string };

/** Social (seed 003: getConversations, sendMessage, getFeed) and the realtime WebSocket. */
export function withSocial<Base extends ApiBaseClass>(Base: Base) {
  return class SocialMethods extends Base {
    getConversations(page: Page = {}) {
      return this.call(social.listConversations, page);
    }

    getConversation(id: string) {
      return this.call(social.getConversation, { id });
    }

    sendMessage(conversationId: string, message: string, options: MessageOptions = {}) {
      const { clientMessageId, ...callOptions } = options;
      return this.call(social.sendMessage, { conversationId, message, clientMessageId }, callOptions);
    }

    /** The first message to a user starts your direct conversation with them (`conversationCreated: true`). */
    sendMessageToUser(recipientId: string, message: string, options: MessageOptions = {}) {
      const { clientMessageId, ...callOptions } = options;
      return this.call(social.sendMessage, { recipientId, message, clientMessageId }, callOptions);
    }

    /** Newest first; marks what it returns as read unless `markRead: 'false'`. */
    getMessages(conversationId: string, options: Omit<RawInputOf<typeof social.listMessages>, 'id'> = {}) {
      return this.call(social.listMessages, { id: conversationId, ...options });
    }

    markConversationRead(conversationId: string, upToMessageId?: string) {
      return this.call(social.markRead, { id: conversationId, upToMessageId });
    }

    getFeed(page: Page = {}) {
      return this.call(social.feed, page);
    }

    createPost(text: string, options: WriteOptions & { clubId?: string } = {}) {
      const { clubId, ...callOptions } = options;
      return this.call(social.createPost, { text, clubId }, callOptions);
    }

    /** `kind`: 'users' (id = user id) or 'clubs' (id = club id like "psg"). */
    follow(kind: 'users' | 'clubs', id: string) {
      return this.call(social.follow, { kind, id });
    }

    unfollow(kind: 'users' | 'clubs', id: string) {
      return this.call(social.unfollow, { kind, id });
    }

    getFollows(page: Page = {}) {
      return this.call(social.listFollows, page);
    }

    getSocialSettings() {
      return this.call(social.getSettings, {});
    }

    /** `shareActivity: true` shows your activity (tickets bought) to followers and fans of your club. */
    updateSocialSettings(settings: RawInputOf<typeof social.updateSettings>) {
      return this.call(social.updateSettings, settings);
    }

    /**
     * Opens the realtime WebSocket with the current access token; resolves once
     * the server said `ready`. Messages arrive in `onMessage`, unread counts in
     * `onUnread`; it reconnects and resumes by itself. Call `close()` when done.
     */
    connectRealtime(options: RealtimeOptions = {}) {
      return RealtimeConnection.open(this.transport, options);
    }
  };
}
