// Everything the study leaves in its results folder: the tidy CSV files, the
// aggregates the figures are drawn from, summary.json, the gnuplot scripts
// and their figures, ledger.md, and report.html with the reproduction ledger of the original study.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <mockbn/research/summary.hpp>

#include "folder.hpp"
#include "ledger.hpp"
#include "options.hpp"
#include "records.hpp"

namespace study {

using mockbn::research::variant_summary;

// The research layer's summary of each variant, at the options' verdict layer and last epoch.
std::vector<variant_summary> summarize(const options& o, const std::vector<run_result>& runs);

// summary.json's "variants": one object per row of the summary.
nlohmann::json summary_json(const std::vector<variant_summary>& summary);

// Where the numbers were computed: the BLAS and its kernel change the last
// bits of every result, so the report names them.
struct provenance {
    double wall_seconds = 0;              // every invocation's, summed
    std::string blas;                     // e.g. "OpenBLAS 0.3.21 ..., core Cooperlake"
    std::string build;                    // environment::build; the sweep's report names it
    std::vector<invocation> invocations;  // times.csv's rows (folder.hpp)
};

// The provenance of a folder whose invocations are `times`.
inline provenance provenance_of(std::vector<invocation> times, std::string blas, std::string build) {
    return {total_seconds(times), std::move(blas), std::move(build), std::move(times)};
}

// summary.json's "invocations": {"program", "seconds"} per row of times.csv.
nlohmann::json invocations_json(const std::vector<invocation>& times);

struct written_report {
    std::vector<variant_summary> summary;
    judged_ledger ledger;
    bool drawn = false;  // false if gnuplot could not draw the figures (the data files are written regardless)
};

// Writes every file, and returns the summary and the ledger it wrote.
written_report write_report(const options& o, const std::vector<run_result>& runs, const provenance& where);

}  // namespace study
