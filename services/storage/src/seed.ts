// Storage has no demo data: objects exist only once someone uploads them.
// The script exists so `npm start`'s seed step treats every service the same way.
console.log('storage seed: nothing to seed');
