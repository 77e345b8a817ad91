// mockbn/research/claims.hpp
//
// A claim of a study as data: its words, the records its rule reads, the
// rule in words and the rule itself, judged over stored records (one
// configuration's runs and their summary).
//
// Contract:
//  - judge(claims, results) gives one finding per claim, in order: the
//    claim's words, its rule in words (the text "{fixed shapes}" in it
//    replaced by the results' fixed shapes, comma-separated), the measured
//    evidence and the verdict.
//  - A finding is `measured` unless the runs lack what its rule needs; its
//    verdict is then inconclusive, and its evidence says what was missing.
//  - The same records give the same findings, bit for bit: a rule reads
//    only what `results` holds.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mockbn/research/run_result.hpp"
#include "mockbn/research/summary.hpp"

namespace mockbn::research {

enum class verdict { reproduced, not_reproduced, inconclusive };

// "reproduced", "not reproduced", "inconclusive".
inline std::string_view verdict_name(verdict v) {
    constexpr std::string_view names[] = {"reproduced", "not reproduced", "inconclusive"};
    return names[static_cast<std::size_t>(v)];
}

struct finding {
    std::string claim;     // the claim's words
    std::string rule;      // how the verdict is computed
    std::string evidence;  // the measured numbers
    research::verdict verdict = verdict::inconclusive;
    bool measured = true;  // false when the runs lack what the rule needs (the verdict is then inconclusive)
};

// What a claim is judged over: one configuration's runs and their summary.
struct study_results {
    const std::vector<run_result>& runs;
    const std::vector<variant_summary>& summary;
    std::size_t layer = 0;                  // the hidden layer the rules read, after its transformation
    std::size_t epoch = 0;                  // the last epoch
    std::vector<std::string> fixed_shapes;  // the variants in the role of a fixed shaping transformation
};

struct claim {
    std::string text;   // the original words, shortened
    std::string reads;  // the records its rule reads
    std::string rule;   // the rule in words
    // The rule: fills `f` (which holds the claim's words and its rule) from `results`, and from whatever
    // else it holds (a measurement of the caller's own that the records do not keep).
    std::function<void(const study_results& results, finding& f)> judge;
};

inline std::string comma_list(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

inline std::vector<finding> judge(const std::vector<claim>& claims, const study_results& results) {
    std::vector<finding> findings;
    for (const auto& c : claims) {
        finding f{c.text, c.rule, "", verdict::inconclusive, true};
        constexpr std::string_view placeholder = "{fixed shapes}";
        if (const auto at = f.rule.find(placeholder); at != std::string::npos)
            f.rule.replace(at, placeholder.size(), comma_list(results.fixed_shapes));
        c.judge(results, f);
        findings.push_back(std::move(f));
    }
    return findings;
}

}  // namespace mockbn::research
