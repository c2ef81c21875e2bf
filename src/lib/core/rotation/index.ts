/** The rotation domain's public face: the draw, timelines, seals and the view. */
export * from './draw';
export * from './timeline';
export * from './seal';
export * from './book';
export * from './bench';
export * from './view';
export * from './domain';
