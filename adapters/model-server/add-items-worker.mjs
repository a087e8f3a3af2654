// Worker threads do not inherit the tsx loader that bin/flarechat.js (or vitest) registered: register it here, then
// load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./add-items-worker.ts');
