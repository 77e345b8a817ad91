// Everything the study leaves in its results folder: the tidy CSV files, the
// aggregates the figures are drawn from, summary.json, the gnuplot scripts
// and their figures, and report.html with the seed's findings and verdicts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "options.hpp"
#include "records.hpp"

namespace study {

struct finding {
    std::string claim;     // the seed's words, shortened
    std::string rule;      // how the verdict is computed
    std::string evidence;  // the measured numbers
    std::string verdict;   // reproduced / not reproduced / inconclusive
    bool measured = true;  // false when the runs lack what the rule needs (the verdict is then inconclusive)
};

// Per variant, over its seeds, at the final epoch.
struct variant_summary {
    std::string variant;
    std::size_t runs = 0, diverged = 0;
    double accuracy_mean = 0, accuracy_std = 0;
    long epochs_to_97 = -1;                     // first epoch whose mean test accuracy reaches 0.97, or −1
    double bimodality = 0;                      // at the verdict layer (probes.hpp), after the transformation
    std::vector<mockbn::analysis::mode> modes;  // of the seed-averaged final histogram
    double features_bimodal = 0;                // mean fraction of features with two peaks of their own (after)
    double low = 0, high = 0;                   // mean 0th and 100th percentiles
    double seconds_per_epoch = 0;
};

std::vector<variant_summary> summarize(const options& o, const std::vector<run_result>& runs);
std::vector<finding> judge(const options& o, const std::vector<run_result>& runs,
                           const std::vector<variant_summary>& summary);

// summary.json's "variants" and "findings": one object per row of the summary, per finding.
nlohmann::json summary_json(const std::vector<variant_summary>& summary);
nlohmann::json findings_json(const std::vector<finding>& findings);

// Where the numbers were computed: the BLAS and its kernel change the last
// bits of every result, so the report names them.
struct provenance {
    double wall_seconds = 0;
    std::string blas;   // e.g. "OpenBLAS 0.3.21 ..., core Cooperlake"
    std::string build;  // environment::build; the sweep's report names it
};

struct written_report {
    std::vector<variant_summary> summary;
    std::vector<finding> findings;
    bool drawn = false;  // false if gnuplot could not draw the figures (the data files are written regardless)
};

// Writes every file, and returns the summary and findings it wrote.
written_report write_report(const options& o, const std::vector<run_result>& runs, const provenance& where);

}  // namespace study
