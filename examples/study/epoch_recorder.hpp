// What a run records after each whole epoch (docs/study.md, "What it
// records"): the training loss and time fit reports, the test loss and
// accuracy, each probed layer's values before and after its transformation
// (statistics, percentiles, histogram, main modes; each feature's own
// statistics and modes; at the last epoch, a histogram per class of the
// probe images), each learnable parameter's spread across features, and a
// one-line progress report.
//
// Contract: record() evaluates the model (inference mode: it changes no
// parameter and no batch statistic) and appends one epoch_record, two
// stage_records per probed layer (probes.hpp: in layer order, "before" then
// "after") and the parameter_records of that epoch to the run's result;
// announce() passes a line about the run (a divergence, say) to the
// progress sink.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <mockbn/mockbn.hpp>

#include "job.hpp"
#include "options.hpp"
#include "probes.hpp"
#include "records.hpp"

namespace study {

class epoch_recorder {
public:
    epoch_recorder(const options& o, const study_data& data, const job& j, progress_sink progress)
        : o_(o), data_(data), job_(j), progress_(std::move(progress)), layers_(probed_layers(o)) {}

    template <class Model>
    void record(Model& model, const mockbn::epoch_report& report, run_result& out) const {
        const mockbn::evaluation test = mockbn::evaluate(model, data_.test);
        out.epochs.push_back({report.epoch, report.train_loss, test.loss, test.accuracy, report.seconds});
        model.predict(data_.probe.all_images());
        for (std::size_t h : layers_) {
            out.stages.push_back(measure(report.epoch, h, "before", model.pre_transform(h)));
            out.stages.push_back(measure(report.epoch, h, "after", model.pre_activation(h)));
        }
        record_parameters(model, report.epoch, out);
        progress_(progress_line(report, test.accuracy));
    }

    void announce(const std::string& what) const {
        progress_(job_.variant + " seed " + std::to_string(job_.seed) + ": " + what);
    }

private:
    stage_record measure(std::size_t epoch, std::size_t layer, const char* stage,
                         mockbn::matrix_view<const float> values) const;

    template <class Model>
    void record_parameters(const Model& model, std::size_t epoch, run_result& out) const {
        if constexpr (mockbn::parameter_count<typename Model::policy> != 0) {
            for (std::size_t h : o_.placement) {
                const auto all = model.transform_parameters(h);
                const auto names = model.transformation(h).parameter_names();
                const std::size_t per = all.size() / names.size();
                for (std::size_t k = 0; k < names.size(); ++k)
                    out.parameters.push_back(summarize(epoch, h, names[k], all.subspan(k * per, per)));
            }
        }
    }

    static parameter_record summarize(std::size_t epoch, std::size_t layer, std::string_view name,
                                      std::span<const float> values);

    std::string progress_line(const mockbn::epoch_report& report, double test_accuracy) const;

    const options& o_;
    const study_data& data_;
    job job_;
    progress_sink progress_;
    std::vector<std::size_t> layers_;
};

}  // namespace study
