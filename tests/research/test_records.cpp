// A run's records through the persistence hook: every field comes back bit
// for bit, each field is a section of plain scalars, and sections whose
// sizes disagree are refused, naming the section.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/io/checkpoint.hpp>
#include <mockbn/io/state.hpp>
#include <mockbn/research/records.hpp>

#include "research/same_records.hpp"
#include "research/sample_records.hpp"

using namespace mockbn::research;
namespace analysis = mockbn::analysis;
using mockbn::io::checkpoint;
using mockbn::testing::next_number;
using mockbn::testing::sample_stage;

namespace {

// Two epochs probing one layer of width 3, a histogram per class (of three) at the second.
run_records sample_records() {
    run_records r;
    for (std::size_t e = 1; e <= 2; ++e) {
        r.epochs.push_back(
            {e, next_number(), next_number(), next_number(), next_number(), next_number(), next_number()});
        r.stages.push_back(sample_stage(e, 4, "before", e - 1, 3, e == 2 ? 3 : 0));
        r.stages.push_back(sample_stage(e, 4, "after", 2, 3, e == 2 ? 3 : 0));
        r.parameters.push_back({e, 3, "a", next_number(), next_number(), next_number(), next_number()});
        r.parameters.push_back({e, 4, "log c", next_number(), next_number(), next_number(), next_number()});
        analysis::label_columns columns{2, 3, {next_number(), next_number()}, {}, {}};
        for (std::size_t k = 0; k < 6; ++k) {
            columns.means.push_back(next_number());
            columns.deviations.push_back(next_number());
        }
        r.class_features.push_back({e, 4, columns});
        r.units.push_back({e, 3, {next_number(), next_number()}, {next_number(), next_number()}, {next_number()}});
        r.units.push_back({e, 4, {next_number()}, {next_number()}, {}});
    }
    return r;
}

// The epochs' columns before the validation split.
struct epoch_columns_before_validation {
    void operator()(auto&& visit) const {
        visit("epoch", [](auto& e) { return &e.epoch; });
        visit("train_loss", [](auto& e) { return &e.train_loss; });
        visit("test_loss", [](auto& e) { return &e.test_loss; });
        visit("test_accuracy", [](auto& e) { return &e.test_accuracy; });
        visit("seconds", [](auto& e) { return &e.seconds; });
    }
};

// Records as checkpoints held them before the class and unit records: the first three tables alone, the
// epochs without validation columns.
struct records_before_units {
    const run_records& records;
    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        detail::table_fields<epoch_columns_before_validation>(fields, "epochs", self.records.epochs);
        detail::table_fields<detail::stage_columns>(fields, "stages", self.records.stages);
        detail::table_fields<detail::parameter_columns>(fields, "parameters", self.records.parameters);
    }
};

checkpoint saved(const run_records& r) {
    checkpoint c;
    mockbn::io::save_state(c, r, "run");
    return c;
}

// What loading `c` says, after a round trip through its bytes: "accepted" or the error.
std::string loading(const checkpoint& c) {
    run_records r;
    try {
        mockbn::io::load_state(checkpoint::from_bytes(c.to_bytes("a run"), "run.ckpt"), r, "run");
    } catch (const mockbn::io::checkpoint_error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("a run's records come back bit for bit, each field a section of plain scalars") {
    const run_records written = sample_records();
    const checkpoint c = saved(written);
    run_records read;
    mockbn::io::load_state(checkpoint::from_bytes(c.to_bytes("a run"), "run.ckpt"), read, "run");
    mockbn::testing::check_same_records(read, written);
    CHECK(c.get("run.epochs.train_loss").size() == 2 * sizeof(double));
    CHECK(c.get("run.stages.features.bimodality").size() == 4 * 3 * sizeof(double));
    std::vector<std::uint64_t> modes(4);
    c.get_values<std::uint64_t>("run.stages.modes.location.sizes", modes);
    CHECK(modes == std::vector<std::uint64_t>{0, 2, 1, 2});
    CHECK(c.get_text("run.parameters.name") == "alog calog c");
    CHECK(c.get("run.stages.classes.counts").size() == 6 * histogram_bins * sizeof(double));
    CHECK(c.get("run.class_features.means").size() == 2 * 6 * sizeof(double));
    CHECK(c.get("run.units.outgoing").size() == 2 * 3 * sizeof(double));
}

TEST_CASE(
    "a checkpoint written before the class and unit records and the validation split loads with those two lists "
    "empty and NaN for the validation loss and accuracy") {
    const run_records written = sample_records();
    checkpoint old;
    mockbn::io::save_state(old, records_before_units{written}, "run");
    CHECK(!old.has("run.units.epoch"));
    CHECK(!old.has("run.epochs.validation_loss"));
    run_records read = sample_records();
    mockbn::io::load_state(checkpoint::from_bytes(old.to_bytes("a run"), "run.ckpt"), read, "run");
    run_records expected = written;
    expected.class_features.clear();
    expected.units.clear();
    for (auto& e : expected.epochs) e.validation_loss = e.validation_accuracy = std::nan("");
    mockbn::testing::check_same_records(read, expected);
}

TEST_CASE("records with nothing recorded yet come back empty") {
    run_records read = sample_records();
    mockbn::io::load_state(saved(run_records{}), read, "run");
    mockbn::testing::check_same_records(read, run_records{});
}

TEST_CASE("sections whose sizes disagree are refused, naming the section") {
    const checkpoint c = saved(sample_records());
    REQUIRE(loading(c) == "accepted");
    const std::string in = "mockbn::checkpoint: run.ckpt: section ";

    checkpoint short_column = c;
    short_column.put_values<double>("run.epochs.test_loss", std::vector<double>{0.5});
    CHECK(loading(short_column) == in + "run.epochs.test_loss does not hold 2 values");
    checkpoint long_sizes = c;
    long_sizes.put_values<std::uint64_t>("run.parameters.name.sizes", std::vector<std::uint64_t>{1, 1, 1, 1u << 30});
    CHECK(loading(long_sizes) == in + "run.parameters.name holds fewer values than its .sizes add up to");
    checkpoint unpaired_modes = c;
    unpaired_modes.put_values<std::uint64_t>("run.stages.modes.height.sizes", std::vector<std::uint64_t>{0, 2, 0, 3});
    CHECK(loading(unpaired_modes) == in + "run.stages.modes has 1 locations but 0 heights");
    checkpoint long_features = c;
    long_features.put_values<std::uint64_t>("run.stages.features.sizes", std::vector<std::uint64_t>{3, 3, 3, 1u << 30});
    CHECK(loading(long_features) == in + "run.stages.features holds fewer records than its .sizes add up to");
    checkpoint short_features = c;
    short_features.put_values<std::uint64_t>("run.stages.features.sizes", std::vector<std::uint64_t>{3, 3, 3, 2});
    CHECK(loading(short_features) == in + "run.stages.features.count does not hold 11 values");
    checkpoint unpaired_feature_modes = c;
    // Each stage's features have 0, 1 and 2 modes; these heights add up to as many, paired otherwise.
    unpaired_feature_modes.put_values<std::uint64_t>("run.stages.features.modes.height.sizes",
                                                     std::vector<std::uint64_t>{1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2});
    CHECK(loading(unpaired_feature_modes) == in + "run.stages.features.modes has 0 locations but 1 heights");
}
