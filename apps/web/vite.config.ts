import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `pnpm dev` and `vite preview` find the gateway: its default HOST and PORT, unless told. */
const GATEWAY_ORIGIN = process.env.TIDINGS_GATEWAY_ORIGIN ?? 'http://127.0.0.1:8080';

const gatewayProxy = {
  '/api': { target: GATEWAY_ORIGIN },
  '/socket.io': { target: GATEWAY_ORIGIN, ws: true },
};

/** A comment or string literal (kept as it is), or the start of a zod builder call. */
const SKIPPED_OR_ZOD_CALL =
  /(\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`)|(?<![\w$.])z(\s*)\./g;

/**
 * @tidings/protocol builds its zod schemas at module level; the browser uses only its constants
 * and types. Marking those builder calls pure lets the bundler drop the unused schemas, and zod
 * with them (about 16 KB gzipped). Only the protocol's own files are touched.
 */
function pureProtocolSchemas(): Plugin {
  return {
    name: 'tidings:pure-protocol-schemas',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]packages[\\/]protocol[\\/]src[\\/][^\\/]+\.ts(\?|$)/.test(id)) return null;
      // Every builder call, nested ones too: a pure call's arguments are still evaluated.
      // Comments and strings are passed over: an annotation inside a comment would end it.
      const marked = code.replace(SKIPPED_OR_ZOD_CALL, (match, skipped?: string, space = '') =>
        skipped ? match : `/* @__PURE__ */ z${space}.`,
      );
      return { code: marked, map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), pureProtocolSchemas()],
  server: { proxy: gatewayProxy },
  preview: { proxy: gatewayProxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
