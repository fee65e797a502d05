import { type FormEvent, useEffect, useState } from 'react';
import type { OutputAt } from '@platform/client';
import { api } from '../api';
import { messageFr } from '../messages-fr';
import { useRealtime } from '../use-realtime';

type Conversation = OutputAt<'social.listConversations'>['conversations'][number];

/** Live chat: messages arrive through the realtime hook; people show by name. */
export function Chat({ userId }: { userId: string }) {
  const { messages, status, error: liveError } = useRealtime(true);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [error, setError] = useState<string>();

  // A message from someone new starts a conversation: reload the list to know their name.
  const latest = messages.at(-1)?.conversationId;
  useEffect(() => {
    void latest;
    api.getConversations().then(
      ({ conversations: list }) => setConversations(list),
      (failure) => setError(messageFr(failure)),
    );
  }, [latest]);

  const nameOf = (senderId: string) => {
    if (senderId === userId) return 'Moi';
    for (const conversation of conversations) {
      const person = conversation.participants.find((p) => p.id === senderId);
      if (person) return person.name ?? 'Un fan';
    }
    return 'Un fan';
  };

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    try {
      await api.sendMessage(String(data.get('conversationId')), String(data.get('message')));
      (form.elements.namedItem('message') as HTMLInputElement).value = '';
      setError(undefined);
    } catch (failure) {
      setError(messageFr(failure));
    }
  };

  return (
    <section>
      <h2>Discussion en direct</h2>
      <p data-testid="realtime-status" data-status={status}>
        {status === 'live' ? 'En direct' : status === 'connecting' ? 'Connexion…' : status === 'error' ? liveError : 'Hors ligne'}
      </p>
      <ul data-testid="messages">
        {messages.map((message) => (
          <li key={message.id}>
            <strong>{nameOf(message.senderId)}</strong> : {message.text}
          </li>
        ))}
      </ul>
      {conversations.length > 0 && (
        <form onSubmit={send}>
          <select name="conversationId" aria-label="Conversation">
            {conversations.map((conversation) => (
              <option key={conversation.id} value={conversation.id}>
                {conversation.participants
                  .filter((p) => p.id !== userId)
                  .map((p) => p.name ?? 'Un fan')
                  .join(', ')}
              </option>
            ))}
          </select>
          <input name="message" placeholder="Votre message" required />
          <button type="submit">Envoyer</button>
        </form>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
