// A sweep's results folder (docs/results-folder.md), laid out as a study's
// (folder.hpp: the lock, plan.json, atomic files, stale temporaries): its
// plan.json holds the sweep in grid.hpp's canonical form, and each
// configuration's checkpoints are in checkpoints/<config-id>/.
//
// Contract:
//  - refuse_early(): a file in the folder's place is refused; a folder
//    holding a study's results, an earlier layout's or other files is
//    refused without --force, before anything is made in it.
//  - settle(), with the folder locked: an empty folder starts afresh; one
//    whose plan.json holds the same sweep (threads and the data folder
//    aside) continues it; another sweep is a refusal naming the first key
//    that differs. --force starts afresh: it removes a previous sweep's (or
//    study's) results (study::remove_results), and writes beside other files.
//  - prepare() removes what a killed writer left in the folders of the
//    configurations given and writes plan.json; a configuration's folder is
//    made when its first job starts (place_checkpoint), so a large grid
//    leaves no empty folders behind.
//  - Every error is a study_error: 2 for a refusal, 1 for a failure.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grid.hpp"
#include "job.hpp"
#include "outcome.hpp"

namespace sweep {

// What decides a sweep's jobs: its canonical form but for threads and the data folder.
nlohmann::json deciding(nlohmann::json sweep);

// The flag of the first key whose value differs between two sweeps' forms, and both values.
struct difference {
    std::string flag, first, second;  // values as JSON text, "nothing" for a key one lacks
};
difference first_difference(const nlohmann::json& first, const nlohmann::json& second);

std::filesystem::path checkpoint_of(const std::filesystem::path& out, const configuration& c, const study::job& j);

// checkpoint_of(), its configuration's folder made first.
std::filesystem::path place_checkpoint(const std::filesystem::path& out, const configuration& c, const study::job& j);

void refuse_early(const std::filesystem::path& out, bool force);

// The sweep whose results `folder` holds (its plan.json); a refusal naming
// the folder or the file otherwise.
grid read_plan(const std::filesystem::path& folder);

// Whether the folder's sweep continues (true), or starts afresh.
bool settle(const std::filesystem::path& out, const nlohmann::json& sweep, bool force);

void prepare(const std::filesystem::path& out, const nlohmann::json& sweep,
             const std::vector<const configuration*>& configurations);

}  // namespace sweep
