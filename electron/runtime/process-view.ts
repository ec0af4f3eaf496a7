/**
 * `process` as module code sees it when the runtime shares its process with the app (the
 * desktop app, tests): the same object, except that `cwd()` answers the workspace root, as it
 * does when the user runs the project with node or tsx from its folder. Where the runtime owns
 * the process it changes directory instead (RuntimeOptions.chdir), which packages see too.
 */
export function processWithCwd(root: string): NodeJS.Process {
  const cwd = (): string => root;
  return new Proxy(process, {
    get: (target, property) => (property === 'cwd' ? cwd : Reflect.get(target, property, target)),
  });
}
