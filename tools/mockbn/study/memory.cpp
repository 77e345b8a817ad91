#include "memory.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "folder.hpp"

namespace study {

namespace {

std::string gib(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    return text;
}

}  // namespace

memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs) {
    const std::uint64_t w = o.width, d = o.depth;
    // Dense weights and biases, then at most three parameters per feature per transformed layer (log_shift's).
    const std::uint64_t parameters =
        (features + 1) * w + (d - 1) * (w + 1) * w + (w + 1) * classes + 3 * w * o.placement.size();
    const std::uint64_t state = o.optimizer == mockbn::research::optimizer_rule::adam ? 2 : 1;
    // Values, gradients and optimizer state; a checkpoint holds a copy of values and state, serialized once more.
    const std::uint64_t model_floats = parameters * (2 + state) + 2 * parameters * (1 + state);
    // Six buffers per hidden layer and rows of the largest pass (a batch, evaluation's 1,000, the probe set),
    // the loss's, and the gathered inputs.
    const std::uint64_t rows = std::max<std::uint64_t>({o.batch, 1000, o.probe_images});
    const std::uint64_t activation_floats = rows * (6 * d * w + 4 * classes + features);
    memory_plan plan;
    plan.parameters = parameters;
    plan.per_run = 4 * (model_floats + activation_floats) + (std::uint64_t{16} << 20);
    plan.runs_at_once = std::min(o.threads, runs);
    return plan;
}

memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes) {
    return plan_memory(o, features, classes, o.variants.size() * o.seeds.size());
}

std::uint64_t available_memory() {
    std::ifstream meminfo("/proc/meminfo");
    for (std::string key; meminfo >> key;) {
        std::uint64_t kib = 0;
        if (key == "MemAvailable:" && meminfo >> kib) return kib * 1024;
        meminfo.ignore(256, '\n');
    }
    return static_cast<std::uint64_t>(::sysconf(_SC_AVPHYS_PAGES)) *
           static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

void require_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs) {
    const auto plan = plan_memory(o, features, classes, runs);
    const auto available = available_memory();
    if (plan.total() <= available) return;
    throw refusal("this study needs about " + gib(plan.total()) + " of memory (" + std::to_string(plan.runs_at_once) +
                  " run(s) at once, " + gib(plan.per_run) + " each for " + std::to_string(plan.parameters) +
                  " parameters and their buffers); this machine has " + gib(available) +
                  " available: lower --width, --depth or --threads");
}

void require_memory(const options& o, std::size_t features, std::size_t classes) {
    require_memory(o, features, classes, o.variants.size() * o.seeds.size());
}

}  // namespace study
