// mockbn/analysis.hpp
//
// Analysis of recorded values: histograms with fixed bins, percentiles,
// moments and Sarle's bimodality coefficient, and the main modes of a
// smoothed histogram.
#pragma once

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
