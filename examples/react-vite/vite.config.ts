import { defineConfig } from 'vite';

// No plugin needed to build: Vite compiles TSX with React's automatic runtime.
// @vitejs/plugin-react adds fast refresh while you edit, if you want it.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  server: { port: 5173 },
});
