/** The seeds domain's public face: the seed chain, the dice ceremony and its entries. */
export * from './ceremony';
export * from './domain';
