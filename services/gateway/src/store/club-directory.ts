import type { NatsConnection } from '@nats-io/transport-node';
import { shop } from '@platform/contracts';
import { callOperation, type Logger } from '@platform/service-kit';

const FRESH_MS = 30_000;
/** A miss refreshes the list (a club created a second ago counts), but not more often than this. */
const MISS_REFRESH_MS = 2_000;

/**
 * The clubs a fan can pick at sign-up: the shop's list (GET /api/shop/clubs),
 * kept for 30 s. When the shop cannot answer, or has no clubs at all (a
 * platform not set up yet), a well-formed club id is taken as it is, so
 * registration never depends on the shop being up; the decision is logged.
 */
export class ClubDirectory {
  private known: Set<string> | undefined;
  private fetchedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly log: Logger,
  ) {}

  /** false only when the shop answered with clubs and this is not one of them. */
  async exists(clubId: string): Promise<boolean> {
    const age = Date.now() - this.fetchedAt;
    const stale = this.known ? age > FRESH_MS || (!this.known.has(clubId) && age > MISS_REFRESH_MS) : age > MISS_REFRESH_MS;
    if (stale) await this.refresh();
    if (!this.known || this.known.size === 0) return true;
    return this.known.has(clubId);
  }

  private refresh(): Promise<void> {
    this.loading ??= callOperation(this.nc, this.namespace, shop.listClubs, {}, { timeoutMs: 1_500 })
      .then(
        ({ clubs }) => {
          this.known = new Set(clubs.map((club) => club.id));
        },
        (err) => {
          // Logged once per outage, not per registration.
          if (this.known !== undefined || this.fetchedAt === 0)
            this.log.info({ err }, 'the shop did not list its clubs; registration club ids are taken unchecked');
          this.known = undefined;
        },
      )
      .finally(() => {
        this.fetchedAt = Date.now();
        this.loading = undefined;
      });
    return this.loading;
  }
}
