// A run's checkpoint: the network, the optimizer and the run's result (its
// records and its divergence record, which owns the learning rate that
// rollbacks lower), saved after every epoch and read back to continue the
// run or to roll it back.
//
// Contract:
//  - save() writes the whole state atomically under the run's identity
//    (identity.hpp), so an interruption at any moment leaves the last saved
//    state whole; it then calls checkpoint_saved (the test hook).
//  - The result is stored through the persistence hook under "run." (field
//    by field, each field a section of plain scalars of one type:
//    "run.epochs.train_loss", doubles); the layout has a version,
//    run_format, in "run.format", raised whenever what is stored changes.
//  - read() and restore() accept only a checkpoint of this run (identity,
//    as load_run_checkpoint), in run_format (another version, or a
//    checkpoint from before versions, is a refusal naming the file and both
//    versions), whose records a run under the options can leave: at most
//    o.epochs epochs, each with its stage records of every probed layer
//    (probes.hpp) in order, whole (a checkpoint_error otherwise). restore()
//    loads the network and the optimizer and replaces `out`, keeping its
//    variant and seed; the optimizer then trains at the restored rate.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <mockbn/io/checkpoint.hpp>
#include <mockbn/io/state.hpp>

#include "interrupt.hpp"
#include "options.hpp"
#include "records.hpp"

namespace study {

// 2: stage records name their layer and hold per-feature statistics and per-class histograms.
inline constexpr std::uint32_t run_format = 2;

// Writes a run's result (without its variant and seed: those are in the identity) and run_format.
void put_run(mockbn::io::checkpoint& c, const run_result& r);

// Reads back what put_run wrote, after checking the format and the records
// against the options the run was trained under (see the contract above).
run_result get_run(const mockbn::io::checkpoint& c, const options& o);

class run_store {
public:
    // `identity` is the run's (run_identity); the options give the records' shape and --allow-kernel-change.
    run_store(std::filesystem::path file, std::string identity, const options& o);

    bool exists() const { return std::filesystem::exists(file_); }

    // What the checkpoint records, checked as restore() checks it (the study
    // checks every checkpoint this way before any run trains).
    run_result read() const { return get_run(open(), options_); }

    template <class Model, class Optimizer>
    void save(const Model& model, const Optimizer& optimizer, const run_result& out) const {
        mockbn::io::checkpoint c;
        mockbn::io::save_state(c, model);
        mockbn::io::save_state(c, optimizer, "optimizer");
        put_run(c, out);
        c.save(file_, identity_);
        checkpoint_saved(out.epochs.size());
    }

    template <class Model, class Optimizer>
    void restore(Model& model, Optimizer& optimizer, run_result& out) const {
        const auto c = open();
        run_result saved = get_run(c, options_);
        mockbn::io::load_state(c, model);
        mockbn::io::load_state(c, optimizer, "optimizer");
        mockbn::research::follow_rate(saved, optimizer);
        saved.variant = std::move(out.variant);
        saved.seed = out.seed;
        out = std::move(saved);
    }

private:
    mockbn::io::checkpoint open() const;

    std::filesystem::path file_;
    std::string identity_;
    options options_;
};

}  // namespace study
