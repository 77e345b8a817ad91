// The sweep's result files (docs/sweep.md, "What it writes"), each written
// whole or not at all (study::results_file), rows in job order:
//  - jobs.csv: one row per finished job: its number, its configuration's id
//    and every axis option's value, the variant and seed, how it ended, its
//    final metrics and the verdict layer's (study/probes.hpp) last probe
//    statistics, pooled and per feature, its time and BLAS kernel;
//  - metrics.csv, probe.csv, features.csv, classes.csv, params.csv: the
//    study's tables (tidy.hpp), each row after its job's number;
//  - summary.json: the sweep, its axes, and per configuration its values, its
//    id, and, once all its jobs have finished, the study's summary table and
//    the reproduction ledger's verdicts, effects, power and sensitivity, as
//    `judged` holds them (report_verdicts.hpp: judge_configurations, computed
//    once for these files and the report).
// The report page and its figure are sweep_report's.
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "outcome.hpp"
#include "report.hpp"
#include "report_verdicts.hpp"

namespace sweep {

void write_results(const std::filesystem::path& out, const outcome& o, const std::vector<judged_configuration>& judged,
                   const nlohmann::json& sweep, const study::provenance& where);

}  // namespace sweep
