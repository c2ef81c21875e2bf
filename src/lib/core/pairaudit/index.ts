/** The pair-audit domain's public face: the co-signed aggregate ties and the network map. */
export * from './network';
export * from './domain';
