import path from 'node:path';

/** The sample framework of the departments block, kept in the repository (samples/). */
export const SAMPLE_FRAMEWORK = path.resolve(import.meta.dirname, '..', '..', 'samples', 'framework-departments-2025.json');
