/** A function from a character to its advance width in ems, for the font file at `path`. */
export function fontAdvances(path: string | URL): (ch: string) => number;
