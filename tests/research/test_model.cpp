// What a research run trains, from typed options: each optimizer rule and
// schedule the options name is its own case (none stands in for another),
// and the transformations' parameters form groups at their own rate.
#include <string>
#include <type_traits>

#include <doctest/doctest.h>

#include <mockbn/mockbn.hpp>
#include <mockbn/research/model.hpp>

using namespace mockbn;
using namespace mockbn::research;

namespace {

// Two hidden layers of 8, the transformation on the second.
network_options small() {
    network_options n;
    n.width = 8;
    n.depth = 2;
    n.placement = {2};
    return n;
}

const data_shape images{12, 10};

optimizer_options with_rule(optimizer_rule rule) {
    optimizer_options o;
    o.rule = rule;
    return o;
}

std::string rule_built(optimizer_rule rule) {
    return with_model<log_shift>(small(), with_rule(rule), images, 1, [](auto&, auto& chosen) -> std::string {
        using settings = std::remove_cvref_t<decltype(chosen.settings())>;
        if constexpr (std::is_same_v<settings, sgd_rule::hyperparameters>) return "sgd";
        else if constexpr (std::is_same_v<settings, rmsprop_rule::hyperparameters>) return "rmsprop";
        else if constexpr (std::is_same_v<settings, adam_rule::hyperparameters>) return "adam";
        else return "another rule";
    });
}

double multiplier_at(const optimizer_options& o, std::uint64_t step) {
    return with_model<log_shift>(small(), o, images, 1,
                                 [&](auto&, auto& chosen) { return chosen.schedule().multiplier(step); });
}

}  // namespace

TEST_CASE("with_model builds the optimizer rule the options name, each its own") {
    CHECK(rule_built(optimizer_rule::sgd) == "sgd");
    CHECK(rule_built(optimizer_rule::rmsprop) == "rmsprop");
    CHECK(rule_built(optimizer_rule::adam) == "adam");
}

TEST_CASE("with_model's schedules count optimizer steps from 1: constant, step decay, cosine to 0 over the run") {
    CHECK(multiplier_at({}, 1000) == 1);
    const optimizer_options step{
        .schedule = rate_schedule::step, .decay_every = 2, .decay_factor = 0.5, .steps_per_epoch = 10};
    CHECK(multiplier_at(step, 1) == 1);
    CHECK(multiplier_at(step, 100) < 1);
    const optimizer_options cosine{.schedule = rate_schedule::cosine, .epochs = 3, .steps_per_epoch = 10};
    CHECK(multiplier_at(cosine, 1) == 1);  // step 1 at the full rate
    CHECK(multiplier_at(cosine, 30) > 0);
    CHECK(multiplier_at(cosine, 31) == doctest::Approx(0.0));  // the step after the run's last: 3 epochs of 10
}

TEST_CASE("with_model groups each transformation's parameters at transform_lr_scale times the rate") {
    const auto groups = [](double scale) {
        optimizer_options o;
        o.transform_lr_scale = scale;
        return with_model<log_shift>(small(), o, images, 1, [](auto&, auto& chosen) { return chosen.groups().size(); });
    };
    CHECK(groups(1) == 0);
    CHECK(groups(10) == 1);  // hidden layer 2, the one placement names
}
