export function withTextAlternative(svg: string, title: string, description: string): string;
