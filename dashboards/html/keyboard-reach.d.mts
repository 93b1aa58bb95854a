export function fitFilterBar(): void;
