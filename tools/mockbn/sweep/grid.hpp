// The sweep's grid: the study's options with the values given for each, its
// expansion into configurations and jobs in the fixed order, and its
// canonical JSON form (docs/sweep.md, "The order").
//
// Contract:
//  - A grid holds, per option key given, its values as texts a study
//    command line takes ("0.01", "3,4", "all", "true"). An axis option
//    (outcome.hpp's axis_names) may hold several, one per configuration;
//    every other option holds one (variants and seeds one list each).
//  - A grid may instead list points: configurations given one by one (a
//    search's), each the axis values it sets beside the options every
//    configuration shares. With points, they are the configurations, in the
//    order listed; an axis holding several values beside them, or a key
//    both a point and the grid give, is a refusal naming it.
//  - expand() takes every combination, the first axis slowest, and parses
//    each through the study's own command line (study::parse: its defaults,
//    --quick and check()). A combination the study refuses is a refusal
//    naming the configuration's values and the option. Two values of one
//    axis that make the same configurations wherever they are used are
//    refused too; configurations alike in some places only are kept.
//  - A job is (configuration, variant, seed); jobs_of() lists them in job
//    order: configurations in grid order, then the variants, then the seeds,
//    each in the order given; after every configuration's, the grown jobs
//    (configuration by configuration, each in the order grown), so growing
//    a sweep renumbers none of its jobs. A job's number is its place in that
//    list. Jobs
//    with the same numbers (the same study::job_key) are one run: the first
//    is trained, the others reuse it.
//  - canonical() is the grid as a sweep file (sweep_file.hpp) holds it, each
//    value written by the study's own JSON writer (to_json): the same sweep,
//    however it was typed, has the same canonical form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "job.hpp"
#include "outcome.hpp"

namespace sweep {

// The i-th of n shares of a sweep's trained jobs (1 ≤ i ≤ n): those whose place among them mod n is i − 1.
struct share {
    std::size_t index = 1, count = 1;
    bool holds(std::size_t place) const { return place % count == index - 1; }
    std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Seeds added to one configuration after its grid's jobs finished (mockbn sweep --grow, growth.hpp): for the
// variants a claim pairs, the seeds its power calculation asks for.
struct growth {
    std::string configuration;  // its id
    std::string claim;          // the ledger's id of the claim they were added for
    std::vector<std::string> variants;
    std::vector<std::uint64_t> seeds;
};

// One configuration given as a point: axis option key → its value, as a command line takes it.
using point_values = std::map<std::string, std::string>;

struct grid {
    std::map<std::string, std::vector<std::string>> given;  // option key (as plan.json names it) → its values, as typed
    std::vector<point_values> points;                       // when not empty, the configurations, one by one
    share part;                                             // the share this folder runs (--shard)
    std::vector<growth> grown;                              // in the order grown
};

// Whether `key` is an axis (axis_names), and what separates its values on a command line.
bool is_axis(const std::string& key);
char separator_of(const std::string& key);

// g's size from its values alone, before any configuration is built: the
// product of the axes' counts (or the number of points), and that times the
// variants and seeds of each (a product past 2^64 - 1 reads as 2^64 - 1).
struct grid_size {
    std::uint64_t configurations = 1, jobs = 1;
};
grid_size size_of(const grid& g);

// Every configuration of g, in grid order, with its results folder `out`,
// each with the jobs g.grown adds to it (a growth naming a configuration g
// lacks, or a variant it does not run, is a refusal naming both).
// A stop signal (interrupt.hpp) ends it before the next configuration is
// built, with a study_error of status 128 + the signal.
std::vector<configuration> expand(const grid& g, const std::string& out);

// How many configurations expand() has built in this process, in all.
std::uint64_t configurations_built();

struct job_ref {
    std::size_t configuration = 0;
    study::job job;
    // The job whose run this is: the first of the sweep with the same numbers (study::job_key), itself when it
    // is that first one; a job whose source is another reuses its run and is never trained.
    std::size_t source = 0;
};
std::vector<job_ref> jobs_of(const std::vector<configuration>& configurations);

// The jobs `part` holds: each trained job by its place among the trained jobs, with every job that reuses it.
std::vector<std::size_t> jobs_in(const std::vector<job_ref>& jobs, const share& part);

// How many jobs the grid itself has (every configuration's variants times its seeds): the grown ones' first number.
std::size_t grid_job_count(std::span<const configuration> configurations);

// The number of configuration c's job (variant, seed).
std::size_t job_number(const std::vector<configuration>& configurations, std::size_t c, const std::string& variant,
                       std::uint64_t seed);

// The options given more than one value (with points: set by points to more
// than one), in axis_names order, each with its values as the configurations
// hold them.
std::vector<axis> axes_of(const grid& g, const std::vector<configuration>& configurations);

// g as its sweep file, from its configurations; threads and the data folder
// are kept (the data folder when every configuration reads the same).
nlohmann::json canonical(const grid& g, const std::vector<configuration>& configurations);

// The study's option keys with the study's defaults, whose JSON types
// a sweep file's values must have.
const nlohmann::json& option_defaults();

}  // namespace sweep
