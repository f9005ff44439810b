// Builds the portal into dist/, served by `pal serve` at /portal/.
// `npm run dev` serves it with every other path proxied to a running `pal serve`
// (PAL_SERVER, default https://localhost:8443; its self-signed certificate is accepted).
import { defineConfig } from "vite";

const server = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env
  .PAL_SERVER ?? "https://localhost:8443";

export default defineConfig({
  base: "/portal/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The server's Content-Security-Policy is default-src 'self': no inline scripts or data: URIs.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      "^/(?!portal)": { target: server, secure: false, changeOrigin: true },
    },
  },
});
