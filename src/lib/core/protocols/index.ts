/** The protocols domain's public face: templates, lineage, charter mapping, files, entry builders. */
export * from './template';
export * from './charter';
export * from './book';
export * from './file';
export * from './domain';
