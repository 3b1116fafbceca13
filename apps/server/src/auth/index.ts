// The auth area's interface: what code outside apps/server/src/auth/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
export { findUserById, findUserByUsername } from './accounts.js';
export type { UserRow } from './accounts.js';
export { AuthService, revokeUserSessions } from './auth-service.js';
export { authHandlers } from './handlers.js';
export { hashPassword, verifyPassword } from './password.js';
export { userKey } from './throttle.js';
