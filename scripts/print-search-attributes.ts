import { searchAttributeCliPairs } from '../workflows/engine/search-attributes';

// The dev server's --search-attribute flags, one per line, from the engine's own list.
for (const pair of searchAttributeCliPairs()) console.log(`--search-attribute\n${pair}`);
