#include "results.hpp"

#include <numeric>

#include "folder.hpp"
#include "grid.hpp"
#include "probes.hpp"
#include "report_models.hpp"
#include "report_text.hpp"
#include "report_verdicts.hpp"
#include "tidy.hpp"

// OpenBLAS's threads per job: the sweep, like the study, sets one.
extern "C" int openblas_get_num_threads(void);

namespace sweep {

namespace fs = std::filesystem;

namespace {

using nlohmann::json;
using study::number;
using study::run_result;

// "Haswell" for a run computed under one kernel, its whole history otherwise.
std::string kernel_of(const run_result& r) {
    const std::string suffix = " from epoch 1";
    const bool one = r.kernels.find(", ") == std::string::npos && r.kernels.size() > suffix.size() &&
                     r.kernels.compare(r.kernels.size() - suffix.size(), suffix.size(), suffix) == 0;
    return one ? r.kernels.substr(0, r.kernels.size() - suffix.size()) : r.kernels;
}

// The job's final metrics, and the verdict layer's number and last "after" statistics, pooled and per
// feature; empty fields for what it lacks.
std::string final_fields(const run_result& r, const study::options& o) {
    std::string text;
    if (r.epochs.empty()) {
        text += ",,,,";
    } else {
        const auto& e = r.epochs.back();
        text += number(e.train_loss);
        for (const double v : {e.validation_loss, e.validation_accuracy, e.test_loss, e.test_accuracy})
            text += ',' + number(v);
    }
    const std::size_t layer = study::verdict_layer(o);
    text += ',' + std::to_string(layer);
    const auto* after = r.epochs.empty() ? nullptr : study::find_stage(r, layer, r.epochs.back().epoch, "after");
    if (!after) return text + ",,,,,,";
    text += ',' + number(after->description.bimodality);
    for (std::size_t m = 0; m < 2; ++m) text += ',' + (m < after->modes.size() ? number(after->modes[m].location) : "");
    return text + ',' + number(after->percentiles.front()) + ',' + number(after->percentiles.back()) + ',' +
           number(study::features_bimodal(*after));
}

void write_jobs(const fs::path& out, const outcome& o) {
    study::results_file f(out / "jobs.csv");
    f << "job,config";
    for (const auto& name : axis_names) f << ',' << name;
    f << ",variant,seed,reuses,diverged,epochs_done,train_loss,validation_loss,validation_accuracy,test_loss,"
         "test_accuracy,layer,bimodality,mode1,mode2,p0,"
         "p100,"
         "features_bimodal,seconds,blas_kernel,blas_threads\n";
    const std::string threads = std::to_string(openblas_get_num_threads());
    const auto jobs = jobs_of(o.configurations);
    for (std::size_t c = 0; c < o.configurations.size(); ++c)
        for (const auto& r : o.runs[c]) {
            const std::size_t job = job_number(o.configurations, c, r.variant, r.seed);
            const std::size_t source = jobs[job].source;
            f << job << ',' << o.configurations[c].id;
            for (const auto& value : o.configurations[c].values) f << ',' << study::csv_field(value);
            const double seconds = std::accumulate(r.epochs.begin(), r.epochs.end(), 0.0,
                                                   [](double sum, const auto& e) { return sum + e.seconds; });
            f << ',' << r.variant << ',' << r.seed << ',' << (source == job ? "" : std::to_string(source)) << ','
              << (r.diverged ? "true" : "false") << ',' << r.epochs.size() << ','
              << final_fields(r, o.configurations[c].options) << ',' << number(seconds) << ','
              << study::csv_field(kernel_of(r)) << ',' << threads << '\n';
        }
    f.commit();
}

void write_tables(const fs::path& out, const outcome& o) {
    for (const auto& table : study::tidy_tables) {
        study::results_file f(out / table.file);
        f << "job," << table.columns << '\n';
        for (std::size_t c = 0; c < o.configurations.size(); ++c)
            for (const auto& r : o.runs[c])
                table.write_rows(f, r, std::to_string(job_number(o.configurations, c, r.variant, r.seed)) + ",");
        f.commit();
    }
    study::results_file models(out / "models.csv"), laws(out / "conservation.csv");
    models << "job," << study::model_columns << '\n';
    laws << "job," << study::law_columns << '\n';
    for (std::size_t c = 0; c < o.configurations.size(); ++c)
        for (const auto& r : o.runs[c]) {
            const std::string job = std::to_string(job_number(o.configurations, c, r.variant, r.seed)) + ",";
            study::write_model_rows(models, o.configurations[c].options, r, job, false);
            study::write_law_rows(laws, o.configurations[c].options, r, job);
        }
    models.commit();
    laws.commit();
}

// One configuration in summary.json: its id and values, and its summary and verdicts once every job finished.
json configuration_json(const outcome& o, std::size_t c, const judged_configuration& judged) {
    const auto& configuration = o.configurations[c];
    json values = json::object();
    for (std::size_t k = 0; k < axis_names.size(); ++k) values[axis_names[k]] = configuration.values[k];
    const auto& options = configuration.options;
    const std::size_t first = job_number(o.configurations, c, options.variants.front(), options.seeds.front());
    const std::size_t count = options.variants.size() * options.seeds.size();
    json j = {{"id", configuration.id}, {"values", values}, {"jobs", {first, first + count - 1}}};
    if (!configuration.grown.empty()) {
        const auto& last = configuration.grown.back();
        j["grown_jobs"] = {
            job_number(o.configurations, c, configuration.grown.front().variant, configuration.grown.front().seed),
            job_number(o.configurations, c, last.variant, last.seed)};
    }
    j["complete"] = o.runs[c].size() == count + configuration.grown.size();
    if (!j["complete"]) return j;
    j["variants"] = study::summary_json(judged.summary);
    j["ledger"] = study::ledger_json(judged.ledger);
    return j;
}

json divergences_json(const outcome& o) {
    json rows = json::array();
    for (std::size_t c = 0; c < o.configurations.size(); ++c)
        for (const auto& r : o.runs[c])
            if (!r.divergence.empty())
                rows.push_back({{"job", job_number(o.configurations, c, r.variant, r.seed)},
                                {"stopped", r.diverged},
                                {"epoch", r.diverged_at},
                                {"rollbacks", r.rollbacks},
                                {"what", r.divergence}});
    return rows;
}

void write_summary(const fs::path& out, const outcome& o, const std::vector<judged_configuration>& judged,
                   const json& sweep, const study::provenance& where) {
    json j = {{"sweep", sweep},
              {"blas", where.blas},
              {"wall_seconds", where.wall_seconds},
              {"invocations", study::invocations_json(where.invocations)}};
    j["axes"] = json::array();
    for (const auto& a : o.axes) j["axes"].push_back({{"name", a.name}, {"values", a.values}});
    j["configurations"] = json::array();
    for (std::size_t c = 0; c < o.configurations.size(); ++c)
        j["configurations"].push_back(configuration_json(o, c, judged[c]));
    j["divergences"] = divergences_json(o);
    study::results_file f(out / "summary.json");
    f << j.dump(2) << '\n';
    f.commit();
}

}  // namespace

void write_results(const fs::path& out, const outcome& o, const std::vector<judged_configuration>& judged,
                   const json& sweep, const study::provenance& where) {
    write_jobs(out, o);
    write_tables(out, o);
    write_summary(out, o, judged, sweep, where);
}

}  // namespace sweep
