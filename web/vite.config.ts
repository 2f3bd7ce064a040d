// Builds the compliance desk into dist/ (served by `exportctl serve` at /). `npm run dev` proxies
// the API to a server on 127.0.0.1:8080.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { "/v1": "http://127.0.0.1:8080", "/health": "http://127.0.0.1:8080" } },
});
