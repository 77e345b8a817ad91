#include "grid.hpp"

#include <algorithm>
#include <atomic>
#include <limits>

#include "command_line.hpp"
#include "folder.hpp"
#include "identity.hpp"
#include "interrupt.hpp"
#include "options.hpp"

namespace sweep {

namespace {

using nlohmann::json;

std::size_t axis_index(const std::string& key) {
    return static_cast<std::size_t>(std::find(axis_names.begin(), axis_names.end(), key) - axis_names.begin());
}

// The study's command-line argument giving `key` the value `text`.
std::string argument(const std::string& key, const std::string& text) { return study::flag_of(key) + "=" + text; }

// The axes' values of one combination: the value chosen per axis name, "" for an axis not given.
using choice = std::vector<std::string>;

// "--optimizer adam --lr 0.01": what sets one combination apart (its axes given several values).
std::string describe(const grid& g, const choice& chosen) {
    std::string text;
    for (std::size_t k = 0; k < axis_names.size(); ++k) {
        const auto found = g.given.find(axis_names[k]);
        if (found != g.given.end() && found->second.size() > 1)
            text += (text.empty() ? "" : " ") + study::flag_of(axis_names[k]) + " " + study::printable(chosen[k]);
    }
    return text;
}

// Moves `at` to the next combination, the last axis fastest; false after the last.
bool advance(std::vector<std::size_t>& at, const std::vector<std::size_t>& sizes) {
    for (std::size_t k = at.size(); k-- > 0;) {
        if (++at[k] < sizes[k]) return true;
        at[k] = 0;
    }
    return false;
}

std::atomic<std::uint64_t> built{0};

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
    constexpr auto most = std::numeric_limits<std::uint64_t>::max();
    return b != 0 && a > most / b ? most : a * b;
}

// One combination, parsed and checked by the study's own command line; `name` says which in a refusal.
configuration configure(const std::vector<std::string>& fixed, const choice& chosen, const std::string& name) {
    std::vector<std::string> arguments = fixed;
    for (std::size_t k = 0; k < axis_names.size(); ++k)
        if (!chosen[k].empty()) arguments.push_back(argument(axis_names[k], chosen[k]));
    configuration c;
    try {
        c.options = study::parse(arguments).given;
    } catch (const study::usage_error& e) {
        throw study::refusal((name.empty() ? "" : "the configuration " + name + ": ") + e.what());
    }
    c.values.resize(axis_names.size());
    for (const auto& [key, value] : study::every_setting(c.options))  // a value the options leave unused included
        if (is_axis(key)) c.values[axis_index(key)] = value;
    if (chosen[axis_index("placement")] == "all") c.values[axis_index("placement")] = "all";
    c.id = study::configuration_id(c.options);
    ++built;
    return c;
}

// Refuses two values of one axis that make the same configurations wherever they are used (--lr 0.01,0.010, or
// --momentum 0.9,0.5 under Adam alone): one of them adds nothing. Two values that differ somewhere (--momentum
// 0.9,0.5 beside --optimizer sgd,adam) are kept, and the configurations they make alike share their jobs.
void refuse_redundant_values(const grid& g, const std::vector<configuration>& configurations,
                             const std::vector<std::size_t>& sizes) {
    std::size_t stride = configurations.size();
    for (std::size_t k = 0; k < axis_names.size(); ++k) {
        stride /= sizes[k];
        for (std::size_t a = 0; a < sizes[k]; ++a)
            for (std::size_t b = a + 1; b < sizes[k]; ++b) {
                bool alike = true;  // every configuration with value a against its twin with value b
                for (std::size_t c = 0; alike && c < configurations.size(); ++c)
                    if ((c / stride) % sizes[k] == a)
                        alike = configurations[c].id == configurations[c + (b - a) * stride].id;
                if (!alike) continue;
                const auto& values = g.given.at(axis_names[k]);
                throw study::refusal("the values " + study::printable(values[a]) + " and " +
                                     study::printable(values[b]) + " of " + study::flag_of(axis_names[k]) +
                                     " make the same configurations: give each value once");
            }
    }
}

// Adds g's grown jobs to the configurations they name (every one with that id), each job once.
void attach_growth(const grid& g, std::vector<configuration>& configurations) {
    for (const auto& grown : g.grown) {
        bool found = false;
        for (auto& c : configurations) {
            if (c.id != grown.configuration) continue;
            found = true;
            for (const auto& variant : grown.variants) {
                if (std::find(c.options.variants.begin(), c.options.variants.end(), variant) ==
                    c.options.variants.end())
                    throw study::refusal("grown: configuration " + c.id + " runs no variant " +
                                         study::printable(variant));
                for (const std::uint64_t seed : grown.seeds) {
                    const bool known =
                        std::find(c.options.seeds.begin(), c.options.seeds.end(), seed) != c.options.seeds.end() ||
                        std::any_of(c.grown.begin(), c.grown.end(),
                                    [&](const study::job& j) { return j.variant == variant && j.seed == seed; });
                    if (!known) c.grown.push_back({variant, seed});
                }
            }
        }
        if (!found)
            throw study::refusal("grown: the sweep has no configuration " + study::printable(grown.configuration));
    }
}

void refuse_when_stopped() {
    if (study::stop_flag())
        throw study::study_error(128 + study::stop_signal(),
                                 "stopped while building the sweep's configurations; nothing was written");
}

// "point 3 (--lr 0.01 --depth 4)"
std::string describe(std::size_t index, const point_values& p) {
    std::string text = "point " + std::to_string(index + 1) + " (";
    for (const auto& [key, value] : p)
        text.append(study::flag_of(key)).append(" ").append(study::printable(value)).append(" ");
    text.back() = ')';  // a point sets at least one value
    return text;
}

// A grid's points, each one configuration: the options every configuration shares (`fixed`), and its own values.
std::vector<configuration> configure_points(const grid& g, const std::vector<std::string>& fixed) {
    for (const auto& [key, values] : g.given)
        if (is_axis(key) && values.size() > 1)
            throw study::refusal(study::flag_of(key) + " is given " + std::to_string(values.size()) +
                                 " values beside points: a sweep of points gives each of its configurations by itself");
    std::vector<configuration> configurations;
    for (std::size_t p = 0; p < g.points.size(); ++p) {
        refuse_when_stopped();
        choice values(axis_names.size());
        for (const auto& [key, given] : g.given)
            if (is_axis(key)) values[axis_index(key)] = given.front();
        for (const auto& [key, value] : g.points[p]) {
            if (!is_axis(key) || g.given.count(key) > 0)
                throw study::refusal(describe(p, g.points[p]) + ": " + study::flag_of(key) +
                                     (is_axis(key) ? " is given to every configuration too: give it in one place"
                                                   : " is not an axis of the sweep (docs/sweep.md)"));
            values[axis_index(key)] = value;
        }
        configurations.push_back(configure(fixed, values, describe(p, g.points[p])));
        if (g.points[p].count("placement") > 0 && g.points[p].at("placement") == "all")
            configurations.back().values[axis_index("placement")] = "all";
    }
    return configurations;
}

}  // namespace

