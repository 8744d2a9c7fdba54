import type { Benchmark } from './metric';
import { axeBenchmark } from './ui-axe';

/** The interface (`ui.*`, DESIGN.md §6): each concern measured in its own module. */
export const benchmarks: Benchmark[] = [axeBenchmark];
