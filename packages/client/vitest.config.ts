import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.js';

// Node 20 has its WebSocket (undici's, global from Node 22) behind a flag; the SDK's realtime tests use it as a Node app would.
export default mergeConfig(projectConfig('client'), { test: { execArgv: ['--experimental-websocket'] } });
