/** The files a dashboard can be written as: the page, and each chart as SVG and PNG (its own module: the CLI parses the names without loading the renderer). */
export const DASHBOARD_FORMATS = ['html', 'svg', 'png'] as const;
export type DashboardFormat = (typeof DASHBOARD_FORMATS)[number];
