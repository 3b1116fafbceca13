import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The origin the renderer is served from inside Electron: a privileged, standard, secure scheme. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://hms`;

/** Electron's page policy: everything from the app itself; no network at all (the host does that). */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** Answers app://hms/<path> from the built renderer; client routes get index.html. */
export async function serveRendererFile(rendererDir: string, url: string): Promise<Response> {
  const root = resolve(rendererDir);
  const { pathname } = new URL(url);
  const wanted = normalize(join(root, decodeURIComponent(pathname)));
  if (wanted !== root && !wanted.startsWith(root + sep)) return new Response('Not found', { status: 404 });
  const file = extname(wanted) === '' ? join(root, 'index.html') : wanted;
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': ELECTRON_CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
