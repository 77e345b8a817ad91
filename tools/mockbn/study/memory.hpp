// How much memory a study needs, checked against what the machine has
// before anything is trained.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "options.hpp"

namespace study {

struct memory_plan {
    std::uint64_t parameters = 0;  // of one run's network
    std::uint64_t per_run = 0;     // bytes: parameters, gradients, optimizer state, checkpoint copies, activations
    std::size_t runs_at_once = 0;  // min(threads, runs)
    std::uint64_t shared = 0;      // bytes: the program itself, and the images used, as floats
    std::uint64_t loading = 0;     // bytes: the data files as read, held only while the images used are cut out
    std::uint64_t total() const { return shared + std::max(loading, per_run * runs_at_once); }
};

// An upper estimate for `runs` runs under o, at most o.threads of them at
// once, of networks of `features` inputs and `classes` outputs; without
// `runs`, o's own (its variants times its seeds).
memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs);
memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes);

// What this process can still have, in bytes, and what bounds it: the
// least of the machine's MemAvailable, the address-space limit's headroom
// (RLIMIT_AS less the process's size), and its cgroup's (memory.max less
// memory.current, or cgroup v1's limit less usage, at every level up).
struct available {
    std::uint64_t bytes = 0;
    std::string bound;  // "this machine has", "the address-space limit (ulimit -v) leaves", "the cgroup's ..."
};
available available_memory();

// The cgroup headroom of the process whose /proc/self/cgroup reads
// `self_cgroup`, under the cgroup file systems mounted at `mount`
// (/sys/fs/cgroup): v2's unified tree, or v1's memory controller; none
// when no level has a limit.
std::optional<std::uint64_t> cgroup_headroom(const std::filesystem::path& mount, const std::string& self_cgroup);

// Throws a refusal stating both numbers when the plan does not fit.
void require_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs);
void require_memory(const options& o, std::size_t features, std::size_t classes);

}  // namespace study
