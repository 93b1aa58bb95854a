/** Unicode blocks the subset fonts hold, [first, last] code point. */
export const SUBSET_RANGES: readonly (readonly [number, number])[];
/** Whether every character of `text` (an SVG, markup included) lies in the subset's blocks. */
export function drawnBySubset(text: string): boolean;
/** Every character of the blocks, as one string (the subsetter's input). */
export function subsetCharacters(): string;
