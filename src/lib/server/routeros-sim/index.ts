/** Public face of the RouterOS simulator, for tests, the demo and the CLI. */
export { startRouterOsSimulator, type RouterOsSimulator, type SimulatorOptions } from './simulator';
export type { Faults } from './connection';
export { RouterState } from './state';
export { challengeResponse } from './login';
