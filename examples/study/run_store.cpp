#include "run_store.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "folder.hpp"
#include "identity.hpp"
#include "probes.hpp"

namespace study {

namespace {

using mockbn::analysis::mode;
using mockbn::io::checkpoint;
using mockbn::io::checkpoint_error;

// ---- each record's fields, named once for writing and for reading -------------------
// visit(name, field): field(record) is that field of the record, as a reference.

struct epoch_fields {
    template <class Visit>
    void operator()(Visit&& visit) const {
        visit(
            "epoch", [](auto& e) -> auto& { return e.epoch; });
        visit(
            "train_loss", [](auto& e) -> auto& { return e.train_loss; });
        visit(
            "test_loss", [](auto& e) -> auto& { return e.test_loss; });
        visit(
            "test_accuracy", [](auto& e) -> auto& { return e.test_accuracy; });
        visit(
            "seconds", [](auto& e) -> auto& { return e.seconds; });
    }
};

struct stage_fields {
    template <class Visit>
    void operator()(Visit&& visit) const {
        visit(
            "epoch", [](auto& s) -> auto& { return s.epoch; });
        visit(
            "layer", [](auto& s) -> auto& { return s.layer; });
        visit(
            "stage", [](auto& s) -> auto& { return s.stage; });
        visit(
            "count", [](auto& s) -> auto& { return s.description.count; });
        visit(
            "mean", [](auto& s) -> auto& { return s.description.mean; });
        visit(
            "deviation", [](auto& s) -> auto& { return s.description.deviation; });
        visit(
            "skewness", [](auto& s) -> auto& { return s.description.skewness; });
        visit(
            "excess_kurtosis", [](auto& s) -> auto& { return s.description.excess_kurtosis; });
        visit(
            "fraction_below_zero", [](auto& s) -> auto& { return s.description.fraction_below_zero; });
        visit(
            "bimodality", [](auto& s) -> auto& { return s.description.bimodality; });
        visit(
            "percentiles", [](auto& s) -> auto& { return s.percentiles; });
        visit(
            "histogram_low", [](auto& s) -> auto& { return s.histogram.low; });
        visit(
            "histogram_high", [](auto& s) -> auto& { return s.histogram.high; });
        visit(
            "histogram_counts", [](auto& s) -> auto& { return s.histogram.counts; });
        visit(
            "histogram_below", [](auto& s) -> auto& { return s.histogram.below; });
        visit(
            "histogram_above", [](auto& s) -> auto& { return s.histogram.above; });
        visit(
            "histogram_not_finite", [](auto& s) -> auto& { return s.histogram.not_finite; });
        visit(
            "modes", [](auto& s) -> auto& { return s.modes; });
        visit(
            "features", [](auto& s) -> auto& { return s.features; });
        visit(
            "classes", [](auto& s) -> auto& { return s.classes; });
    }
};

// A feature's statistics, stored inside its stage record (a list per record).
struct feature_fields {
    template <class Visit>
    void operator()(Visit&& visit) const {
        visit(
            "count", [](auto& f) -> auto& { return f.description.count; });
        visit(
            "mean", [](auto& f) -> auto& { return f.description.mean; });
        visit(
            "deviation", [](auto& f) -> auto& { return f.description.deviation; });
        visit(
            "skewness", [](auto& f) -> auto& { return f.description.skewness; });
        visit(
            "excess_kurtosis", [](auto& f) -> auto& { return f.description.excess_kurtosis; });
        visit(
            "fraction_below_zero", [](auto& f) -> auto& { return f.description.fraction_below_zero; });
        visit(
            "bimodality", [](auto& f) -> auto& { return f.description.bimodality; });
        visit(
            "modes", [](auto& f) -> auto& { return f.modes; });
    }
};

// A class's histogram, stored inside its stage record (a list per record).
struct histogram_fields {
    template <class Visit>
    void operator()(Visit&& visit) const {
        visit(
            "low", [](auto& h) -> auto& { return h.low; });
        visit(
            "high", [](auto& h) -> auto& { return h.high; });
        visit(
            "counts", [](auto& h) -> auto& { return h.counts; });
        visit(
            "below", [](auto& h) -> auto& { return h.below; });
        visit(
            "above", [](auto& h) -> auto& { return h.above; });
        visit(
            "not_finite", [](auto& h) -> auto& { return h.not_finite; });
    }
};

// The fields of a record that is stored as a list inside another record.
template <class Record>
struct nested_fields;
template <>
struct nested_fields<mockbn::analysis::column_description> {
    using type = feature_fields;
};
template <>
struct nested_fields<mockbn::analysis::histogram> {
    using type = histogram_fields;
};
template <class Record>
concept nested = requires {
    typename nested_fields<Record>::type;
};

struct parameter_fields {
    template <class Visit>
    void operator()(Visit&& visit) const {
        visit(
            "epoch", [](auto& p) -> auto& { return p.epoch; });
        visit(
            "layer", [](auto& p) -> auto& { return p.layer; });
        visit(
            "name", [](auto& p) -> auto& { return p.name; });
        visit(
            "mean", [](auto& p) -> auto& { return p.mean; });
        visit(
            "deviation", [](auto& p) -> auto& { return p.deviation; });
        visit(
            "min", [](auto& p) -> auto& { return p.min; });
        visit(
            "max", [](auto& p) -> auto& { return p.max; });
    }
};

// ---- how one field of every record is stored ---------------------------------------
// A number: one section holding one value per record (doubles, or unsigned
// 64-bit integers for counts). A text or a list of doubles: "<key>.sizes",
// one length per record, and "<key>", the pieces one after another. Modes:
// their locations and their heights, each stored as a list of doubles. A
// list of nested records (a stage's features): "<key>.sizes", one length per
// record, and the nested records of every record one after another, as a
// table "<key>" of their own fields.

template <class Record, class Fields>
void put_table(checkpoint& c, const std::string& table, const std::vector<Record>& records, Fields fields);
template <class Record, class Fields>
std::vector<Record> get_table(const checkpoint& c, const std::string& table, Fields fields, std::size_t count);

void put_field(checkpoint& c, const std::string& key, const std::vector<double>& values) {
    c.put_values<double>(key, values);
}

void put_field(checkpoint& c, const std::string& key, const std::vector<std::size_t>& values) {
    c.put_values<std::uint64_t>(key, std::vector<std::uint64_t>(values.begin(), values.end()));
}

template <class Piece>  // std::string or std::vector<double>
void put_field(checkpoint& c, const std::string& key, const std::vector<Piece>& pieces) {
    std::vector<std::uint64_t> sizes;
    std::vector<typename Piece::value_type> all;
    for (const auto& piece : pieces) {
        sizes.push_back(piece.size());
        all.insert(all.end(), piece.begin(), piece.end());
    }
    c.put_values<std::uint64_t>(key + ".sizes", sizes);
    c.put_values<typename Piece::value_type>(key, all);
}

void put_field(checkpoint& c, const std::string& key, const std::vector<std::vector<mode>>& modes) {
    std::vector<std::vector<double>> locations, heights;
    for (const auto& of_one : modes) {
        auto& location = locations.emplace_back();
        auto& height = heights.emplace_back();
        for (const auto& m : of_one) {
            location.push_back(m.location);
            height.push_back(m.height);
        }
    }
    put_field(c, key + ".location", locations);
    put_field(c, key + ".height", heights);
}

template <nested Record>
void put_field(checkpoint& c, const std::string& key, const std::vector<std::vector<Record>>& lists) {
    std::vector<std::uint64_t> sizes;
    std::vector<Record> all;
    for (const auto& list : lists) {
        sizes.push_back(list.size());
        all.insert(all.end(), list.begin(), list.end());
    }
    c.put_values<std::uint64_t>(key + ".sizes", sizes);
    put_table(c, key, all, typename nested_fields<Record>::type{});
}

// Section `key` as exactly `count` values of T.
template <class T>
std::vector<T> section_values(const checkpoint& c, const std::string& key, std::size_t count) {
    std::vector<T> values(count);
    c.get_values<T>(key, values);
    return values;
}

// `count` texts or lists of doubles: their sizes must add up to what section `key` holds.
template <class Piece>
std::vector<Piece> get_pieces(const checkpoint& c, const std::string& key, std::size_t count) {
    using value = typename Piece::value_type;
    const auto sizes = section_values<std::uint64_t>(c, key + ".sizes", count);
    const std::size_t held = c.get(key).size() / sizeof(value);
    std::size_t total = 0;
    for (const auto size : sizes) {
        if (size > held - total)
            throw checkpoint_error(c.path() + ": section " + key + " holds fewer values than " + key +
                                   ".sizes adds up to");
        total += size;
    }
    const auto all = section_values<value>(c, key, total);
    std::vector<Piece> pieces;
    for (std::size_t i = 0, first = 0; i < count; first += sizes[i++])
        pieces.emplace_back(all.begin() + first, all.begin() + first + sizes[i]);
    return pieces;
}

std::vector<std::vector<mode>> get_modes(const checkpoint& c, const std::string& key, std::size_t count) {
    const auto locations = get_pieces<std::vector<double>>(c, key + ".location", count);
    const auto heights = get_pieces<std::vector<double>>(c, key + ".height", count);
    std::vector<std::vector<mode>> modes(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (heights[i].size() != locations[i].size())
            throw checkpoint_error(c.path() + ": " + key + " has " + std::to_string(locations[i].size()) +
                                   " locations but " + std::to_string(heights[i].size()) + " heights");
        for (std::size_t k = 0; k < locations[i].size(); ++k) modes[i].push_back({locations[i][k], heights[i][k]});
    }
    return modes;
}

// The records a table holds: as many as its first field (8-byte values, a count or a double) has values.
template <class Fields>
std::size_t records_held(const checkpoint& c, const std::string& table, Fields fields) {
    std::string first;
    fields([&](const char* name, auto) {
        if (first.empty()) first = name;
    });
    return c.get(table + "." + first).size() / sizeof(std::uint64_t);
}

template <nested Record>
std::vector<std::vector<Record>> get_lists(const checkpoint& c, const std::string& key, std::size_t count) {
    const typename nested_fields<Record>::type fields;
    const auto sizes = section_values<std::uint64_t>(c, key + ".sizes", count);
    const std::size_t held = records_held(c, key, fields);
    std::size_t total = 0;
    for (const auto size : sizes) {
        if (size > held - total)
            throw checkpoint_error(c.path() + ": table " + key + " holds fewer records than " + key +
                                   ".sizes adds up to");
        total += size;
    }
    const auto all = get_table<Record>(c, key, fields, total);
    std::vector<std::vector<Record>> lists;
    for (std::size_t i = 0, first = 0; i < count; first += sizes[i++])
        lists.emplace_back(all.begin() + first, all.begin() + first + sizes[i]);
    return lists;
}

// What put_field wrote for `count` records.
template <class Field>
std::vector<Field> get_field(const checkpoint& c, const std::string& key, std::size_t count) {
    if constexpr (std::is_same_v<Field, double>) {
        return section_values<double>(c, key, count);
    } else if constexpr (std::is_same_v<Field, std::size_t>) {
        const auto values = section_values<std::uint64_t>(c, key, count);
        return {values.begin(), values.end()};
    } else if constexpr (std::is_same_v<Field, std::vector<mode>>) {
        return get_modes(c, key, count);
    } else if constexpr (nested<typename Field::value_type>) {
        return get_lists<typename Field::value_type>(c, key, count);
    } else {
        return get_pieces<Field>(c, key, count);
    }
}

// ---- tables: one record type's every field ------------------------------------------

template <class Record, class Fields>
void put_table(checkpoint& c, const std::string& table, const std::vector<Record>& records, Fields fields) {
    fields([&](const char* name, auto field) {
        std::vector<std::remove_cvref_t<decltype(field(std::declval<const Record&>()))>> values;
        for (const auto& r : records) values.push_back(field(r));
        put_field(c, table + "." + name, values);
    });
}

// `count` records of a table.
template <class Record, class Fields>
std::vector<Record> get_table(const checkpoint& c, const std::string& table, Fields fields, std::size_t count) {
    std::vector<Record> records(count);
    fields([&](const char* name, auto field) {
        using value = std::remove_cvref_t<decltype(field(std::declval<Record&>()))>;
        const auto values = get_field<value>(c, table + "." + name, records.size());
        for (std::size_t i = 0; i < records.size(); ++i) field(records[i]) = values[i];
    });
    return records;
}

// Every record of a table.
template <class Record, class Fields>
std::vector<Record> get_table(const checkpoint& c, const std::string& table, Fields fields) {
    return get_table<Record>(c, table, fields, records_held(c, table, fields));
}

// ---- the run as a whole -------------------------------------------------------------

// Refuses a checkpoint whose results are in another layout than run_format.
void check_format(const checkpoint& c) {
    const std::string reads =
        "; this build reads format " + std::to_string(run_format) + "; --force starts the folder's runs over";
    if (!c.has("run.format"))
        throw refusal(c.path() + " holds run results without a format version (an earlier build's raw records)" +
                      reads);
    const auto format = c.get_value<std::uint32_t>("run.format");
    if (format != run_format)
        throw refusal(c.path() + " holds run results in format " + std::to_string(format) + reads);
}

std::string layers_text(const std::vector<std::size_t>& layers) {
    return layers.size() == 1 ? "hidden layer " + std::to_string(layers[0])
                              : "hidden layers 1 to " + std::to_string(layers.size());
}

// Refuses a run whose records are not, per epoch from 1 to at most o.epochs, "before" and "after" of each
// probed layer in order.
void check_record_order(const checkpoint& c, const run_result& r, const options& o) {
    const auto layers = probed_layers(o);
    const std::size_t per_epoch = 2 * layers.size();
    bool consistent = r.epochs.size() <= o.epochs && r.stages.size() == per_epoch * r.epochs.size();
    for (std::size_t i = 0; consistent && i < r.epochs.size(); ++i) consistent = r.epochs[i].epoch == i + 1;
    for (std::size_t i = 0; consistent && i < r.stages.size(); ++i) {
        const auto& s = r.stages[i];
        consistent = s.epoch == i / per_epoch + 1 && s.layer == layers[i % per_epoch / 2] &&
                     s.stage == (i % 2 == 0 ? "before" : "after");
    }
    if (!consistent)
        throw checkpoint_error(c.path() + ": its records do not make a run of at most " + std::to_string(o.epochs) +
                               " epochs probing " + layers_text(layers) + " (" + std::to_string(r.epochs.size()) +
                               " epoch records, " + std::to_string(r.stages.size()) + " stage records)");
}

// Refuses a stage record without everything a run records: its percentiles and bins, a feature record per
// feature of the layer, and a histogram per class at the last epoch only.
void check_stage(const checkpoint& c, const stage_record& s, const options& o) {
    const std::string which = c.path() + ": a stage record of epoch " + std::to_string(s.epoch) + " has ";
    const std::size_t percentiles = std::size(mockbn::analysis::band_percentiles);
    if (s.percentiles.size() != percentiles || s.histogram.counts.size() != histogram_bins)
        throw checkpoint_error(which + std::to_string(s.percentiles.size()) + " percentiles and " +
                               std::to_string(s.histogram.counts.size()) + " histogram bins, not the " +
                               std::to_string(percentiles) + " and " + std::to_string(histogram_bins) +
                               " every run records");
    if (s.features.size() != o.width)
        throw checkpoint_error(which + std::to_string(s.features.size()) + " feature records, not one per feature (" +
                               std::to_string(o.width) + ")");
    const bool whole = std::all_of(s.classes.begin(), s.classes.end(), [](const mockbn::analysis::histogram& h) {
        return h.counts.size() == histogram_bins;
    });
    if (s.classes.empty() == (s.epoch == o.epochs) || !whole)
        throw checkpoint_error(which + std::to_string(s.classes.size()) +
                               " class histograms; a run records one per class, of " + std::to_string(histogram_bins) +
                               " bins, at its last epoch (" + std::to_string(o.epochs) + ") only");
}

// Refuses records that no run under `o` leaves: a checkpoint whose checksum holds but whose content was put
// together by hand.
void check_records(const checkpoint& c, const run_result& r, const options& o) {
    check_record_order(c, r, o);
    for (const auto& s : r.stages) check_stage(c, s, o);
}

}  // namespace

void put_run(checkpoint& c, const saved_run& run) {
    const run_result& r = run.result;
    c.put_value<std::uint32_t>("run.format", run_format);
    c.put_value<std::uint64_t>("run.diverged", r.diverged);
    c.put_value<std::uint64_t>("run.diverged_at", r.diverged_at);
    c.put_value<std::uint64_t>("run.rollbacks", r.rollbacks);
    c.put_value<double>("run.learning_rate", run.learning_rate);
    c.put_text("run.divergence", r.divergence);
    c.put_text("run.kernels", r.kernels);
    put_table(c, "run.epochs", r.epochs, epoch_fields{});
    put_table(c, "run.stages", r.stages, stage_fields{});
    put_table(c, "run.parameters", r.parameters, parameter_fields{});
}

saved_run get_run(const checkpoint& c, const options& o) {
    check_format(c);
    saved_run run;
    run_result& r = run.result;
    r.diverged = c.get_value<std::uint64_t>("run.diverged") != 0;
    r.diverged_at = c.get_value<std::uint64_t>("run.diverged_at");
    r.rollbacks = c.get_value<std::uint64_t>("run.rollbacks");
    run.learning_rate = c.get_value<double>("run.learning_rate");
    r.divergence = c.get_text("run.divergence");
    r.kernels = c.get_text("run.kernels");
    r.epochs = get_table<epoch_record>(c, "run.epochs", epoch_fields{});
    r.stages = get_table<stage_record>(c, "run.stages", stage_fields{});
    r.parameters = get_table<parameter_record>(c, "run.parameters", parameter_fields{});
    check_records(c, r, o);
    return run;
}

run_store::run_store(std::filesystem::path file, std::string identity, const options& o)
    : file_(std::move(file)), identity_(std::move(identity)), options_(o) {}

checkpoint run_store::open() const { return load_run_checkpoint(file_, identity_, options_.allow_kernel_change); }

}  // namespace study