bool is_axis(const std::string& key) { return axis_index(key) < axis_names.size(); }

char separator_of(const std::string& key) { return key == "placement" || key == "initial" ? ':' : ','; }

const json& option_defaults() {
    static const json defaults = json::parse(study::to_json(study::options{}));
    return defaults;
}

grid_size size_of(const grid& g) {
    grid_size size;
    std::vector<std::string> lists;  // what decides a configuration's jobs: the same in every configuration
    for (const char* key : {"variants", "seeds", "quick"})
        if (const auto found = g.given.find(key); found != g.given.end())
            lists.push_back(argument(key, found->second.front()));
    for (const auto& [key, values] : g.given)
        if (is_axis(key)) size.configurations = saturating_product(size.configurations, values.size());
    if (!g.points.empty()) size.configurations = g.points.size();
    const study::options o = study::parse(lists).given;
    size.jobs = saturating_product(size.configurations, o.variants.size() * o.seeds.size());
    return size;
}

std::uint64_t configurations_built() { return built; }

std::vector<configuration> expand(const grid& g, const std::string& out) {
    const auto datasets = g.given.find("dataset");
    if (g.given.count("data_dir") > 0 && datasets != g.given.end() && datasets->second.size() > 1)
        throw study::refusal(
            "--data-dir names one dataset's folder; with several --dataset values leave it out: each dataset is "
            "read from $MOCKBN_DATA_DIR/<dataset>, or data/<dataset>");
    std::vector<std::string> fixed = {argument("out", out)};
    std::vector<std::size_t> sizes(axis_names.size(), 1);
    for (const auto& [key, values] : g.given) {
        if (is_axis(key)) sizes[axis_index(key)] = values.size();
        else fixed.push_back(argument(key, values.front()));
    }
    std::vector<configuration> configurations;
    if (!g.points.empty()) {
        configurations = configure_points(g, fixed);
    } else {
        std::vector<std::size_t> at(axis_names.size(), 0);
        do {
            refuse_when_stopped();
            choice values(axis_names.size());
            for (std::size_t k = 0; k < axis_names.size(); ++k)
                if (const auto found = g.given.find(axis_names[k]); found != g.given.end())
                    values[k] = found->second[at[k]];
            configurations.push_back(configure(fixed, values, describe(g, values)));
        } while (advance(at, sizes));
        refuse_redundant_values(g, configurations, sizes);
    }
    attach_growth(g, configurations);
    return configurations;
}

