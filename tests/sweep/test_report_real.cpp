// The sweep's report on two tiny configurations really run through the
// study's engine (study::run_job on MNIST: 2,000 training images, one epoch,
// width 16): every cell's verdicts are the ones the ledger gives each
// configuration on its own.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <mockbn/research/model_readings.hpp>

#include "scratch.hpp"
#include "study/sample_options.hpp"
#include "test_report_outcomes.hpp"

#include "experiment.hpp"
#include "identity.hpp"
#include "ledger_models.hpp"
#include "report_text.hpp"
#include "sweep_report.hpp"

using namespace sweep;
namespace fs = std::filesystem;

namespace {

std::string data_dir() {
    const char* overridden = std::getenv("MOCKBN_DATA_DIR");
    return std::string(overridden ? overridden : MOCKBN_TEST_DATA_DIR) + "/mnist";
}

study::options tiny(const fs::path& out, double learning_rate) {
    study::options o = study::testing::defaults_in(out);
    o.data_dir = data_dir();
    o.variants = {"plain", "bn", "log_shift", "sqrt_shift", "sqrt_fixed"};
    o.seeds = {1};
    o.epochs = 1;
    o.width = 16;
    o.probe_images = 200;
    o.train_limit = 2000;
    o.test_limit = 500;
    o.learning_rate = learning_rate;
    study::check(o);
    return o;
}

// Every job of configuration c, run as the study runs it, checkpoints under the configuration's folder.
std::vector<study::run_result> run_all(const configuration& c, const study::study_data& data,
                                       const study::environment& where, const fs::path& out) {
    std::vector<study::run_result> runs;
    fs::create_directories(out / "checkpoints" / c.id);
    for (const auto& v : c.options.variants)
        for (auto seed : c.options.seeds)
            runs.push_back(study::run_job(c.options, data, {v, seed},
                                          out / "checkpoints" / c.id / (v + "-seed" + std::to_string(seed) + ".ckpt"),
                                          where, [](const std::string&) {}));
    return runs;
}

// The models across the grid of two configurations run alike but for the rate: every finished run counted once,
// in its part and its group.
void check_models(const outcome& o) {
    const auto models = model_blocks(o);
    const auto rows_of = [&](const std::string& title) {
        const auto at = std::find_if(models.begin(), models.end(), [&](const auto& b) { return b.text == title; });
        REQUIRE(at != models.end());
        REQUIRE(at + 2 < models.end());
        return (at + 2)->rows;
    };
    const auto classes = rows_of("Batch normalization's layer as a mixture of its classes");
    REQUIRE(classes.size() == 2);
    CHECK(classes[1][0] == "bn");
    CHECK(classes[1][1] == "2");
    std::vector<double> shares;  // the bn runs' own readings, whose median and range the table gives
    for (std::size_t c = 0; c < 2; ++c)
        for (const auto& r : o.runs[c])
            if (r.variant == "bn") shares.push_back(mockbn::research::class_reading(r, 4, 1, {})->share_crossing);
    std::sort(shares.begin(), shares.end());
    CHECK(classes[1][2] == study::fixed((shares[0] + shares[1]) / 2, 3) + " [" + study::fixed(shares[0], 3) + ", " +
                               study::fixed(shares[1], 3) + "]");
    const auto fixed = rows_of("The fixed shapes' outputs predicted from their inputs");
    REQUIRE(fixed.size() == 2);
    CHECK(fixed[1][0] == "sqrt_fixed");
    CHECK(fixed[1][1] == "2");
    const auto laws = rows_of("How far the conservation law held");
    std::vector<std::string> lawful;
    for (std::size_t row = 1; row < laws.size(); ++row) {
        lawful.push_back(laws[row][0]);
        CHECK(laws[row][1] == "sgd with momentum");
        CHECK(laws[row][3] == "2");
    }
    CHECK(lawful == std::vector<std::string>{"bn", "log_shift", "sqrt_shift"});
}

}  // namespace

TEST_CASE("two configurations really run: each cell's verdicts are the ledger's on that configuration alone") {
    mockbn::testing::scratch_folder scratch("sweep_report_real");
    const auto files = mockbn::data::read_standard(data_dir());
    const auto [train, validation] = mockbn::data::hold_out(files.train.head(2000), 500, 1);
    const study::study_data data{train, validation, files.test.head(500), files.test.head(200)};
    const auto where = study::current_environment(study::data_fingerprint(files));
    auto o = testing::grid({{"learning_rate", {"0.02", "0.1"}}}, tiny(scratch.dir, 0.02));
    o.configurations[1].options = tiny(scratch.dir, 0.1);
    for (std::size_t c = 0; c < 2; ++c) o.runs[c] = run_all(o.configurations[c], data, where, scratch.dir);

    const auto written = write_sweep_report(scratch.dir, o, {3, study::blas_description(), where.build, {}}, false);
    const auto html = testing::text_of(scratch.dir / "report.html");
    const auto csv = testing::text_of(scratch.dir / "figures" / "data" / "verdicts.csv");
    mockbn::research::control_bank controls;
    for (std::size_t c = 0; c < 2; ++c) {
        const auto& options = o.configurations[c].options;
        const auto summary = study::summarize(options, o.runs[c]);
        const auto alone = study::judge_ledger(options, o.runs[c], controls);
        REQUIRE(written.configurations[c].ledger.findings.size() == alone.findings.size());
        for (std::size_t k = 0; k < alone.findings.size(); ++k) {
            const auto& f = alone.findings[k];
            CAPTURE(c);
            CAPTURE(f.id);
            CHECK(written.configurations[c].ledger.findings[k].strict.verdict == f.strict.verdict);
            CHECK(written.configurations[c].ledger.findings[k].weak.why == f.weak.why);
            CHECK(written.configurations[c].ledger.findings[k].evidence == f.evidence);
            CHECK(written.configurations[c].ledger.sensitivity[k].strict == alone.sensitivity[k].strict);
            if (!study::ledger_claims()[k].strict.empty())
                CHECK(testing::map_cell(html, f.id, c)
                          .find(testing::verdict_span(f.strict.verdict) + testing::verdict_span(f.weak.verdict)) !=
                      std::string::npos);
            const std::string row = std::to_string(c) + "," + o.configurations[c].id + "," +
                                    o.configurations[c].values[testing::axis_at("learning_rate")] + "," + f.id + "," +
                                    std::string(verdict_name(f.strict.verdict)) + "," +
                                    std::string(verdict_name(f.weak.verdict));
            CHECK(csv.find('\n' + row + '\n') != std::string::npos);
        }
        for (const auto& s : summary) {
            CHECK(html.find(study::accuracy_text(s.accuracy_mean, s.accuracy_std)) != std::string::npos);
            CHECK(html.find("validation " + study::accuracy_text(s.validation_mean, s.validation_std)) !=
                  std::string::npos);
        }
    }
    CHECK(html.find(where.build) != std::string::npos);
    CHECK(html.find("<b>a subset of the data</b>: the first 2000 training images, the first 500 test images.") !=
          std::string::npos);

    check_models(o);
    const auto ledger = testing::text_of(scratch.dir / "ledger.md");
    CHECK(ledger.find("## The models against the runs") != std::string::npos);
    // Each claim's table gives its first two effects: claim 1's separation and Sarle's coefficient.
    CHECK(ledger.find("| bn: separation of each feature's clusters (median feature, spreads) | bn: Sarle's bimodality "
                      "coefficient (pooled) |") != std::string::npos);
}
