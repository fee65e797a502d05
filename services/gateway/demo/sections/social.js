import { byId, el, onClick, onSubmit } from '../dom.js';
import { formatDateTime } from '../format.js';

/**
 * Conversations, feed, sending, and the live list fed by the social
 * WebSocket (docs/realtime.md), opened with the SDK's connectRealtime
 * whenever someone signs in. The SDK reconnects and resumes by itself and
 * drops duplicates; the page also skips the echo of a message it just sent.
 */
export function mountSocial({ client, run, session }) {
  const live = byId('social-live');
  const status = byId('realtime-status');
  const conversationField = byId('message-conversation');
  const recipientField = byId('message-recipient');
  const shown = new Set();
  /** People by id → name, learnt from conversations (a message names its conversation, not its sender). */
  const names = new Map();
  let connection = Promise.resolve(undefined);
  // Each sign-in opens its own connection; one opened for an earlier session is closed as soon as it is ready.
  let signIns = 0;

  const setStatus = (state, text) => {
    status.dataset.state = state;
    status.textContent = `temps réel : ${text}`;
  };
  const learnNames = (conversation) => {
    for (const person of conversation.participants) if (person.name) names.set(person.id, person.name);
  };
  const nameOf = (senderId) => (senderId === session.user?.id ? 'moi' : (names.get(senderId) ?? 'un fan'));
  const showLive = (message) => {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    const from = el('span', { class: 'from', dataset: { senderId: message.senderId } });
    const label = () => {
      from.textContent = `${nameOf(message.senderId)} · ${formatDateTime(message.sentAt)} — `;
    };
    label();
    live.append(el('li', { dataset: { messageId: message.id, conversationId: message.conversationId } }, from, message.text));
    live.scrollTop = live.scrollHeight;
    // Someone new: their conversation says who they are.
    if (message.senderId !== session.user?.id && !names.has(message.senderId)) {
      client.getConversation(message.conversationId).then(
        (conversation) => {
          learnNames(conversation);
          label();
        },
        () => undefined,
      );
    }
  };

  session.onChange(async (user) => {
    const mine = ++signIns;
    const previous = connection;
    connection = Promise.resolve(undefined);
    shown.clear();
    live.replaceChildren();
    setStatus('offline', 'hors ligne');
    (await previous)?.close();
    if (!user || mine !== signIns) return;
    setStatus('connecting', 'connexion…');
    connection = client
      .connectRealtime({
        onReady: () => mine === signIns && setStatus('online', 'connecté'),
        onMessage: showLive,
        onClose: ({ reconnecting }) => mine === signIns && setStatus('offline', reconnecting ? 'reconnexion…' : 'hors ligne'),
      })
      .then((opened) => {
        if (mine === signIns) return opened;
        opened.close();
        return undefined;
      })
      .catch((error) => {
        if (mine === signIns) setStatus('offline', `échec (${error.message})`);
        return undefined;
      });
  });

  onClick(byId('conversations-button'), async () => {
    const result = await run('getConversations()', () => client.getConversations());
    if (!result) return;
    for (const conversation of result.conversations) learnNames(conversation);
    byId('conversations').replaceChildren(
      ...result.conversations.map((conversation) =>
        el(
          'li',
          { dataset: { conversationId: conversation.id } },
          el('span', { class: 'title' }, `${conversation.participants.map((p) => p.name ?? 'un fan').join(', ')} — ${conversation.unreadCount} non lu(s)`),
          el('button', { type: 'button', class: 'secondary', onclick: () => (conversationField.value = conversation.id) }, 'Choisir'),
        ),
      ),
    );
  });
  onClick(byId('feed-button'), () => run('getFeed()', () => client.getFeed()));

  onSubmit(byId('message-form'), async ({ conversationId, recipientId, message }) => {
    // The seed's sendMessage(conversationId, message) needs a conversation; the first message to someone names them instead.
    const sent = recipientId
      ? await run('sendMessageToUser(recipientId, message)', () => client.sendMessageToUser(recipientId, message))
      : await run('sendMessage(conversationId, message)', () => client.sendMessage(conversationId, message));
    if (!sent?.message) return;
    showLive(sent.message);
    conversationField.value = sent.message.conversationId;
    recipientField.value = '';
    byId('message-text').value = '';
  });
}
