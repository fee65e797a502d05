// The Dashboard has no demo data of its own: it is filled by syncing the
// Template (seeded by template-export). Kept so `pnpm -r run seed` treats
// every service alike.
console.log('sync-worker seed: nothing to seed; the Dashboard fills itself from the Template (POST /admin/api/sync-template)');
