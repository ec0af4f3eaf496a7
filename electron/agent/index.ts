import { preparePackagedEnvironment } from '../base/packaged-build';

// The agent process's entry (out/main/agent-process.js in the app; bundled on demand under
// `npm run cli`). esbuild's binary is set up before esbuild loads, as in the desktop entry.
preparePackagedEnvironment();
import('./agent-main')
  .then(({ runAgentProcess }) => runAgentProcess())
  .catch((error: unknown) => {
    process.stderr.write(`agent process failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
