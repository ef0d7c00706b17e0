/** The number of dossiers the demo loads unless told otherwise (`parindex demo --dossiers N`). A module of its own so that the CLI's help can show it without loading the demo. */
export const DEFAULT_DEMO_DOSSIERS = 50_000;