std::vector<job_ref> jobs_of(const std::vector<configuration>& configurations) {
    std::vector<job_ref> jobs;
    std::map<std::string, std::size_t> first;  // by job key
    const auto add = [&](std::size_t c, study::job j) {
        const auto [at, fresh] =
            first.emplace(study::job_key(configurations[c].options, j.variant, j.seed), jobs.size());
        jobs.push_back({c, std::move(j), at->second});
    };
    for (std::size_t c = 0; c < configurations.size(); ++c)
        for (auto& j : study::jobs_of(configurations[c].options)) add(c, std::move(j));
    for (std::size_t c = 0; c < configurations.size(); ++c)
        for (const auto& j : configurations[c].grown) add(c, j);
    return jobs;
}

std::vector<std::size_t> jobs_in(const std::vector<job_ref>& jobs, const share& part) {
    std::vector<std::size_t> rank(jobs.size());  // each trained job's place among the trained jobs
    std::size_t trained = 0;
    for (std::size_t n = 0; n < jobs.size(); ++n)
        if (jobs[n].source == n) rank[n] = trained++;
    std::vector<std::size_t> held;
    for (std::size_t n = 0; n < jobs.size(); ++n)
        if (part.holds(rank[jobs[n].source])) held.push_back(n);
    return held;
}

std::size_t grid_job_count(std::span<const configuration> configurations) {
    std::size_t count = 0;
    for (const auto& c : configurations) count += c.options.variants.size() * c.options.seeds.size();
    return count;
}

std::size_t job_number(const std::vector<configuration>& configurations, std::size_t c, const std::string& variant,
                       std::uint64_t seed) {
    const auto& o = configurations[c].options;
    const auto s = static_cast<std::size_t>(std::find(o.seeds.begin(), o.seeds.end(), seed) - o.seeds.begin());
    if (s < o.seeds.size()) {  // a grid job
        const auto v =
            static_cast<std::size_t>(std::find(o.variants.begin(), o.variants.end(), variant) - o.variants.begin());
        return grid_job_count(std::span(configurations).first(c)) + v * o.seeds.size() + s;
    }
    std::size_t number = grid_job_count(configurations);
    for (std::size_t d = 0; d < c; ++d) number += configurations[d].grown.size();
    const auto& grown = configurations[c].grown;
    return number + static_cast<std::size_t>(
                        std::find_if(grown.begin(), grown.end(),
                                     [&](const study::job& j) { return j.variant == variant && j.seed == seed; }) -
                        grown.begin());
}

std::vector<axis> axes_of(const grid& g, const std::vector<configuration>& configurations) {
    const auto varies = [&](std::size_t k) {
        if (g.points.empty()) return g.given.count(axis_names[k]) > 0 && g.given.at(axis_names[k]).size() > 1;
        const bool set = std::any_of(g.points.begin(), g.points.end(),
                                     [&](const point_values& p) { return p.count(axis_names[k]) > 0; });
        return set && std::any_of(configurations.begin(), configurations.end(), [&](const configuration& c) {
                   return c.values[k] != configurations.front().values[k];
               });
    };
    std::vector<axis> axes;
    for (std::size_t k = 0; k < axis_names.size(); ++k) {
        if (!varies(k)) continue;
        axis a{axis_names[k], {}};
        for (const auto& c : configurations)
            if (std::find(a.values.begin(), a.values.end(), c.values[k]) == a.values.end())
                a.values.push_back(c.values[k]);
        axes.push_back(std::move(a));
    }
    return axes;
}

json canonical(const grid& g, const std::vector<configuration>& configurations) {
    std::vector<json> stored;  // each configuration as a study's plan.json holds it
    for (const auto& c : configurations) stored.push_back(json::parse(study::to_json(c.options)));
    json j = json::object();
    for (const auto& [key, texts] : g.given) {
        json values = json::array();
        for (std::size_t c = 0; c < configurations.size(); ++c) {
            const bool all = key == "placement" && configurations[c].values[axis_index(key)] == "all";
            const json value = all ? json("all") : stored[c][key];
            if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
        }
        j[key] = texts.size() > 1 ? values : values.front();
    }
    for (std::size_t c = 0; c < g.points.size(); ++c) {
        json point = json::object();
        for (const auto& [key, text] : g.points[c])
            point[key] =
                configurations[c].values[axis_index(key)] == "all" && key == "placement" ? json("all") : stored[c][key];
        j["points"].push_back(std::move(point));
    }
    const auto same_data = [&](const json& s) { return s["data_dir"] == stored.front()["data_dir"]; };
    if (std::all_of(stored.begin(), stored.end(), same_data)) j["data_dir"] = stored.front()["data_dir"];
    if (g.part.count > 1) j["shard"] = g.part.text();
    for (const auto& grown : g.grown)
        j["grown"].push_back({{"configuration", grown.configuration},
                              {"claim", grown.claim},
                              {"variants", grown.variants},
                              {"seeds", grown.seeds}});
    return j;
}

}  // namespace sweep
