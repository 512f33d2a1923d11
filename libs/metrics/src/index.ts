// Prometheus exposition shared by the api and the worker: a registry per process, the scrape
// token check and the worker's bare /metrics server. No domain, no Nest.
export * from './registry';
export * from './scrape-token';
export * from './metrics-server';
