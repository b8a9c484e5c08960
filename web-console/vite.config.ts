import { defineConfig } from 'vitest/config';

// Built into the jar's META-INF/resources, which Spring Boot serves at '/'. CONSOLE_API proxies /api in `npm run dev`.
export default defineConfig({
  base: '/',
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? 'target/classes/META-INF/resources',
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': process.env.CONSOLE_API ?? 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // The build machine is shared by several suites: generous limits, so a slow moment is not a failure.
    testTimeout: 30_000,
  },
});
