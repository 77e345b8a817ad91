#include "report_verdicts.hpp"

#include <stdexcept>
#include <string>

namespace sweep {

verdict verdict_of(const study::finding& f) {
    if (!f.measured) return verdict::not_measured;
    for (auto v : {verdict::reproduced, verdict::not_reproduced, verdict::inconclusive})
        if (f.verdict == verdict_name(v)) return v;
    throw std::logic_error("a finding's verdict is '" + f.verdict +
                           "', none of reproduced, not reproduced and inconclusive");
}

std::string_view verdict_name(verdict v) {
    switch (v) {
        case verdict::reproduced:
            return "reproduced";
        case verdict::not_reproduced:
            return "not reproduced";
        case verdict::inconclusive:
            return "inconclusive";
        case verdict::not_measured:
            return "not measured";
    }
    throw std::logic_error("verdict_name: not a verdict");
}

std::string_view verdict_colour(verdict v) {
    switch (v) {
        case verdict::reproduced:
            return "#a6dba0";
        case verdict::not_reproduced:
            return "#f4a582";
        case verdict::inconclusive:
            return "#fee08b";
        case verdict::not_measured:
            return "#e0e0e0";
    }
    throw std::logic_error("verdict_colour: not a verdict");
}

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
