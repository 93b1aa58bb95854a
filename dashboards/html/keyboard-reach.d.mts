export function fitFilterBar(): void;
export function keyboardMenu(view: { toImageURL(type: string, scale?: number): Promise<string> }, el: Element, scale: Record<string, number>): void;
