import { projectConfig } from '../../vitest.shared.js';

export default projectConfig('seed-clients');
