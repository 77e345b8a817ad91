// What a run of the study records after each whole epoch (docs/study.md,
// "What it records"): the research layer's records (mockbn/research/
// recorder.hpp) of the probed layers (probes.hpp) on the study's test and
// probe images, and a one-line progress report.
//
// Contract: record() appends what research::epoch_recorder appends to the
// run's result, then passes the progress line to the sink; announce()
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
          recorder_(data.test, data.probe, probe_plan_of(o)) {}

    template <class Model>
    void record(Model& model, const mockbn::epoch_report& report, run_result& out) const {
        recorder_.record(model, report, out);
        progress_(progress_line(report, out.epochs.back().test_accuracy));
    }

    void announce(const std::string& what) const {
        progress_(job_.variant + " seed " + std::to_string(job_.seed) + ": " + what);
    }

private:
    // The probed layers, every epoch, in the options' mode; the first epoch in detail when the verdicts read it.
    static mockbn::research::probe_plan probe_plan_of(const options& o) {
        mockbn::research::probe_plan plan{probed_layers(o), o.epochs, o.probe_mode, o.batch, {}, {}};
        if (o.probe_moment == mockbn::research::probe_moment::first && o.epochs > 1) plan.detailed = {1};
        return plan;
    }

    std::string progress_line(const mockbn::epoch_report& report, double test_accuracy) const;

    const options& o_;
    const study_data& data_;
    job job_;
    progress_sink progress_;
    mockbn::research::epoch_recorder recorder_;
};

}  // namespace study
