export * from './test-client.js';
export * from './test-db.js';
export * from './test-server.js';
export * from './users.js';
export * from './server-process.js';
export * from './tcp-proxy.js';
export * from './patients.js';
export * from './front-desk.js';
