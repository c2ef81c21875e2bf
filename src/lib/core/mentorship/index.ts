/** The mentorship domain's public face: the yearly inversion's pairs, sessions and reflections. */
export * from './domain';
