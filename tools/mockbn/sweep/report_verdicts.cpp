#include "report_verdicts.hpp"

#include <iterator>
#include <stdexcept>
#include <string>

namespace sweep {

namespace {

// Each verdict's name and colour, in the enumeration's order.
struct verdict_look {
    std::string_view name, colour;
};
constexpr verdict_look looks[] = {
    {"reproduced", "#a6dba0"}, {"not reproduced", "#f4a582"}, {"inconclusive", "#fee08b"}, {"not measured", "#e0e0e0"}};
static_assert(std::size(looks) == std::size(all_verdicts));

}  // namespace

verdict verdict_of(const study::finding& f) {
    if (!f.measured) return verdict::not_measured;
    switch (f.verdict) {
        case mockbn::research::verdict::reproduced:
            return verdict::reproduced;
        case mockbn::research::verdict::not_reproduced:
            return verdict::not_reproduced;
        case mockbn::research::verdict::inconclusive:
            return verdict::inconclusive;
    }
    throw std::logic_error("a finding's verdict is none of reproduced, not reproduced and inconclusive");
}

std::string_view verdict_name(verdict v) { return looks[static_cast<std::size_t>(v)].name; }

std::string_view verdict_colour(verdict v) { return looks[static_cast<std::size_t>(v)].colour; }

std::vector<judged_configuration> judge_configurations(const outcome& o) {
    if (o.runs.size() != o.configurations.size())
        throw std::invalid_argument("the sweep's outcome holds runs for " + std::to_string(o.runs.size()) + " of " +
                                    std::to_string(o.configurations.size()) + " configurations");
    std::vector<judged_configuration> judged;
    for (std::size_t c = 0; c < o.configurations.size(); ++c) {
        const auto& options = o.configurations[c].options;
        auto summary = study::summarize(options, o.runs[c]);
        auto findings = study::judge(options, o.runs[c], summary);
        judged.push_back({std::move(summary), std::move(findings)});
    }
    return judged;
}

}  // namespace sweep
