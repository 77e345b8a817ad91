// The study's summary.json: the options, the summary, the divergences, the
// kernels and the ledger (report_parts.hpp, report.hpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "folder.hpp"
#include "report_parts.hpp"

namespace study {

namespace fs = std::filesystem;

nlohmann::json invocations_json(const std::vector<invocation>& times) {
    auto rows = nlohmann::json::array();
    for (const auto& row : times) rows.push_back({{"program", row.program}, {"seconds", row.seconds}});
    return rows;
}

void write_json(const fs::path& out, const options& o, const std::vector<run_result>& runs,
                const std::vector<variant_summary>& summary, const judged_ledger& ledger, const provenance& where) {
    using nlohmann::json;
    json j;
    // The options as plan.json holds them, less where the data was and how many threads ran: neither
    // changes a number.
    j["options"] = json::parse(to_json(o));
    j["options"].erase("data_dir");
    j["options"].erase("threads");
    j["wall_seconds"] = where.wall_seconds;
    j["invocations"] = invocations_json(where.invocations);
    j["blas"] = where.blas;
    j["variants"] = summary_json(summary);
    j["divergences"] = json::array();
    for (const auto& r : runs)
        if (!r.divergence.empty())
            j["divergences"].push_back({{"variant", r.variant},
                                        {"seed", r.seed},
                                        {"stopped", r.diverged},
                                        {"epoch", r.diverged_at},
                                        {"rollbacks", r.rollbacks},
                                        {"what", r.divergence}});
    j["kernels"] = json::array();
    for (const auto& r : runs)
        j["kernels"].push_back({{"variant", r.variant}, {"seed", r.seed}, {"kernels", r.kernels}});
    j["ledger"] = ledger_json(ledger);
    results_file f(out / "summary.json");
    f << j.dump(2) << '\n';
    f.commit();
}

nlohmann::json summary_json(const std::vector<variant_summary>& summary) {
    using nlohmann::json;
    json rows = json::array();
    for (const auto& s : summary) {
        json modes = json::array();
        for (const auto& m : s.modes) modes.push_back({{"location", m.location}, {"height", m.height}});
        rows.push_back({{"variant", s.variant},
                        {"runs", s.runs},
                        {"diverged", s.diverged},
                        {"final_validation_accuracy_mean", s.validation_mean},
                        {"final_validation_accuracy_std", s.validation_std},
                        {"final_test_accuracy_mean", s.accuracy_mean},
                        {"final_test_accuracy_std", s.accuracy_std},
                        {"epochs_to_97", s.epochs_to_97 < 0 ? json(nullptr) : json(s.epochs_to_97)},
                        {"bimodality_after", s.bimodality},
                        {"modes_after", modes},
                        {"features_bimodal_after", s.features_bimodal},
                        {"range_after", {s.low, s.high}},
                        {"seconds_per_epoch", s.seconds_per_epoch}});
    }
    return rows;
}

}  // namespace study
