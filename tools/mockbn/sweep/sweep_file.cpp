#include "sweep_file.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "folder.hpp"
#include "options.hpp"

namespace sweep {

namespace {

using nlohmann::json;
using study::option_error;

// What a value of the type of `example` (the study's default) is, for a message.
std::string type_of(const json& example) {
    if (example.is_boolean()) return "true or false";
    if (example.is_string()) return "a string";
    if (example.is_number_unsigned()) return "a whole number, 0 or more";
    if (example.is_number()) return "a number";
    return example.front().is_string() ? "a list of strings, or \"all\"" : "a list of whole numbers, or one";
}

std::string shortest(double v) {
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
}

// A scalar of the type of `example` as a study command line takes it, or "" when it is not one.
std::string scalar_text(const json& value, const json& example) {
    if (example.is_boolean() && value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (example.is_string() && value.is_string()) return value.get<std::string>();
    if (example.is_number_unsigned() && value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
    if (example.is_number_float() && value.is_number()) return shortest(value.get<double>());
    return "";
}

// A list option given one value, not a list: variants and placement take "all", placement one layer, seeds
// a count. Anything else (a string of several, "plain,bn") is refused: a list is written as a JSON list.
std::string list_word(const std::string& key, const json& value) {
    if (value == "all" && key != "seeds") return "all";
    if (value.is_number_unsigned() && key != "variants") return std::to_string(value.get<std::uint64_t>());
    if (key == "variants") throw option_error(key, "must be a list of variant names, or \"all\"");
    if (key == "seeds") throw option_error(key, "must be a count of seeds (seeds 1 to N), or a list of seeds");
    throw option_error(key, "must be a hidden layer, a list of them, or \"all\"" +
                                std::string(is_axis(key) ? " (or a list of those, one configuration each)" : ""));
}

// An option of names and numbers (initial) as the command line takes it: name=value, comma-separated.
std::string object_text(const std::string& key, const json& value) {
    if (!value.is_object()) throw option_error(key, "must be an object of names and numbers ({\"a\": 2})");
    std::string text;
    for (const auto& [name, number] : value.items()) {
        if (!number.is_number()) throw option_error(key, "'" + study::printable(name) + "' must be a number");
        text += (text.empty() ? "" : ",") + name + "=" + shortest(number.get<double>());
    }
    return text;
}

// One value of `key` as a study command line takes it. An option of names and numbers takes an object
// (object_text). A list option (variants, placement, seeds) takes a
// JSON list of its elements, joined with commas (a list of one seed as the range "N..N": "N" is a count), or
// one word or number (list_word).
std::string text_of(const std::string& key, const json& value, const json& example, bool alternatives = true) {
    if (example.is_object()) return object_text(key, value);
    const bool list = example.is_array();
    std::string text;
    if (list && value.is_array()) {
        for (const auto& e : value) {
            const std::string part = scalar_text(e, example.front());
            if (part.empty()) throw option_error(key, "must be " + type_of(example));
            text += (text.empty() ? "" : ",") + part;
        }
        if (text.empty()) throw option_error(key, "an empty list");
        return key == "seeds" && value.size() == 1 ? text + ".." + text : text;
    }
    if (list) return list_word(key, value);
    if (key == "probe_layer" && value == "all") return "all";  // the one word a number option takes
    text = scalar_text(value, example);
    const std::string expected =
        key == "probe_layer" ? "a hidden layer's number (from 1) or \"all\"" : type_of(example);
    if (text.empty() && !(value.is_string() && example.is_string()))
        throw option_error(key, "must be " + expected + (alternatives && is_axis(key) ? ", or a list of them" : ""));
    return text;
}

// Whether `value` lists alternatives of `key`, one configuration each, rather than being one value of it.
// placement's alternatives are lists of layers or "all"; a list mixing them with layers is refused.
bool lists_alternatives(const std::string& key, const json& value, const json& example) {
    if (!value.is_array()) return false;
    if (!example.is_array()) return true;
    if (key != "placement") return false;
    const auto alternative = [](const json& e) { return e.is_array() || e.is_string(); };
    const auto alternatives = std::count_if(value.begin(), value.end(), alternative);
    if (alternatives > 0 && alternatives < static_cast<std::ptrdiff_t>(value.size()))
        throw option_error(key,
                           "mixes layers with lists of layers: give one list of layers, or a list of lists "
                           "(one configuration each)");
    return alternatives > 0;
}

std::vector<std::string> values_of(const std::string& key, const json& value, const json& example) {
    if (!lists_alternatives(key, value, example)) return {text_of(key, value, example)};
    if (!is_axis(key))
        throw option_error(key, "one value, not a list: " + key + " is not an axis of the sweep (docs/sweep.md)");
    if (value.empty()) throw option_error(key, "an empty list");
    std::vector<std::string> texts;
    for (const auto& e : value) {
        if (e.is_array() && !example.is_array()) throw option_error(key, "a list inside a list");
        texts.push_back(text_of(key, e, example));
    }
    return texts;
}

// plan.json's "grown": a list of {"configuration": id, "claim": id, "variants": [names], "seeds": [seeds]}.
std::vector<growth> growth_of(const json& value) {
    const auto refused = [] {
        return option_error("grown", "must be a list of {configuration, claim, variants, seeds}");
    };
    if (!value.is_array()) throw refused();
    std::vector<growth> grown;
    for (const auto& entry : value) {
        if (!entry.is_object() || entry.size() != 4) throw refused();
        growth g;
        try {
            g.configuration = entry.at("configuration").get<std::string>();
            g.claim = entry.at("claim").get<std::string>();
            if (!entry.at("variants").is_array() || !entry.at("seeds").is_array()) throw refused();
            for (const auto& v : entry.at("variants")) g.variants.push_back(v.get<std::string>());
            for (const auto& s : entry.at("seeds")) {
                if (!s.is_number_unsigned()) throw refused();
                g.seeds.push_back(s.get<std::uint64_t>());
            }
        } catch (const json::exception&) {
            throw refused();
        }
        if (g.variants.empty() || g.seeds.empty()) throw refused();
        grown.push_back(std::move(g));
    }
    return grown;
}

}  // namespace

std::string value_text(const std::string& key, const json& value) {
    return text_of(key, value, option_defaults().at(key), false);
}

namespace {

// "points": a list of objects, each an axis option's values for one configuration ({"learning_rate": 0.01}).
std::vector<point_values> points_of(const json& value) {
    if (!value.is_array() || value.empty())
        throw option_error("points", "must be a list of objects, each the axis values of one configuration");
    std::vector<point_values> points;
    for (const auto& entry : value) {
        if (!entry.is_object() || entry.empty())
            throw option_error("points", "must be a list of objects, each the axis values of one configuration");
        point_values p;
        for (const auto& [key, v] : entry.items()) {
            if (!is_axis(key))
                throw option_error("points", "'" + study::printable(key) + "' is not an axis of the sweep");
            p[key] = value_text(key, v);
        }
        points.push_back(std::move(p));
    }
    return points;
}

}  // namespace

share share_of(const std::string& text, const std::string& field) {
    share s;
    const char* const end = text.data() + text.size();
    const auto first = std::from_chars(text.data(), end, s.index);
    const bool slash = first.ec == std::errc() && first.ptr != end && *first.ptr == '/';
    const auto second = slash ? std::from_chars(first.ptr + 1, end, s.count) : first;
    if (!slash || second.ec != std::errc() || second.ptr != end || s.index < 1 || s.index > s.count)
        throw option_error(field, "'" + study::printable(text) + "' is not i/n with 1 <= i <= n");
    return s;
}

grid grid_from_json(const std::string& text) {
    const json j = study::parse_object(text);
    grid g;
    for (const auto& [key, value] : j.items()) {
        if (key == "shard") {
            if (!value.is_string()) throw option_error(key, "must be a string, \"i/n\"");
            g.part = share_of(value.get<std::string>(), key);
            continue;
        }
        if (key == "grown") {
            g.grown = growth_of(value);
            continue;
        }
        if (key == "points") {
            g.points = points_of(value);
            continue;
        }
        const auto example = option_defaults().find(key);
        if (example == option_defaults().end()) throw option_error(study::printable(key), "not an option");
        g.given[key] = values_of(key, value, *example);
    }
    return g;
}

grid read_sweep_file(const std::filesystem::path& file) {
    const std::string text = study::read_small_file(file);
    try {
        return grid_from_json(text);
    } catch (const option_error& e) {
        throw study::refusal(file.string() + ": " + e.what());
    }
}

}  // namespace sweep
