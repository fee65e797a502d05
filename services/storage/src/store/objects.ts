import { conflict, storage, type PayloadOf } from '@platform/contracts';
import { outboxInsert } from '@platform/service-kit';
import { type Asset, Prisma, type StoredObject } from './generated/client.js';
import type { Db } from './prisma.js';

export type { Asset, StoredObject };

export interface NewObject {
  id: string;
  key: string;
  ownerId: string;
  filename: string;
  contentType: string;
  /** Undefined when the client declared none (seed 001's body): set at registration. */
  size?: number;
  visibility: string;
  /** Where the object is served from once registered. */
  bucket: 'public' | 'private';
  contentTypeSigned: boolean;
  assetId?: string;
  variant?: string;
  uploadId?: string;
  partSize?: number;
}

type ObjectEvent = PayloadOf<typeof storage.objectCreated>;

export function eventPayload(object: StoredObject): ObjectEvent {
  return {
    object_id: object.id,
    key: object.key,
    owner_id: object.ownerId,
    content_type: object.contentType,
    size: Number(object.size ?? 0),
    visibility: object.visibility as ObjectEvent['visibility'],
    asset_id: object.assetId,
    variant: object.variant,
  };
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/** Who owns which object, and in which state; events go through the outbox in the same transaction. */
export class ObjectStore {
  constructor(private readonly db: Db) {}

  async create(object: NewObject): Promise<StoredObject> {
    try {
      return await this.db.storedObject.create({
        data: {
          ...object,
          size: object.size === undefined ? null : BigInt(object.size),
          partSize: object.partSize === undefined ? undefined : BigInt(object.partSize),
          status: 'pending',
          staged: true,
        },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('This file is being uploaded by another request; retry');
      throw error;
    }
  }

  find(id: string): Promise<StoredObject | null> {
    return this.db.storedObject.findUnique({ where: { id } });
  }

  findAssetFile(assetId: string, variant: string): Promise<StoredObject | null> {
    return this.db.storedObject.findUnique({ where: { assetId_variant: { assetId, variant } } });
  }

  /** pending -> confirmed with what registration found (real size, served type), once: only the call that confirms writes the event. */
  async confirm(id: string, registered: { size: number; contentType: string }): Promise<StoredObject> {
    return this.db.$transaction(async (tx) => {
      const updated = await tx.storedObject.updateMany({
        where: { id, status: 'pending' },
        data: { status: 'confirmed', confirmedAt: new Date(), uploadId: null, size: BigInt(registered.size), contentType: registered.contentType },
      });
      const object = await tx.storedObject.findUniqueOrThrow({ where: { id } });
      if (updated.count === 1) {
        const { sql, values } = outboxInsert(storage.objectCreated, eventPayload(object));
        await tx.$executeRawUnsafe(sql, ...values);
      }
      return object;
    });
  }

  /** Removes the row; a confirmed object's removal is announced. */
  async remove(object: StoredObject, deletedBy: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const deleted = await tx.storedObject.deleteMany({ where: { id: object.id } });
      if (deleted.count === 1 && object.status === 'confirmed') {
        const { sql, values } = outboxInsert(storage.objectDeleted, { ...eventPayload(object), deleted_by: deletedBy });
        await tx.$executeRawUnsafe(sql, ...values);
      }
    });
  }

  /** Removes a row only while it is still pending (the clean-up must not race a confirmation). */
  async removeIfPending(id: string): Promise<boolean> {
    const deleted = await this.db.storedObject.deleteMany({ where: { id, status: 'pending' } });
    return deleted.count === 1;
  }

  pendingCreatedBefore(cutoff: Date, limit: number): Promise<StoredObject[]> {
    return this.db.storedObject.findMany({ where: { status: 'pending', createdAt: { lt: cutoff } }, orderBy: { createdAt: 'asc' }, take: limit });
  }

  /** Keyset page over (createdAt desc, id desc). */
  pageOfOwner(ownerId: string, limit: number, options: { status?: string; after?: { createdAt: Date; id: string } }): Promise<StoredObject[]> {
    const { after, status } = options;
    return this.db.storedObject.findMany({
      where: {
        ownerId,
        ...(status ? { status } : {}),
        ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
  }

  createAsset(asset: { id: string; ownerId: string; kind: string; visibility: string }): Promise<Asset> {
    return this.db.asset.create({ data: asset });
  }

  findAsset(id: string): Promise<(Asset & { objects: StoredObject[] }) | null> {
    return this.db.asset.findUnique({ where: { id }, include: { objects: true } });
  }
}
