/** Runtime facts for use cases: where the package, its data and rules live, and its version. */
export { dataPath, packageRoot, packageVersion, rulesPath } from './package-root.js';
