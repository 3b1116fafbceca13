import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer bundle: served by Electron (app://), by the dev/test host and by the LAN server
// (browser workstation), so every URL in it is relative (base './').
export default defineConfig({
  root: fileURLToPath(new URL('src/renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: {
    // Workspace packages from their TypeScript sources, as in the tests.
    conditions: ['@hms/source'],
  },
  build: {
    outDir: fileURLToPath(new URL('dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2_000,
    // No inline scripts or data: URLs for scripts: the page's policy allows script-src 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
