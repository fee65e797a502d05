import type { ApiResponse } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_START_TIMEOUT_MS, type Session, type SocialHarness, startSocialHarness } from './harness.js';

describe('message pages while new messages arrive', { timeout: 90_000 }, () => {
  let h: SocialHarness;
  beforeAll(async () => {
    h = await startSocialHarness();
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => {
    await h?.close();
  });

  async function pageThrough(session: Session, conversationId: string, limit: number, between: () => Promise<void>) {
    const pages: any[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=${limit}&markRead=false${cursor ? `&cursor=${cursor}` : ''}`;
      const res: ApiResponse = await h.api.get(`/api/social/conversations/${conversationId}/messages?${query}`, session.token);
      expect(res.status).toBe(200);
      pages.push(res.body.messages);
      cursor = res.body.nextCursor;
      await between();
    } while (cursor);
    return pages;
  }

  it('never skips or repeats a message that existed before paging started, while both users keep writing', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const first = await h.send(ana, { recipientId: ben.user.id }, 'm0');
    const conversationId = first.message.conversationId;
    const existing = [first.message];
    for (let i = 1; i < 30; i++) existing.push((await h.send(i % 2 ? ben : ana, { conversationId }, `m${i}`)).message);

    // A writer that never stops while we page, plus a burst from both sides between pages.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await h.send(written % 2 ? ana : ben, { conversationId }, `live-${written}`);
        written++;
      }
    })();
    const pages = await pageThrough(ben, conversationId, 4, async () => {
      await Promise.all([h.send(ana, { conversationId }, 'burst-a'), h.send(ben, { conversationId }, 'burst-b')]);
    });
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(0);

    const seen = pages.flat();
    const ids = seen.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length); // no repeats
    const seqs = seen.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a)); // newest first throughout
    // Every message that existed before paging is there, in order, with nothing in between once paging passed the first page.
    const older = seen.filter((m) => existing.some((e) => e.id === m.id));
    expect(older.map((m) => m.text)).toEqual(existing.map((m) => m.text).reverse());
    // Messages written during paging can only show up on the first page (they are newer than every cursor).
    for (const page of pages.slice(1)) for (const message of page) expect(message.text).toMatch(/^m\d+$/);
  });
});
