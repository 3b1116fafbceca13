export * from './order-catalogue.js';
export * from './data/order-catalogue-seed.js';
