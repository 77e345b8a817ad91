#include "run_store.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "folder.hpp"
#include "identity.hpp"
#include "probes.hpp"

namespace study {

namespace {

using mockbn::io::checkpoint;
using mockbn::io::checkpoint_error;

// Refuses a checkpoint whose results are in another layout than run_format.
void check_format(const checkpoint& c) {
    const std::string reads =
        "; this build reads format " + std::to_string(run_format) + "; --force starts the folder's runs over";
    if (!c.has("run.format"))
        throw refusal(c.path() + " holds run results without a format version (an earlier build's raw records)" +
                      reads);
    const auto format = c.get_value<std::uint32_t>("run.format");
    if (format != run_format)
        throw refusal(c.path() + " holds run results in format " + std::to_string(format) + reads);
}

std::string layers_text(const std::vector<std::size_t>& layers) {
    return layers.size() == 1 ? "hidden layer " + std::to_string(layers[0])
                              : "hidden layers 1 to " + std::to_string(layers.size());
}

// Refuses a run whose records are not, per epoch from 1 to at most o.epochs, "before" and "after" of each
// probed layer in order, after those of the probe within the first epoch (epoch 0) when o asks for one: every
// run past its first epoch has them, and one stopped within it may.
void check_record_order(const checkpoint& c, const run_result& r, const options& o) {
    const auto layers = probed_layers(o);
    const std::size_t per_epoch = 2 * layers.size();
    const std::size_t early = o.probe_early > 0 && !r.stages.empty() && r.stages.front().epoch == 0 ? per_epoch : 0;
    bool consistent = r.epochs.size() <= o.epochs && r.stages.size() == early + per_epoch * r.epochs.size() &&
                      (o.probe_early == 0 || r.epochs.empty() || early > 0);
    for (std::size_t i = 0; consistent && i < r.epochs.size(); ++i) consistent = r.epochs[i].epoch == i + 1;
    for (std::size_t i = 0; consistent && i < r.stages.size(); ++i) {
        const auto& s = r.stages[i];
        consistent = s.epoch == (i < early ? 0 : (i - early) / per_epoch + 1) && s.layer == layers[i % per_epoch / 2] &&
                     s.stage == (i % 2 == 0 ? "before" : "after");
    }
    const std::string within = o.probe_early > 0 ? " (and once within the first)" : "";
    if (!consistent)
        throw checkpoint_error(c.path() + ": its records do not make a run of at most " + std::to_string(o.epochs) +
                               " epochs" + within + " probing " + layers_text(layers) + " (" +
                               std::to_string(r.epochs.size()) + " epoch records, " + std::to_string(r.stages.size()) +
                               " stage records)");
}

// Refuses a stage record without everything a run records: its percentiles and bins, a feature record per
// feature of the layer, and a histogram per class at the epochs recorded in detail only (the last, and the
// probe the verdicts read: probe_plan_of).
void check_stage(const checkpoint& c, const stage_record& s, const options& o) {
    const std::string which = c.path() + ": a stage record of epoch " + std::to_string(s.epoch) + " has ";
    const std::size_t percentiles = std::size(mockbn::analysis::band_percentiles);
    if (s.percentiles.size() != percentiles || s.histogram.counts.size() != histogram_bins)
        throw checkpoint_error(which + std::to_string(s.percentiles.size()) + " percentiles and " +
                               std::to_string(s.histogram.counts.size()) + " histogram bins, not the " +
                               std::to_string(percentiles) + " and " + std::to_string(histogram_bins) +
                               " every run records");
    if (s.features.size() != o.width)
        throw checkpoint_error(which + std::to_string(s.features.size()) + " feature records, not one per feature (" +
                               std::to_string(o.width) + ")");
    const bool whole = std::all_of(s.classes.begin(), s.classes.end(), [](const mockbn::analysis::histogram& h) {
        return h.counts.size() == histogram_bins;
    });
    if (s.classes.empty() == probe_plan_of(o).details(s.epoch) || !whole)
        throw checkpoint_error(which + std::to_string(s.classes.size()) +
                               " class histograms; a run records one per class, of " + std::to_string(histogram_bins) +
                               " bins, at its last epoch (" + std::to_string(o.epochs) +
                               ") and the probe its verdicts read only");
}

// Refuses records that no run under `o` leaves: a checkpoint whose checksum holds but whose content was put
// together by hand.
void check_records(const checkpoint& c, const run_result& r, const options& o) {
    check_record_order(c, r, o);
    for (const auto& s : r.stages) check_stage(c, s, o);
}

}  // namespace

void put_run(checkpoint& c, const run_result& r) {
    c.put_value<std::uint32_t>("run.format", run_format);
    mockbn::io::save_state(c, r, "run");
}

run_result get_run(const checkpoint& c, const options& o) {
    check_format(c);
    run_result r;
    mockbn::io::load_state(c, r, "run");
    check_records(c, r, o);
    return r;
}

run_store::run_store(std::filesystem::path file, std::string identity, const options& o)
    : file_(std::move(file)), identity_(std::move(identity)), options_(o) {}

checkpoint run_store::open() const { return load_run_checkpoint(file_, identity_, options_.allow_kernel_change); }

}  // namespace study
