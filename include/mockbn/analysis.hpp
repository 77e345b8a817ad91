// mockbn/analysis.hpp
//
// Analysis of recorded values: histograms with fixed bins, percentiles,
// moments and Sarle's bimodality coefficient, the main modes of a smoothed
// histogram, and the same per column of a matrix or split by row label; a
// column as two clusters; a histogram as TensorBoard displayed it;
// intervals, the bootstrap, equivalence and power.
#pragma once

#include "mockbn/analysis/by_label.hpp"
#include "mockbn/analysis/clusters.hpp"
#include "mockbn/analysis/columns.hpp"
#include "mockbn/analysis/display.hpp"
#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/inference.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
