#include "report_verdicts.hpp"

#include <iterator>
#include <stdexcept>
#include <string>

#include <mockbn/research/controls.hpp>

namespace sweep {

namespace {

// Each verdict's colour, in the enumeration's order.
constexpr std::string_view colours[] = {"#a6dba0", "#f4a582", "#fee08b", "#c2a5cf", "#e0e0e0"};
static_assert(std::size(colours) == std::size(all_verdicts));

}  // namespace

std::string_view verdict_colour(verdict v) { return colours[static_cast<std::size_t>(v)]; }

std::vector<judged_configuration> judge_configurations(const outcome& o) {
    return judge_configurations(o, study::shared_controls());
}

std::vector<judged_configuration> judge_configurations(const outcome& o, mockbn::research::control_bank& controls) {
    if (o.runs.size() != o.configurations.size())
        throw std::invalid_argument("the sweep's outcome holds runs for " + std::to_string(o.runs.size()) + " of " +
                                    std::to_string(o.configurations.size()) + " configurations");
    std::vector<judged_configuration> judged;
    for (std::size_t c = 0; c < o.configurations.size(); ++c) {
        const auto& options = o.configurations[c].options;
        judged.push_back({study::summarize(options, o.runs[c]), study::judge_ledger(options, o.runs[c], controls)});
    }
    return judged;
}

std::vector<std::size_t> mapped_claims() {
    std::vector<std::size_t> mapped;
    for (std::size_t k = 0; k < study::ledger_claims().size(); ++k)
        if (!study::ledger_claims()[k].strict.empty()) mapped.push_back(k);
    return mapped;
}

}  // namespace sweep
