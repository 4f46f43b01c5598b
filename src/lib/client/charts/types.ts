export interface ChartSeries {
	name: string;
	/** One value per category, in the categories' order. */
	values: number[];
	color: string;
}

/** Series colours that stay apart for colour-blind readers (Okabe–Ito). */
export const CHART_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9'] as const;
