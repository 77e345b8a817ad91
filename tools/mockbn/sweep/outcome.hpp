// What a sweep produced, as the report and the CSV writers read it: its axes
// (the options given more than one value, in the fixed axis order), its
// configurations in grid order, and every configuration's runs in job order
// (its grown jobs last).
//
// Contract: configurations[c].values has one entry per name in
// axis_names (every axis option, single-valued ones included), written as
// jobs.csv writes them; axes lists only the options that vary, each with its
// values in the order given. runs[c] holds configuration c's finished jobs,
// variants in the order given, then seeds, then its grown jobs; a job that
// did not run is absent.
#pragma once

#include <string>
#include <vector>

#include "job.hpp"
#include "options.hpp"
#include "records.hpp"

namespace sweep {

// The axis options, slowest first: the order of the grid and of jobs.csv's columns.
inline const std::vector<std::string> axis_names = {
    "dataset",    "batch",        "optimizer",    "learning_rate", "momentum",     "weight_decay",
    "schedule",   "decay_every",  "decay_factor", "init",          "input_scale",  "initial",
    "activation", "width",        "depth",        "placement",     "shared",       "transform_lr_scale",
    "epochs",     "probe_layer",  "probe_split",  "probe_mode",    "probe_moment", "probe_early",
    "display",    "on_divergence"};

struct axis {
    std::string name;                 // an option key, as plan.json names it
    std::vector<std::string> values;  // as written in jobs.csv
};

struct configuration {
    study::options options;           // complete and checked
    std::vector<std::string> values;  // one per axis_names entry
    std::string id;                   // 8 hex digits: CRC-32 of its run settings
    std::vector<study::job> grown;    // the jobs growth added (grid.hpp), beyond every variant and seed of options
};

struct outcome {
    std::vector<axis> axes;  // the options that vary, in axis_names order
    std::vector<configuration> configurations;
    std::vector<std::vector<study::run_result>> runs;  // per configuration
    std::vector<std::string> grown_for;                // the claims seeds were grown for (growth.hpp), each once
};

}  // namespace sweep
