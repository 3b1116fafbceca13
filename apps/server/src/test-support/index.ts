export * from './test-client.js';
export * from './test-db.js';
export * from './test-server.js';
export * from './users.js';
export * from './server-process.js';
export * from './tcp-proxy.js';
export * from './patients.js';
export * from './front-desk.js';
export * from './test-stack.js';
export * from './pharmacology.js';
export * from './pharmacy.js';
// The four ICD-10-CM test codes (J18 a heading; J18.9, B54, I10), for desks' tests against a real server.
export { ensureTestIcd10Release } from './clinical-cases.js';
// An open encounter (a doctor's order needs one) and a lab order inserted directly, for the lab and doctor desks' tests against a real server.
export { insertTestEncounter } from './clinical-cases.js';
export { insertTestLabOrder } from './lab-cases.js';
// A simulated ASTM analyzer on a socat pty pair, for the admin desk's interfaces e2e.
export { astmInstrumentOn, ptyPair } from './interfaces-simulator.js';
