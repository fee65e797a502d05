export * from './infra.js';
export * from './processes.js';
export * from './http.js';
export * from './gateway.js';
