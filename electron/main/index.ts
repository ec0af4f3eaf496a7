import { preparePackagedEnvironment } from '../base/packaged-build';

/*
 * The Electron entry point. In a packaged app esbuild must be sent to its unpacked binary before
 * it is first loaded, so the environment is set here and the app itself loads after it.
 */
preparePackagedEnvironment();
void import('./desktop-app');
