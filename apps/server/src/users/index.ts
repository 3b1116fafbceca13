// The users area's interface: what code outside apps/server/src/users/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
export { usersHandlers } from './handlers.js';
export { createUser, listUsers, resetPassword, updateUser } from './users-service.js';
