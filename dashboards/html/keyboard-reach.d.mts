export function fitFilterBar(): void;
export function scrollByKeys(chart: { id: string; title: string }, label: string): void;
