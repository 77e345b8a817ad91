#include "search_file.hpp"

#include "folder.hpp"
#include "options.hpp"
#include "sweep_file.hpp"

namespace sweep {

namespace {

using nlohmann::json;
using study::option_error;

std::size_t count_of(const json& value, const std::string& key, std::size_t least) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() < least || value.get<std::uint64_t>() > 1000000)
        throw option_error(key, "must be a whole number from " + std::to_string(least) + " to 1000000");
    return static_cast<std::size_t>(value.get<std::uint64_t>());
}

// One dimension of "space": a list of values, or {"from": low, "to": high} on a floating option.
mockbn::research::dimension dimension_of(const std::string& key, const json& value, const grid& shared) {
    const std::string where = "space: " + study::printable(key);
    if (!is_axis(key)) throw option_error(where, "is not an axis of the sweep (docs/sweep.md)");
    if (key == "epochs") throw option_error(where, "the rungs set the epochs (\"epochs\", \"eta\")");
    if (shared.given.count(key) > 0) throw option_error(where, "\"sweep\" gives it to every point too");
    if (value.is_array()) {
        if (value.empty()) throw option_error(where, "an empty list");
        std::vector<std::string> texts;
        for (const auto& e : value) texts.push_back(value_text(key, e));
        return mockbn::research::dimension::named(key, std::move(texts));
    }
    const bool range = value.is_object() && value.size() == 2 && value.contains("from") && value.contains("to") &&
                       value["from"].is_number() && value["to"].is_number();
    if (!range) throw option_error(where, "must be a list of values or {\"from\": low, \"to\": high}");
    if (!option_defaults().at(key).is_number_float())
        throw option_error(where, "takes a list of values: a range is drawn on a floating option only");
    try {
        return mockbn::research::dimension::log_range(key, value["from"].get<double>(), value["to"].get<double>());
    } catch (const std::invalid_argument&) {
        throw option_error(where, "the range must have 0 < from <= to");
    }
}

}  // namespace

std::size_t search_spec::epochs_of(std::size_t rung) const {
    std::size_t e = epochs;
    for (std::size_t r = 0; r < rung; ++r) e *= eta;
    return e;
}

search_spec search_from_json(const std::string& text) {
    const json j = study::parse_object(text);
    search_spec s;
    if (const auto found = j.find("sweep"); found != j.end()) {
        if (!found->is_object()) throw option_error("sweep", "must be an object of the study's options");
        s.shared = grid_from_json(found->dump());
        if (!s.shared.points.empty() || s.shared.part.count > 1 || !s.shared.grown.empty())
            throw option_error("sweep", "gives the options every point shares: no points, shard or growth");
        for (const auto& [key, values] : s.shared.given)
            if (values.size() > 1)
                throw option_error("sweep: " + key, "one value: the space gives the values that vary");
    }
    for (const auto& [key, value] : j.items()) {
        if (key == "sweep") continue;
        if (key == "space") {
            if (!value.is_object() || value.empty())
                throw option_error(key, "must be an object: per axis option, its values or range");
            s.space_given = value;
            for (const auto& [name, dimension] : value.items())
                s.space.push_back(dimension_of(name, dimension, s.shared));
        } else if (key == "points") {
            s.points = count_of(value, key, 1);
        } else if (key == "eta") {
            s.eta = count_of(value, key, 2);
        } else if (key == "rungs") {
            s.rungs = count_of(value, key, 1);
        } else if (key == "epochs") {
            s.epochs = count_of(value, key, 1);
        } else if (key == "seed") {
            if (!value.is_number_unsigned()) throw option_error(key, "must be a whole number, 0 or more");
            s.seed = value.get<std::uint64_t>();
        } else {
            throw option_error(study::printable(key),
                               "not a key of a search file (sweep, space, points, eta, rungs, "
                               "epochs, seed)");
        }
    }
    if (s.space.empty()) throw option_error("space", "is missing: the search needs a dimension to vary");
    for (std::size_t r = 0, e = s.epochs; r < s.rungs; ++r, e *= s.eta)
        if (e > 100000)
            throw option_error("rungs", "rung " + std::to_string(r + 1) + " would train more than 100,000 epochs");
    return s;
}

search_spec read_search_file(const std::filesystem::path& file) {
    const std::string text = study::read_small_file(file);
    try {
        return search_from_json(text);
    } catch (const option_error& e) {
        throw study::refusal(file.string() + ": " + e.what());
    }
}

json canonical(const search_spec& s) {
    return {{"sweep", sweep::canonical(s.shared, expand(s.shared, "out"))},
            {"space", s.space_given},
            {"points", s.points},
            {"eta", s.eta},
            {"rungs", s.rungs},
            {"epochs", s.epochs},
            {"seed", s.seed}};
}

}  // namespace sweep
