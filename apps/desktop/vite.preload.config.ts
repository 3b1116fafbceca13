import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The Electron preload, bundled: a sandboxed preload can `require` only 'electron', so the
// allow-list it derives from the host-request declarations (and zod, @hms/core) goes into one
// CommonJS file.
export default defineConfig({
  resolve: { conditions: ['@hms/source'] },
  build: {
    outDir: fileURLToPath(new URL('dist/preload', import.meta.url)),
    emptyOutDir: false,
    sourcemap: false,
    minify: false,
    lib: { entry: fileURLToPath(new URL('src/preload/index.ts', import.meta.url)), formats: ['cjs'], fileName: () => 'bridge.cjs' },
    rollupOptions: { external: ['electron'] },
  },
  logLevel: 'warn',
});
