// What a search writes beside its sweep's files (docs/sweep.md, "The
// search"): search.json, the search and per rung its points, their
// configurations and scores and the points kept, and after the last rung the
// best point with claim 1's verdicts on it; and search.md, the same for a
// reader (scripts/findings copies it into docs/findings.md).
//
// Contract: write_search_files() rewrites both files atomically
// (study::results_file) from what it is given; `best` is given once the
// last rung is scored. A score that is not a number is written as null
// (JSON) or "-" (page).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <mockbn/research/ledger.hpp>

#include "grid.hpp"
#include "search_file.hpp"

namespace sweep {

inline constexpr const char* search_file_name = "search.json";

// One rung: its points (each with its epochs), their configurations' ids and scores, in the order drawn or kept.
struct rung_record {
    std::size_t epochs = 0;
    std::vector<point_values> points;
    std::vector<std::string> configurations;
    std::vector<double> scores;
    std::vector<std::size_t> kept;  // indices into points, best first
};

struct best_point {
    point_values point;
    std::string configuration;
    double score = 0;
    mockbn::research::finding claim_1;
};

void write_search_files(const std::filesystem::path& out, const search_spec& spec,
                        const std::vector<rung_record>& rungs, const std::optional<best_point>& best);

}  // namespace sweep
