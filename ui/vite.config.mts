import { defineConfig } from 'vite';

// Vite 8 transforms JSX itself (oxc); no React plugin. The API serves ui/dist; `vite` alone proxies /api to it.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { '/api': process.env.API_URL ?? 'http://localhost:8080' } },
});
