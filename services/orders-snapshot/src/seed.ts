// Orders snapshot has no demo data: snapshots come from the photo-orders front end.
// The script exists so `npm start`'s seed step treats every service the same way.
console.log('orders-snapshot seed: nothing to seed');
