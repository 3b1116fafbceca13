export * from './client/rpc-client.js';
export * from './common.js';
export * from './contract/index.js';
export * from './errors.js';
export * from './passwords.js';
export * from './roles.js';
