/** Runtime facts for use cases: where the package, its data and rules live, its version; stopping workers. */
export { dataPath, packageRoot, packageVersion, rulesPath } from './package-root.js';
export { isLoaded, loadedFlag, markLoaded, terminateWhenLoaded } from './worker-stop.js';
