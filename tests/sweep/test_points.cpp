// A sweep of points (configurations given one by one, as a search gives
// them) and the search file that draws them: the points' order, what they
// may set, their canonical form read back, and every problem naming its key.
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "axis_value.hpp"
#include "thrown.hpp"

#include "grid.hpp"
#include "search_file.hpp"
#include "sweep_file.hpp"

using namespace sweep;
using mockbn::testing::problem;
using sweep::testing::value;

namespace {

const char* const shared = R"("data_dir": "/data/mnist", "variants": ["plain", "bn"], "seeds": 2)";

grid points_grid(const std::string& points, const std::string& more = "") {
    std::string text = "{";  // appended, not added: GCC 12 warns falsely on a chain of + here
    text.append(shared).append(more).append(R"(, "points": )").append(points).append("}");
    return grid_from_json(text);
}

}  // namespace

TEST_CASE("a sweep of points: one configuration per point, in the order listed, its jobs numbered as a grid's") {
    const auto g = points_grid(R"([{"learning_rate": 0.1, "depth": 4}, {"learning_rate": 0.01},
                                   {"learning_rate": 0.1, "depth": 4, "epochs": 9}])",
                               R"(, "optimizer": "adam")");
    const auto configurations = expand(g, "out");
    REQUIRE(configurations.size() == 3);
    CHECK(value(configurations[0], "learning_rate") == "0.1");
    CHECK(value(configurations[0], "depth") == "4");
    CHECK(value(configurations[1], "depth") == "5");  // the study's default
    CHECK(value(configurations[2], "epochs") == "9");
    for (const auto& c : configurations) CHECK(value(c, "optimizer") == "adam");
    CHECK(configurations[0].id != configurations[2].id);
    const auto jobs = jobs_of(configurations);
    REQUIRE(jobs.size() == 12);
    CHECK(jobs[4].configuration == 1);
    CHECK(jobs[4].job.variant == "plain");
    CHECK(size_of(g).configurations == 3);
    CHECK(size_of(g).jobs == 12);
    // The axes are what the points vary: the rate, the depth and the epochs; the optimizer every point shares.
    std::vector<std::string> varying;
    for (const auto& a : axes_of(g, configurations)) varying.push_back(a.name);
    CHECK(varying == std::vector<std::string>{"learning_rate", "depth", "epochs"});
}

TEST_CASE(
    "a sweep of points read back from its canonical form is the same sweep, and the same point twice is one run") {
    const auto g = points_grid(R"([{"learning_rate": 0.010, "placement": "all"}, {"learning_rate": 1e-2,
                                   "placement": "all"}, {"placement": [3, 4]}])");
    const auto configurations = expand(g, "out");
    const auto form = canonical(g, configurations);
    CHECK(form["points"] == nlohmann::json::parse(
                                R"([{"learning_rate": 0.01, "placement": "all"}, {"learning_rate": 0.01,
                                    "placement": "all"}, {"placement": [3, 4]}])"));
    const auto again = grid_from_json(form.dump());
    CHECK(canonical(again, expand(again, "out")) == form);
    const auto jobs = jobs_of(configurations);
    CHECK(jobs[4].source == 0);  // point 2 is point 1: its jobs reuse point 1's runs
    CHECK(jobs[8].source == 8);
}

TEST_CASE("points refuse an axis given several values beside them, a key given twice, and what the study refuses") {
    CHECK(problem([] { expand(points_grid(R"([{"depth": 4}])", R"(, "width": [10, 20])"), "out"); }) ==
          "--width is given 2 values beside points: a sweep of points gives each of its configurations by itself");
    CHECK(problem([] { expand(points_grid(R"([{"width": 10}])", R"(, "width": 20)"), "out"); }) ==
          "point 1 (--width 10): --width is given to every configuration too: give it in one place");
    CHECK(problem([] {
              expand(points_grid(R"([{"depth": 4}, {"depth": 4, "probe_layer": 9}])"), "out");
          }).starts_with("the configuration point 2 (--depth 4 --probe-layer 9): "));
    const std::vector<std::pair<std::string, std::string>> files = {
        {R"({"points": []})", "points: must be a list of objects, each the axis values of one configuration"},
        {R"({"points": [{}]})", "points: must be a list of objects, each the axis values of one configuration"},
        {R"({"points": {"depth": 4}})", "points: must be a list of objects, each the axis values of one configuration"},
        {R"({"points": [{"train_limit": 100}]})", "points: 'train_limit' is not an axis of the sweep"},
        {R"({"points": [{"depth": "4"}]})", "depth: must be a whole number, 0 or more"},
        {R"({"points": [{"depth": 4}]})", "accepted"}};
    for (const auto& [text, message] : files) {
        CAPTURE(text);
        CHECK(problem([&] { grid_from_json(text); }) == message);
    }
}

