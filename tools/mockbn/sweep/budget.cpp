#include "budget.hpp"

#include <algorithm>
#include <cstdio>

#include <mockbn/data/idx.hpp>

#include "folder.hpp"
#include "memory.hpp"
#include "records.hpp"

namespace sweep {

namespace {

namespace fs = std::filesystem;

std::string count_text(std::uint64_t n) {
    char text[32];
    std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(n));
    return text;
}

// "1 job", "2 jobs".
std::string counted(std::uint64_t n, const std::string& what) {
    return count_text(n) + " " + what + (n == 1 ? "" : "s");
}

std::string gigabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
    return text;
}

std::string hours_text(double hours) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g h", hours);
    return text;
}

// One job's operations: 6P per training image and 2P per validation and probe image every epoch, 2P per test
// image at the last epoch (or every epoch).
double operations(const study::options& o, std::uint64_t parameters) {
    const auto images = static_cast<double>(study::training_images(o));
    const auto test = static_cast<double>(o.test_limit > 0 ? o.test_limit : mockbn::data::standard_test);
    const auto validation = static_cast<double>(study::validation_images(o)), epochs = static_cast<double>(o.epochs);
    const double per_epoch = 6.0 * (images - validation) + 2.0 * (validation + static_cast<double>(o.probe_images));
    return static_cast<double>(parameters) * (epochs * per_epoch + 2.0 * test * (o.test_every_epoch ? epochs : 1.0));
}

// One job's checkpoint, uncompressed: values and optimizer state, and its records in doubles (records.hpp):
// per epoch and probed layer, two stages of a histogram and a description per feature; per class at the last.
std::uint64_t checkpoint_bytes(const study::options& o, std::uint64_t parameters) {
    const std::uint64_t state = o.optimizer == mockbn::research::optimizer_rule::adam ? 2 : 1;
    const std::uint64_t layers = o.probe_layer == study::every_hidden_layer ? o.depth : 1;
    const std::uint64_t bins = study::histogram_bins, classes = mockbn::data::standard_classes;
    const std::uint64_t stage_doubles = bins + 16 * o.width + 64;
    const std::uint64_t record_doubles =
        o.epochs * (layers * 2 * stage_doubles + 16 + 8 * 3 * o.placement.size()) + layers * 2 * classes * bins;
    return 4 * parameters * (1 + state) + 8 * record_doubles + 4096;
}

// `out`, or the nearest folder above it that exists: where its files will go.
fs::path existing(fs::path out) {
    out = fs::absolute(out);
    std::error_code error;
    while (!fs::exists(out, error) && out.has_parent_path() && out != out.parent_path()) out = out.parent_path();
    return out;
}

}  // namespace

void require_size(const grid& g, const limits& l) {
    const grid_size size = size_of(g);
    if (size.jobs <= l.most_jobs) return;
    throw study::refusal("the grid has " + counted(size.configurations, "configuration") + " and " +
                         counted(size.jobs, "job") + ", past the limit of " + counted(l.most_jobs, "job") +
                         ": narrow the grid, split it into sweeps, or raise the limit with --max-jobs N");
}

cost estimate(const std::vector<configuration>& configurations, const std::vector<std::size_t>& jobs,
              std::size_t threads) {
    const auto all = jobs_of(configurations);
    cost c;
    double total = 0;
    for (const std::size_t n : jobs) {
        if (all[n].source != n) continue;  // reuses another job's run
        const auto& o = configurations[all[n].configuration].options;
        const auto parameters =
            study::plan_memory(o, mockbn::data::standard_features, mockbn::data::standard_classes, 1).parameters;
        total += operations(o, parameters);
        c.checkpoint_bytes += checkpoint_bytes(o, parameters);
        ++c.jobs;
    }
    const auto at_once = static_cast<double>(std::max<std::size_t>(1, std::min<std::size_t>(threads, c.jobs)));
    c.hours = total / (assumed_flops_per_thread * at_once) / 3600;
    return c;
}

void require_budget(const cost& c, const limits& l, const fs::path& out) {
    const std::string jobs = counted(c.jobs, "job");
    if (c.hours > l.most_hours)
        throw study::refusal("the sweep would take about " + hours_text(c.hours) + " (" + jobs +
                             " at an assumed 20 GFLOP/s per thread), past the limit of " + hours_text(l.most_hours) +
                             ": narrow the grid, or raise the limit with --max-hours H");
    const fs::path place = existing(out);
    std::error_code error;
    const auto space = fs::space(place, error);
    if (!error && c.checkpoint_bytes > space.available)
        throw study::refusal("the sweep's checkpoints need about " + gigabytes(c.checkpoint_bytes) + " (" + jobs +
                             "), more than the " + gigabytes(space.available) + " free where " +
                             study::printable(place.string()) + " is: free space, or narrow the grid");
}

}  // namespace sweep
