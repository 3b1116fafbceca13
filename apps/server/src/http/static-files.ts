import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/**
 * The browser workstation's page policy: code and connections from this server only (the
 * WebSocket at /ws is same-origin). Fluent UI inserts its styles at run time, hence
 * 'unsafe-inline' for styles alone. Frames only from this origin (the print frame).
 */
export const BROWSER_WORKSTATION_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  // electron-updater's release description (latest.yml) and the installers it points at.
  '.yml': 'text/yaml; charset=utf-8',
};

/** Vite names built assets `name-<hash>.ext`: their content never changes under that name. */
const HASHED_ASSET = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export interface StaticFilesOptions {
  /** The folder to serve (the built renderer). */
  root: string;
  csp?: string;
  /** URL path the folder is served under; default '/'. */
  mountPath?: string;
  /** Answer index.html for paths without an extension (a single-page app); default true. */
  spaFallback?: boolean;
}

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * Serves a built single-page app: GET and HEAD only, files strictly inside `root` (no
 * traversal, no dotfiles, no symlinks out), index.html for client routes (paths without an
 * extension), long-lived caching for hashed assets and revalidation for the rest. Returns
 * false for what it does not serve, so the server answers 404 as usual.
 */
export function createStaticFiles(options: StaticFilesOptions): StaticHandler {
  const root = resolve(options.root);
  const csp = options.csp ?? BROWSER_WORKSTATION_CSP;
  const mount = (options.mountPath ?? '/').replace(/\/+$/, '');
  const spaFallback = options.spaFallback ?? true;

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return false;
    }
    if (mount !== '') {
      if (path !== mount && !path.startsWith(`${mount}/`)) return false;
      path = path.slice(mount.length) || '/';
    }
    if (path.includes('\0') || path.includes('\\') || path.split('/').some((segment) => segment.startsWith('.'))) return false;
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return false;
    if (path.endsWith('/')) file = join(file, 'index.html');

    let info = await stat(file).catch(() => undefined);
    if ((info === undefined || !info.isFile()) && spaFallback && extname(path) === '') {
      // A client route (/reception, /settings/printers): the app decides what to show.
      file = join(root, 'index.html');
      info = await stat(file).catch(() => undefined);
      if (info === undefined && path === '/') {
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end('The browser workstation is not built. Run: pnpm --filter @hms/desktop run build:renderer\n');
        return true;
      }
    }
    if (info === undefined || !info.isFile()) return false;
    // A symlink inside the folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return false;

    const etag = `W/"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      'last-modified': new Date(info.mtimeMs).toUTCString(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if (file.endsWith('.html')) {
      headers['content-security-policy'] = csp;
      headers['x-frame-options'] = 'SAMEORIGIN';
    }
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return true;
    }
    headers['content-length'] = info.size;
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return true;
    }
    await new Promise<void>((done, fail) => {
      const stream = createReadStream(file);
      stream.on('error', fail);
      response.on('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(response);
    });
    return true;
  };
}
