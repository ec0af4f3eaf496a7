import { preparePackagedEnvironment } from '../base/packaged-build';

/*
 * The CLI as shipped inside the app bundle (out/main/cli.js): the same commands as `npm run cli`,
 * run with the app's own Node (`ELECTRON_RUN_AS_NODE=1 <app> resources/app.asar/out/main/cli.js`).
 * esbuild's binary is set up before esbuild loads, as in the desktop entry.
 */
preparePackagedEnvironment();
void import('./main').then(async ({ main }) => {
  process.exitCode = await main(process.argv.slice(2));
});
