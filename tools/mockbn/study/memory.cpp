#include "memory.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include <mockbn/data/idx.hpp>

#include "folder.hpp"

namespace study {

namespace {

namespace fs = std::filesystem;

// The program itself, resident: code, libraries, OpenBLAS's buffers, the allocator's arenas. Measured: a study
// of width 16 on 1,000 images peaks at 69 MiB, 60 MiB of it the data while it is read; a third of this bound.
constexpr std::uint64_t program_bytes = std::uint64_t{32} << 20;

std::string gib(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    return text;
}

// The number a cgroup file holds ("max" and anything unreadable: none).
std::optional<std::uint64_t> number_in(const fs::path& file) {
    std::ifstream in(file);
    std::uint64_t value = 0;
    if (in >> value) return value;
    return std::nullopt;
}

// A "Key: N kB" line of a /proc file, in bytes.
std::optional<std::uint64_t> kib_line(const char* file, const std::string& key) {
    std::ifstream in(file);
    for (std::string word; in >> word;) {
        std::uint64_t kib = 0;
        if (word == key && in >> kib) return kib * 1024;
        in.ignore(256, '\n');
    }
    return std::nullopt;
}

std::uint64_t machine_available() {
    if (const auto bytes = kib_line("/proc/meminfo", "MemAvailable:")) return *bytes;
    return static_cast<std::uint64_t>(::sysconf(_SC_AVPHYS_PAGES)) *
           static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// The process's address space now (VmSize), which RLIMIT_AS bounds.
std::uint64_t process_size() { return kib_line("/proc/self/status", "VmSize:").value_or(0); }

}  // namespace

memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs) {
    const std::uint64_t w = o.width, d = o.depth;
    // Dense weights and biases, then at most three parameters per feature per transformed layer (log_shift's).
    const std::uint64_t parameters =
        (features + 1) * w + (d - 1) * (w + 1) * w + (w + 1) * classes + 3 * w * o.placement.size();
    const std::uint64_t state = o.optimizer == mockbn::research::optimizer_rule::adam ? 2 : 1;
    // Values, gradients and optimizer state; saving a checkpoint holds values and state four times more (the
    // checkpoint, its bytes, their compressed form and the file's) at its peak: measured, 11P floats for SGD.
    const std::uint64_t model_floats = parameters * (2 + state) + 4 * parameters * (1 + state);
    // Six buffers per hidden layer and rows of the largest pass (a batch, evaluation's 1,000, the probe set),
    // the loss's, and the gathered inputs.
    const std::uint64_t rows = std::max<std::uint64_t>({o.batch, 1000, o.probe_images});
    const std::uint64_t activation_floats = rows * (6 * d * w + 4 * classes + features);
    // The data: the files as read, a byte per pixel and label, until the images used are cut out as floats (the
    // training and test subsets and the probe's images), which stay.
    const std::uint64_t all = mockbn::data::standard_train + mockbn::data::standard_test;
    const std::uint64_t used = (o.train_limit > 0 ? o.train_limit : mockbn::data::standard_train) +
                               (o.test_limit > 0 ? o.test_limit : mockbn::data::standard_test) + o.probe_images;
    memory_plan plan;
    plan.shared = program_bytes + 4 * features * used;
    plan.loading = (features + 1) * all;
    plan.parameters = parameters;
    plan.per_run = 4 * (model_floats + activation_floats) + (std::uint64_t{16} << 20);
    plan.runs_at_once = std::min(o.threads, runs);
    return plan;
}

memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes) {
    return plan_memory(o, features, classes, o.variants.size() * o.seeds.size());
}

std::optional<std::uint64_t> cgroup_headroom(const fs::path& mount, const std::string& self_cgroup) {
    std::optional<std::uint64_t> least;
    const auto bound = [&](const fs::path& folder, const char* limit_file, const char* usage_file) {
        for (fs::path at = folder;; at = at.parent_path()) {
            const auto limit = number_in(at / limit_file), usage = number_in(at / usage_file);
            if (limit && usage) least = std::min(least.value_or(*limit), *limit > *usage ? *limit - *usage : 0);
            if (at == mount || !at.has_parent_path() || at == at.parent_path()) break;
        }
    };
    std::istringstream lines(self_cgroup);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const fs::path path = fs::path(line.substr(second + 1)).relative_path();
        if (line.compare(0, first, "0") == 0 && controllers.empty()) {  // v2: the unified tree
            for (const fs::path& tree : {mount, mount / "unified"})
                if (fs::exists(tree / path)) bound(tree / path, "memory.max", "memory.current");
        } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {  // v1's memory controller
            const fs::path tree = mount / "memory";
            bound(fs::exists(tree / path) ? tree / path : tree, "memory.limit_in_bytes", "memory.usage_in_bytes");
        }
    }
    return least;
}

available available_memory() {
    available a{machine_available(), "this machine has"};
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const std::uint64_t size = process_size(), most = limit.rlim_cur;
        const std::uint64_t left = most > size ? most - size : 0;
        if (left < a.bytes) a = {left, "the address-space limit (ulimit -v, " + gib(most) + ") leaves"};
    }
    std::ifstream file("/proc/self/cgroup");
    const std::string self((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (const auto left = cgroup_headroom("/sys/fs/cgroup", self); left && *left < a.bytes)
        a = {*left, "this process's cgroup leaves"};
    return a;
}

void require_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs) {
    const auto plan = plan_memory(o, features, classes, runs);
    const auto available = available_memory();
    if (plan.total() <= available.bytes) return;
    throw refusal("this study needs about " + gib(plan.total()) + " of memory (" + std::to_string(plan.runs_at_once) +
                  " run(s) at once, " + gib(plan.per_run) + " each for " + std::to_string(plan.parameters) +
                  " parameters and their buffers); " + available.bound + " " + gib(available.bytes) +
                  " available: lower --width, --depth or --threads");
}

void require_memory(const options& o, std::size_t features, std::size_t classes) {
    require_memory(o, features, classes, o.variants.size() * o.seeds.size());
}

}  // namespace study
