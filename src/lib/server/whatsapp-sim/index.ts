/** Public face of the WhatsApp gateway simulator, for tests, the bench and the demo. */
export { startWhatsAppSimulator, type WhatsAppSimulator, type WhatsAppSimulatorOptions, type SimConfig, type SimDelivery, type SimGateway, type SimMode } from './simulator';
