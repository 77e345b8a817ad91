// What a run of the study records after each whole epoch (docs/study.md,
// "What it records"): the research layer's records (mockbn/research/
// recorder.hpp) of the probed layers (probes.hpp) on the study's validation,
// test and probe images, and a one-line progress report: the validation
// accuracy, and the test accuracy at the epochs the test set is evaluated.
//
// Contract: record() appends what research::epoch_recorder appends to the
// run's result, then passes the progress line to the sink; record_step()
// and record_start() what its own append (the probe within the first epoch,
// the untrained network's units); announce()
// passes a line about the run (a divergence, say) to the sink.
#pragma once

#include <string>
#include <utility>

#include <mockbn/research/recorder.hpp>
#include <mockbn/train/fit.hpp>

#include "job.hpp"
#include "options.hpp"
#include "probes.hpp"
#include "records.hpp"

namespace study {

class epoch_recorder {
public:
    epoch_recorder(const options& o, const study_data& data, const job& j, progress_sink progress)
        : o_(o),
          data_(data),
          job_(j),
          progress_(std::move(progress)),
          recorder_(data.validation, data.test, data.probe, probe_plan_of(o)) {}

    template <class Model>
    void record(Model& model, const mockbn::epoch_report& report, run_result& out) const {
        recorder_.record(model, report, out);
        progress_(progress_line(report, out.epochs.back()));
    }

    template <class Model>
    void record_step(Model& model, std::size_t epoch, std::size_t step, run_result& out) const {
        recorder_.record_step(model, epoch, step, out);
    }

    template <class Model>
    void record_start(const Model& model, run_result& out) const {
        recorder_.record_start(model, out);
    }

    void announce(const std::string& what) const {
        progress_(job_.variant + " seed " + std::to_string(job_.seed) + ": " + what);
    }

private:
    std::string progress_line(const mockbn::epoch_report& report, const epoch_record& recorded) const;

    const options& o_;
    const study_data& data_;
    job job_;
    progress_sink progress_;
    mockbn::research::epoch_recorder recorder_;
};

}  // namespace study
