/** Chart tooltips that stay while the pointer is on them (see hoverable-tooltip.mjs). */
export function hoverableViewClass<T extends new (...args: never[]) => unknown>(View: T): T;
export function hideTooltipOnLeave(event: MouseEvent): void;
