// Vite build of the SolidJS app into web/dist; in `vite dev`/`vite preview` the API is proxied to the server.
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const apiTarget = process.env.WAULE_SERVER_URL ?? "http://localhost:3000";
const proxy = { "/api": { target: apiTarget, changeOrigin: true } };

export default defineConfig({
  plugins: [solid()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { port: 5173, proxy },
  preview: { port: 5173, proxy },
});
