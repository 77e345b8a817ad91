// mockbn/research/records.hpp
//
// What a research run records, epoch by epoch: its losses and accuracy, each
// probed layer's values before and after its transformation (pooled, per
// feature, and at the last epoch per class, per image and as each feature's
// two clusters), each probed layer's features by class after its
// transformation, the learnable parameters of its transformations, and each
// hidden unit's weight norms.
//
// Contract: plain values. run_records names its state through the
// persistence hook (concepts/state.hpp), so io::save_state and
// io::load_state keep it in a checkpoint beside the network and the
// optimizer: each field of each record type is a section of plain scalars
// ("epochs.train_loss": one double per epoch; detail/record_table.hpp), and
// whatever a run records comes back bit for bit (NaNs and infinities
// included). A checkpoint written before the class and unit records were
// kept loads with those two lists empty, one written before the validation
// split with NaN for the validation loss and accuracy.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "mockbn/analysis/by_label.hpp"
#include "mockbn/analysis/clusters.hpp"
#include "mockbn/analysis/columns.hpp"
#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/research/detail/record_table.hpp"

namespace mockbn::research {

// Fixed bins for every probe histogram of every run: [-12, 12) in steps of 0.1.
inline constexpr double histogram_low = -12, histogram_high = 12;
inline constexpr std::size_t histogram_bins = 240;

// An epoch's losses, accuracies and time. The validation set is evaluated at
// every epoch, the test set at the last (at every epoch only when the plan
// asks); a set not evaluated at an epoch, or absent, leaves NaN.
struct epoch_record {
    std::size_t epoch = 0;
    double train_loss = 0;
    double validation_loss = std::numeric_limits<double>::quiet_NaN();
    double validation_accuracy = std::numeric_limits<double>::quiet_NaN();
    double test_loss = std::numeric_limits<double>::quiet_NaN();
    double test_accuracy = std::numeric_limits<double>::quiet_NaN();
    double seconds = 0;
};

// A probed layer's values at one stage: "before" the transformation (the
// dense output) or "after" it (the ReLU's input), all features pooled, each
// feature alone, and split by the probe image's label.
struct stage_record {
    std::size_t epoch = 0;
    std::size_t layer = 0;  // the hidden layer, from 1
    std::string stage;
    analysis::description description;
    std::vector<double> percentiles;  // at analysis::band_percentiles
    analysis::histogram histogram;
    std::vector<analysis::mode> modes;  // up to two, highest first
    // One per feature (the layer's width), on the same bins as `histogram`.
    std::vector<analysis::column_description> features;
    // One per class, summing to `histogram`; recorded at the run's last epoch
    // only (empty before): the claims read the final shape, and every epoch
    // would store ten more histograms per stage in every checkpoint.
    std::vector<analysis::histogram> classes;
    // At the last epoch only too: each probe image's sums of its values' first
    // four powers (four per image, in image order), from which the pooled
    // moments of any resample of the images follow; and each feature's fit as
    // an "off" and an "on" cluster (analysis/clusters.hpp), in feature order.
    std::vector<double> image_sums;
    std::vector<analysis::two_clusters> clusters;
};

// One learnable parameter of one transformed layer, across its features.
struct parameter_record {
    std::size_t epoch = 0, layer = 0;
    std::string name;
    double mean = 0, deviation = 0, min = 0, max = 0;
};

// A probed layer after its transformation, split by the probe image's label: each class's rows and each
// feature's mean and spread over them, at every probed epoch (the class-selective-feature model's input,
// class_mixture.hpp).
struct class_feature_record {
    std::size_t epoch = 0, layer = 0;
    analysis::label_columns columns;
};

// Each unit of one hidden layer: the squared norms of its incoming weights (its column of the dense layer's W)
// and of its outgoing ones (its row of the next dense layer's W), and its transformation's parameters as they
// stand, each name's block in turn as parameter_names lists them (none without a transformation): what
// conservation.hpp's laws read. Every epoch, and as epoch 0 before the first step.
struct unit_record {
    std::size_t epoch = 0, layer = 0;
    std::vector<double> incoming, outgoing, parameters;
};

namespace detail {

// Each record's fields, in the order they are stored (record_table.hpp).
struct epoch_columns {
    void operator()(auto&& visit) const {
        visit("epoch", [](auto& e) { return &e.epoch; });
        visit("train_loss", [](auto& e) { return &e.train_loss; });
        visit("validation_loss", [](auto& e) { return &e.validation_loss; });
        visit("validation_accuracy", [](auto& e) { return &e.validation_accuracy; });
        visit("test_loss", [](auto& e) { return &e.test_loss; });
        visit("test_accuracy", [](auto& e) { return &e.test_accuracy; });
        visit("seconds", [](auto& e) { return &e.seconds; });
    }
    // Runs recorded before the validation split had none: their checkpoints load with NaN there.
    static bool added_later(std::string_view column) { return column.starts_with("validation_"); }
};

// A description's fields, for a stage's pooled values and for each feature's.
inline void description_columns(auto&& visit) {
    visit("count", [](auto& r) { return &r.description.count; });
    visit("mean", [](auto& r) { return &r.description.mean; });
    visit("deviation", [](auto& r) { return &r.description.deviation; });
    visit("skewness", [](auto& r) { return &r.description.skewness; });
    visit("excess_kurtosis", [](auto& r) { return &r.description.excess_kurtosis; });
    visit("fraction_below_zero", [](auto& r) { return &r.description.fraction_below_zero; });
    visit("bimodality", [](auto& r) { return &r.description.bimodality; });
}

struct stage_columns {
    void operator()(auto&& visit) const {
        visit("epoch", [](auto& s) { return &s.epoch; });
        visit("layer", [](auto& s) { return &s.layer; });
        visit("stage", [](auto& s) { return &s.stage; });
        description_columns(visit);
        visit("percentiles", [](auto& s) { return &s.percentiles; });
        visit("histogram_low", [](auto& s) { return &s.histogram.low; });
        visit("histogram_high", [](auto& s) { return &s.histogram.high; });
        visit("histogram_counts", [](auto& s) { return &s.histogram.counts; });
        visit("histogram_below", [](auto& s) { return &s.histogram.below; });
        visit("histogram_above", [](auto& s) { return &s.histogram.above; });
        visit("histogram_not_finite", [](auto& s) { return &s.histogram.not_finite; });
        visit("modes", [](auto& s) { return &s.modes; });
        visit("features", [](auto& s) { return &s.features; });
        visit("classes", [](auto& s) { return &s.classes; });
        visit("image_sums", [](auto& s) { return &s.image_sums; });
        visit("clusters", [](auto& s) { return &s.clusters; });
    }
};

struct feature_columns {
    void operator()(auto&& visit) const {
        description_columns(visit);
        visit("modes", [](auto& f) { return &f.modes; });
    }
};

struct histogram_columns {
    void operator()(auto&& visit) const {
        visit("low", [](auto& h) { return &h.low; });
        visit("high", [](auto& h) { return &h.high; });
        visit("counts", [](auto& h) { return &h.counts; });
        visit("below", [](auto& h) { return &h.below; });
        visit("above", [](auto& h) { return &h.above; });
        visit("not_finite", [](auto& h) { return &h.not_finite; });
    }
};

struct cluster_columns {
    void operator()(auto&& visit) const {
        visit("low", [](auto& c) { return &c.low; });
        visit("high", [](auto& c) { return &c.high; });
        visit("spread", [](auto& c) { return &c.spread; });
        visit("high_share", [](auto& c) { return &c.high_share; });
    }
};

template <>
struct columns_of<analysis::two_clusters> {
    using type = cluster_columns;
};
template <>
struct columns_of<analysis::column_description> {
    using type = feature_columns;
};
template <>
struct columns_of<analysis::histogram> {
    using type = histogram_columns;
};

struct parameter_columns {
    void operator()(auto&& visit) const {
        visit("epoch", [](auto& p) { return &p.epoch; });
        visit("layer", [](auto& p) { return &p.layer; });
        visit("name", [](auto& p) { return &p.name; });
        visit("mean", [](auto& p) { return &p.mean; });
        visit("deviation", [](auto& p) { return &p.deviation; });
        visit("min", [](auto& p) { return &p.min; });
        visit("max", [](auto& p) { return &p.max; });
    }
};

struct class_feature_columns {
    void operator()(auto&& visit) const {
        visit("epoch", [](auto& r) { return &r.epoch; });
        visit("layer", [](auto& r) { return &r.layer; });
        visit("classes", [](auto& r) { return &r.columns.classes; });
        visit("features", [](auto& r) { return &r.columns.features; });
        visit("counts", [](auto& r) { return &r.columns.counts; });
        visit("means", [](auto& r) { return &r.columns.means; });
        visit("deviations", [](auto& r) { return &r.columns.deviations; });
    }
};

struct unit_columns {
    void operator()(auto&& visit) const {
        visit("epoch", [](auto& u) { return &u.epoch; });
        visit("layer", [](auto& u) { return &u.layer; });
        visit("incoming", [](auto& u) { return &u.incoming; });
        visit("outgoing", [](auto& u) { return &u.outgoing; });
        visit("parameters", [](auto& u) { return &u.parameters; });
    }
};

}  // namespace detail

// Everything a run has recorded so far, in the order recorded.
struct run_records {
    std::vector<epoch_record> epochs;
    std::vector<stage_record> stages;  // per epoch: "before" and "after" of each probed layer, in order
    std::vector<parameter_record> parameters;
    std::vector<class_feature_record> class_features;  // per probed epoch: each probed layer, in order
    std::vector<unit_record> units;                    // per epoch from 0: each hidden layer, in order

    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        detail::table_fields<detail::epoch_columns>(fields, "epochs", self.epochs);
        detail::table_fields<detail::stage_columns>(fields, "stages", self.stages);
        detail::table_fields<detail::parameter_columns>(fields, "parameters", self.parameters);
        detail::optional_table_fields<detail::class_feature_columns>(fields, "class_features", self.class_features);
        detail::optional_table_fields<detail::unit_columns>(fields, "units", self.units);
    }
};

}  // namespace mockbn::research
