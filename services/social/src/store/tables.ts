import { quoteIdent } from '@platform/service-kit';

/** Schema-qualified table names, so SQL never depends on a connection's search_path. */
export function socialTables(schema: string) {
  const q = quoteIdent(schema);
  return {
    conversations: `${q}.conversations`,
    participants: `${q}.conversation_participants`,
    messages: `${q}.messages`,
    feedItems: `${q}.feed_items`,
    follows: `${q}.follows`,
    settings: `${q}.social_settings`,
    outbox: `${q}.outbox`,
  };
}

export type SocialTables = ReturnType<typeof socialTables>;
