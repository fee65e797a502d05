import { DEMO_USERS } from '@platform/contracts';
import type { FeedStore } from './feed.js';
import type { MessagingStore } from './messaging.js';
import type { SocialGraph } from './social-graph.js';

const [demo, alice, bob] = DEMO_USERS;

const conversation = [
  { from: alice.id, to: demo.id, text: 'Salut ! Tu viens au Parc samedi ?' },
  { from: demo.id, to: alice.id, text: 'Oui, j’ai pris une place en tribune Auteuil 🔴🔵' },
  { from: alice.id, to: demo.id, text: 'Top, on se retrouve à l’entrée porte H.' },
];

const posts = [
  { authorKind: 'user' as const, authorId: demo.id, text: 'Quelle ambiance hier soir au Parc des Princes !' },
  { authorKind: 'user' as const, authorId: alice.id, text: 'Qui fait le déplacement à Marseille le mois prochain ?' },
  { authorKind: 'club' as const, authorId: 'psg', text: 'Billetterie ouverte pour le prochain match à domicile.' },
  { authorKind: 'user' as const, authorId: bob.id, text: 'Allez l’OM ! 💙' },
];

/**
 * Demo data for the demo users (fixed ids in DEMO_USERS): a conversation
 * between Demo Fan and Alice, a few posts, follows, and activity sharing.
 * Safe to run again: messages and posts carry fixed client ids / idempotency
 * keys (a rerun replays them), follows and settings are upserts.
 */
export async function seedDemoData(stores: { messaging: MessagingStore; feed: FeedStore; graph: SocialGraph }): Promise<{ messages: number; posts: number }> {
  for (const [index, line] of conversation.entries()) {
    await stores.messaging.send({ senderId: line.from, recipientId: line.to, text: line.text, clientMessageId: `seed-${index + 1}` });
  }
  for (const [index, post] of posts.entries()) {
    await stores.feed.createPost({ ...post, idempotencyKey: `seed-post-${index + 1}` });
  }
  await stores.graph.follow(demo.id, 'user', alice.id);
  await stores.graph.follow(alice.id, 'user', demo.id);
  await stores.graph.follow(bob.id, 'club', 'psg');
  await stores.graph.follow(demo.id, 'club', 'om');
  await stores.graph.setShareActivity(demo.id, true);
  await stores.graph.setShareActivity(alice.id, true);
  return { messages: conversation.length, posts: posts.length };
}
