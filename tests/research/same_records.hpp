// Checks that two runs recorded the same, bit for bit (a NaN equals
// itself); the wall time of each epoch only if asked.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/research/divergence.hpp>
#include <mockbn/research/records.hpp>

namespace mockbn::testing {

using research::epoch_record;
using research::parameter_record;
using research::stage_record;

inline bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

inline bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

inline void check_same_description(const analysis::description& a, const analysis::description& b) {
    CHECK(a.count == b.count);
    for (auto field : {&analysis::description::mean, &analysis::description::deviation,
                       &analysis::description::skewness, &analysis::description::excess_kurtosis,
                       &analysis::description::fraction_below_zero, &analysis::description::bimodality})
        CHECK(same(a.*field, b.*field));
}

inline void check_same_histogram(const analysis::histogram& a, const analysis::histogram& b) {
    for (auto field : {&analysis::histogram::low, &analysis::histogram::high, &analysis::histogram::below,
                       &analysis::histogram::above, &analysis::histogram::not_finite})
        CHECK(same(a.*field, b.*field));
    CHECK(same(a.counts, b.counts));
}

inline void check_same_modes(const std::vector<analysis::mode>& a, const std::vector<analysis::mode>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        CHECK((same(a[i].location, b[i].location) && same(a[i].height, b[i].height)));
}

inline void check_same_stage(const stage_record& a, const stage_record& b) {
    CHECK(a.epoch == b.epoch);
    CHECK(a.layer == b.layer);
    CHECK(a.stage == b.stage);
    check_same_description(a.description, b.description);
    CHECK(same(a.percentiles, b.percentiles));
    check_same_histogram(a.histogram, b.histogram);
    check_same_modes(a.modes, b.modes);
    REQUIRE(a.features.size() == b.features.size());
    for (std::size_t i = 0; i < a.features.size(); ++i) {
        check_same_description(a.features[i].description, b.features[i].description);
        check_same_modes(a.features[i].modes, b.features[i].modes);
    }
    REQUIRE(a.classes.size() == b.classes.size());
    for (std::size_t i = 0; i < a.classes.size(); ++i) check_same_histogram(a.classes[i], b.classes[i]);
    CHECK(same(a.image_sums, b.image_sums));
    REQUIRE(a.clusters.size() == b.clusters.size());
    for (std::size_t i = 0; i < a.clusters.size(); ++i)
        for (auto field : {&analysis::two_clusters::low, &analysis::two_clusters::high, &analysis::two_clusters::spread,
                           &analysis::two_clusters::high_share})
            CHECK(same(a.clusters[i].*field, b.clusters[i].*field));
}

inline void check_same_divergence(const research::divergence_record& a, const research::divergence_record& b) {
    CHECK(a.diverged == b.diverged);
    CHECK(a.diverged_at == b.diverged_at);
    CHECK(a.divergence == b.divergence);
    CHECK(a.rollbacks == b.rollbacks);
    CHECK(same(a.learning_rate, b.learning_rate));
}

inline void check_same_records(const research::run_records& a, const research::run_records& b,
                               bool with_seconds = true) {
    REQUIRE(a.epochs.size() == b.epochs.size());
    for (std::size_t i = 0; i < a.epochs.size(); ++i) {
        CHECK(a.epochs[i].epoch == b.epochs[i].epoch);
        for (auto field : {&epoch_record::train_loss, &epoch_record::validation_loss,
                           &epoch_record::validation_accuracy, &epoch_record::test_loss, &epoch_record::test_accuracy})
            CHECK(same(a.epochs[i].*field, b.epochs[i].*field));
        if (with_seconds) CHECK(same(a.epochs[i].seconds, b.epochs[i].seconds));
    }
    REQUIRE(a.stages.size() == b.stages.size());
    for (std::size_t i = 0; i < a.stages.size(); ++i) check_same_stage(a.stages[i], b.stages[i]);
    REQUIRE(a.parameters.size() == b.parameters.size());
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
        const auto &p = a.parameters[i], &q = b.parameters[i];
        CHECK((p.epoch == q.epoch && p.layer == q.layer && p.name == q.name));
        for (auto field :
             {&parameter_record::mean, &parameter_record::deviation, &parameter_record::min, &parameter_record::max})
            CHECK(same(p.*field, q.*field));
    }
    REQUIRE(a.class_features.size() == b.class_features.size());
    for (std::size_t i = 0; i < a.class_features.size(); ++i) {
        const auto &p = a.class_features[i], &q = b.class_features[i];
        CHECK((p.epoch == q.epoch && p.layer == q.layer && p.columns.classes == q.columns.classes &&
               p.columns.features == q.columns.features));
        CHECK(same(p.columns.counts, q.columns.counts));
        CHECK(same(p.columns.means, q.columns.means));
        CHECK(same(p.columns.deviations, q.columns.deviations));
    }
    REQUIRE(a.units.size() == b.units.size());
    for (std::size_t i = 0; i < a.units.size(); ++i) {
        const auto &p = a.units[i], &q = b.units[i];
        CHECK((p.epoch == q.epoch && p.layer == q.layer));
        CHECK(same(p.incoming, q.incoming));
        CHECK(same(p.outgoing, q.outgoing));
        CHECK(same(p.parameters, q.parameters));
    }
}

}  // namespace mockbn::testing
