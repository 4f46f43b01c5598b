/** Public face of the Midtrans simulator, for tests, the demo and the CLI. */
export { startMidtransSimulator, type MidtransSimulator, type MidtransSimulatorOptions, type Delivery } from './simulator';
export type { SimTransaction, SimMethod } from './state';
