import { DomainError, type Identity, notFound } from '@platform/contracts';

export interface OwnedObject {
  ownerId: string;
  visibility: string;
  status: string;
}

const isAdmin = (user: Identity | undefined) => user?.role === 'admin';

/** Public confirmed objects are readable by anyone; everything else by its owner and administrators. */
export function canRead(object: OwnedObject, user: Identity | undefined): boolean {
  if (object.visibility === 'public' && object.status === 'confirmed') return true;
  return user !== undefined && (user.id === object.ownerId || isAdmin(user));
}

/**
 * Changing an object (upload, confirm, delete) is for its owner; deleting also
 * for administrators. Someone who may not even read it gets 404, so ids do not
 * reveal what exists; someone who may read it (a public object) gets 403.
 */
export function requireOwner(object: OwnedObject, user: Identity | undefined, what: string, options: { adminToo?: boolean } = {}): void {
  if (user && (user.id === object.ownerId || (options.adminToo && isAdmin(user)))) return;
  if (!canRead(object, user)) throw notFound(what);
  throw new DomainError('FORBIDDEN', `Only the owner${options.adminToo ? ' or an administrator' : ''} may do this`);
}

export function requireReadable(object: OwnedObject, user: Identity | undefined, what: string): void {
  if (!canRead(object, user)) throw notFound(what);
}
