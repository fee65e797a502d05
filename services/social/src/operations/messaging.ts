import { DomainError, type Identity, notFound, social } from '@platform/contracts';
import { pageOf, type HandlersOf } from '@platform/service-kit';
import { toConversationView } from '../domain/conversation-view.js';
import { seqAndIdCursor, seqCursor } from '../domain/cursors.js';
import { toChatMessage } from '../domain/message-view.js';
import { readOutcome } from '../store/messaging.js';
import type { SocialDeps } from './deps.js';

/** auth 'user' is checked by the kit before a handler runs, so the caller is known. */
const caller = (ctx: { user?: Identity }): string => ctx.user!.id;

export function messagingHandlers(deps: SocialDeps) {
  const { messaging, reads, directory } = deps;

  return {
    [social.listConversations.name]: async (input, ctx) => {
      const after = seqAndIdCursor(input.cursor);
      const rows = await reads.listFor(caller(ctx), input.limit, after && { activitySeq: after.seq, id: after.id });
      const page = pageOf(rows, input.limit, (row) => [Number(row.activity_seq), row.id]);
      const names = await directory.names(page.items.flatMap((row) => row.participant_ids));
      return { conversations: page.items.map((row) => toConversationView(row, names)), nextCursor: page.nextCursor };
    },

    [social.getConversation.name]: async (input, ctx) => {
      const row = await reads.oneFor(caller(ctx), input.id);
      if (!row) throw notFound('Conversation');
      return toConversationView(row, await directory.names(row.participant_ids));
    },

    [social.sendMessage.name]: async (input, ctx) => {
      const senderId = caller(ctx);
      if (input.recipientId !== undefined) {
        if (input.recipientId === senderId) throw new DomainError('BAD_REQUEST', 'You cannot send a message to yourself', { field: 'recipientId' });
        const recipient = await directory.find({ id: input.recipientId }, ctx);
        if (!recipient) throw new DomainError('NOT_FOUND', 'No user has this id', { field: 'recipientId' });
      }
      return messaging.send({
        senderId,
        conversationId: input.conversationId,
        recipientId: input.recipientId,
        text: input.message,
        // The Idempotency-Key header works as a clientMessageId for clients that already send one.
        clientMessageId: input.clientMessageId ?? ctx.idempotencyKey,
      });
    },

    [social.listMessages.name]: async (input, ctx) => {
      const userId = caller(ctx);
      const state = await reads.participantState(userId, input.id);
      if (!state) throw notFound('Conversation');
      const rows = await reads.messagesPage(input.id, input.limit, seqCursor(input.cursor));
      const page = pageOf(rows, input.limit, (row) => [Number(row.seq)]);
      const messages = page.items.map(toChatMessage);
      const newest = messages[0]?.seq;
      const read =
        input.markRead && newest !== undefined && newest > state.lastReadSeq
          ? await messaging.markRead(userId, input.id, { seq: newest })
          : readOutcome(input.id, await reads.readState(userId, input.id));
      return { messages, nextCursor: page.nextCursor, ...read };
    },

    [social.markRead.name]: async (input, ctx) =>
      messaging.markRead(caller(ctx), input.id, input.upToMessageId ? { messageId: input.upToMessageId } : 'latest'),

    [social.messagesSince.name]: async (input) => {
      let afterSeq = input.afterSeq;
      if (afterSeq === undefined) {
        afterSeq = await reads.seqOfVisibleMessage(input.userId, input.afterMessageId!);
        if (afterSeq === undefined) throw new DomainError('NOT_FOUND', 'No such message among this user’s conversations', { field: 'afterMessageId' });
      }
      const rows = await reads.messagesSince(input.userId, afterSeq, input.limit);
      const messages = rows.slice(0, input.limit).map(toChatMessage);
      return {
        messages,
        hasMore: rows.length > input.limit,
        lastSeq: messages.at(-1)?.seq ?? afterSeq,
        totalUnread: await reads.totalUnread(input.userId),
      };
    },
  } satisfies HandlersOf<'social'>;
}
