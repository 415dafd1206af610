/**
 * Hunt: log inputs normalised to FlatEvents, the engine that runs Sigma rules over them (routing, literal
 * prefilter, correlation feeding), IOC sweeps and playbook matching of findings to catalog actors.
 */
export * from './engine/index.js';
export * from './inputs/index.js';
export * from './ioc/index.js';
export * from './playbook/index.js';
