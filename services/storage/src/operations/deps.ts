import type { StorageConfig } from '../config.js';
import type { ObjectStorage } from '../store/object-storage.js';
import type { ObjectStore } from '../store/objects.js';

export interface StorageDeps {
  objects: ObjectStore;
  storage: ObjectStorage;
  config: StorageConfig;
}
