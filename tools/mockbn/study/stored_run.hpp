// A finished run read back from its checkpoint alone, without the data or
// training: how `mockbn merge` reads a shard's jobs and `mockbn report` a
// folder's.
//
// Contract: read_finished_run(path, name, remedy, o, j, where) returns the
// run of job j under options o, its variant and seed set, and sets `where`
// to the data, kernel and build its checkpoint names. It refuses (status 2)
// a missing checkpoint, one that belongs to another run (naming the first
// line of the identity that differs) and a run that neither finished nor
// diverged, each naming `name` or the file and ending with `remedy` where
// one helps; a checkpoint that cannot be read is a failure (status 1).
#pragma once

#include <filesystem>
#include <string>

#include "identity.hpp"
#include "job.hpp"
#include "options.hpp"
#include "records.hpp"

namespace study {

run_result read_finished_run(const std::filesystem::path& path, const std::string& name, const std::string& remedy,
                             const options& o, const job& j, environment& where);

}  // namespace study