TEST_CASE("a search file: the shared options, the space's values and ranges, the rungs' epochs") {
    const auto s = search_from_json(R"({"sweep": {"variants": ["bn"], "seeds": 2},
        "space": {"learning_rate": {"from": 1e-4, "to": 0.5}, "depth": [4, 5], "init": ["he_normal", "tf_tutorial"]},
        "points": 9, "eta": 3, "rungs": 2, "epochs": 4, "seed": 7})");
    REQUIRE(s.space.size() == 3);
    CHECK(s.space[0].name == "depth");  // JSON objects are read in key order
    CHECK(s.space[0].values == std::vector<std::string>{"4", "5"});
    CHECK(s.space[2].name == "learning_rate");
    CHECK(s.space[2].values.empty());
    CHECK(s.space[2].low == 1e-4);
    CHECK(s.points == 9);
    CHECK(s.epochs_of(0) == 4);
    CHECK(s.epochs_of(1) == 12);
    CHECK(s.seed == 7);
    CHECK(search_from_json(canonical(s).dump()).space.size() == 3);
    CHECK(canonical(search_from_json(canonical(s).dump())) == canonical(s));
}

TEST_CASE("a search file: every problem names its key") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"sweep": {"seeds": 2}})", "space: is missing: the search needs a dimension to vary"},
        {R"({"space": {"epochs": [1, 2]}})", "space: epochs: the rungs set the epochs (\"epochs\", \"eta\")"},
        {R"({"space": {"train_limit": [1, 2]}})", "space: train_limit: is not an axis of the sweep (docs/sweep.md)"},
        {R"({"space": {"width": {"from": 10, "to": 100}}})",
         "space: width: takes a list of values: a range is drawn on a floating option only"},
        {R"({"space": {"learning_rate": {"from": 0.1, "to": 0.01}}})",
         "space: learning_rate: the range must have 0 < from <= to"},
        {R"({"space": {"learning_rate": {"from": 0.1}}})",
         "space: learning_rate: must be a list of values or {\"from\": low, \"to\": high}"},
        {R"({"space": {"depth": []}})", "space: depth: an empty list"},
        {R"({"space": {"depth": ["four"]}})", "depth: must be a whole number, 0 or more"},
        {R"({"sweep": {"depth": 4}, "space": {"depth": [4, 5]}})",
         "space: depth: \"sweep\" gives it to every point too"},
        {R"({"sweep": {"width": [10, 20]}, "space": {"depth": [4]}})",
         "sweep: width: one value: the space gives the values that vary"},
        {R"({"sweep": {"points": [{"depth": 4}]}, "space": {"depth": [4]}})",
         "sweep: gives the options every point shares: no points, shard or growth"},
        {R"({"space": {"depth": [4]}, "eta": 1})", "eta: must be a whole number from 2 to 1000000"},
        {R"({"space": {"depth": [4]}, "points": 0})", "points: must be a whole number from 1 to 1000000"},
        {R"({"space": {"depth": [4]}, "rungs": 40})", "rungs: rung 11 would train more than 100,000 epochs"},
        {R"({"space": {"depth": [4]}, "budget": 3})",
         "budget: not a key of a search file (sweep, space, points, eta, rungs, epochs, seed)"},
        {R"({"space": {"depth": [4]}})", "accepted"}};
    for (const auto& [text, message] : cases) {
        CAPTURE(text);
        CHECK(problem([&] { search_from_json(text); }) == message);
    }
}
