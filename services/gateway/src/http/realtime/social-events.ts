import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { type EventEnvelope, eventSubject, social } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import type { ConnectionHub } from './hub.js';

/**
 * Feeds the hub from the social service's events. A plain NATS subscription
 * without a queue group: every gateway instance receives every event, which
 * is what fan-out to sockets spread over instances needs. JetStream stores
 * the same publishes for durable consumers; live delivery does not need its
 * replay, because a client that missed something resumes
 * (docs/decisions/0702).
 */
export function subscribeSocialEvents(nc: NatsConnection, namespace: string, hub: ConnectionHub, log: Logger): Subscription {
  const subject = eventSubject('evt.social.>', namespace);
  return nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) {
        log.warn({ err, subject }, 'social event subscription error');
        return;
      }
      let envelope: EventEnvelope;
      try {
        envelope = msg.json<EventEnvelope>();
      } catch {
        log.warn({ subject: msg.subject }, 'social event is not JSON; ignored');
        return;
      }
      dispatch(envelope, hub, log);
    },
  });
}

function dispatch(envelope: EventEnvelope, hub: ConnectionHub, log: Logger): void {
  if (envelope.subject === social.messageSent.subject) {
    const parsed = social.messageSent.payload.safeParse(envelope.data);
    if (!parsed.success) {
      log.warn({ eventId: envelope.id }, 'message.sent event does not match its contract; ignored');
      return;
    }
    const sent = parsed.data;
    const message = {
      id: sent.messageId,
      conversationId: sent.conversationId,
      seq: sent.seq,
      senderId: sent.senderId,
      text: sent.text,
      clientMessageId: sent.clientMessageId,
      sentAt: sent.sentAt,
    };
    // The sender's other devices get their own message too, so every device shows the same conversation.
    for (const userId of sent.participantIds) hub.pushTo(userId, { type: 'message', message });
    for (const counts of sent.unread) {
      hub.pushTo(counts.userId, { type: 'unread', conversationId: sent.conversationId, unreadCount: counts.unreadCount, totalUnread: counts.totalUnread });
    }
    return;
  }
  if (envelope.subject === social.conversationRead.subject) {
    const parsed = social.conversationRead.payload.safeParse(envelope.data);
    if (!parsed.success) {
      log.warn({ eventId: envelope.id }, 'conversation.read event does not match its contract; ignored');
      return;
    }
    const read = parsed.data;
    hub.pushTo(read.userId, { type: 'unread', conversationId: read.conversationId, unreadCount: read.unreadCount, totalUnread: read.totalUnread });
  }
  // Other social events are not pushed.
}
