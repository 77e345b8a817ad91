// mockbn/research/ledger.hpp
//
// A reproduction ledger as data: the claims of a study, each with its
// words and where they stand, a strict and a weak operationalization
// declared before any run, its premises, the assumptions of the set-up it
// rests on (a fidelity table: what the original did, what is done here,
// and whether that is stated, inferred or guessed), and the rule that
// judges it on one configuration's stored runs, giving a verdict under each
// operationalization with the effect sizes and intervals behind it.
//
// Contract:
//  - judge(claims, evidence, t) gives one finding per claim, in order, each
//    computed from `evidence` and the thresholds `t` alone: the same records
//    and thresholds give the same findings, bit for bit.
//  - A verdict is not_measured when the runs lack what the rule reads,
//    not_testable when a premise fails (the claim cannot be judged under
//    these conditions, which is not evidence against it), not_reproduced
//    only when the evidence excludes the claimed effect at the smallest
//    effect of interest the thresholds declare, and inconclusive otherwise.
//  - seeds_wanted(f, seeds, most) is the seeds a configuration grows to for
//    claim f: from the power calculation and the premise, never from
//    whether the verdict is decided.
//  - sensitivity(c, evidence) re-judges claim c at the defaults and at each
//    declared value (thresholds.hpp) of each threshold it reads, one at a
//    time, the others at their defaults, and gives the share of those
//    settings whose strict and weak verdicts are "reproduced".
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mockbn/analysis/inference.hpp"
#include "mockbn/research/controls.hpp"
#include "mockbn/research/run_result.hpp"
#include "mockbn/research/thresholds.hpp"

namespace mockbn::research {

enum class verdict { reproduced, not_reproduced, inconclusive, not_testable, not_measured };
inline constexpr verdict all_verdicts[] = {verdict::reproduced, verdict::not_reproduced, verdict::inconclusive,
                                           verdict::not_testable, verdict::not_measured};

// "reproduced", "not reproduced", "inconclusive", "not testable here", "not measured".
inline std::string_view verdict_name(verdict v) {
    constexpr std::string_view names[] = {"reproduced", "not reproduced", "inconclusive", "not testable here",
                                          "not measured"};
    return names[static_cast<std::size_t>(v)];
}

// How an assumption about the original set-up is known.
enum class basis { stated, inferred, guessed };
inline std::string_view basis_name(basis b) {
    constexpr std::string_view names[] = {"stated", "inferred", "guessed"};
    return names[static_cast<std::size_t>(b)];
}

// One row of the fidelity table.
struct assumption {
    std::string id;        // how a claim names it: "layer"
    std::string subject;   // "Which layer is layer 4"
    std::string original;  // what the original set-up was, as far as it is known
    std::string here;      // what the study does by default
    research::basis basis = basis::guessed;
    std::string source;  // where the original value comes from
};

struct effect {
    std::string name;  // what is measured: "accuracy, log_shift − plain (paired by seed)"
    analysis::interval value;
    std::size_t n = 0;  // the units the interval rests on (runs, pairs)
};

struct judgement {
    research::verdict verdict = verdict::not_measured;
    std::string why;  // the numbers that decided it
};

// Where a claim's premise stands in one configuration: it has none; it holds; the data neither show it nor
// exclude it; or they exclude it (batch normalization's advantage, say, below the smallest of interest).
enum class premise { none, holds, undecided, fails };

// One claim judged on one configuration's runs.
struct finding {
    std::string id;
    judgement strict, weak;
    std::vector<effect> effects;
    std::string evidence;  // per run or per variant, what the rule read
    // For a claim judged on paired differences: their spread, and the seeds a paired test needs to detect the
    // smallest effect of interest with the declared power (analysis::pairs_for_power); 0 and NaN otherwise.
    double difference_spread = std::numeric_limits<double>::quiet_NaN();
    std::size_t seeds_needed = 0;
    research::premise premise = premise::none;  // the strict reading's
};

// The seeds a claim asks of a configuration run with `seeds`: its power calculation's (seeds_needed), at most
// `most`, where it compares variants it has (its verdict not "not measured") and its premise is not excluded;
// `seeds` where it asks none. Whether the verdict is decided does not count: more seeds wherever it is not
// yet, then judged again, would be optional stopping.
inline std::size_t seeds_wanted(const finding& f, std::size_t seeds, std::size_t most) {
    if (f.seeds_needed <= seeds || f.premise == premise::fails || f.strict.verdict == verdict::not_measured)
        return seeds;
    return std::max(seeds, std::min(f.seeds_needed, most));
}

// Intervals a rule has computed on one configuration's runs, by what they measure: the bootstrap intervals do
// not depend on the thresholds, so re-judging under other thresholds reuses them.
using interval_memo = std::map<std::string, analysis::interval>;

// What a claim is judged over: one configuration's runs, the layer and epoch the rules read, the variants in the
// role of a fixed shaping transformation, the positive controls (drawn at the runs' sample size when first
// asked; one bank may serve many configurations) and the configuration's own memo of intervals.
struct evidence {
    const std::vector<run_result>& runs;
    std::size_t layer = 0;
    std::size_t epoch = 0;
    std::vector<std::string> fixed_shapes;
    control_bank& controls;
    interval_memo& memo;

    template <class Compute>
    analysis::interval remembered(const std::string& key, Compute&& compute) const {
        auto [at, fresh] = memo.try_emplace(key);
        if (fresh) at->second = compute();
        return at->second;
    }
};

struct claim {
    std::string id;                             // "3c"
    std::string words;                          // the original words
    std::string where;                          // where they stand in the original text
    std::string strict, weak;                   // the two operationalizations, in words
    std::string premises;                       // in words; a failed premise makes the verdict "not testable here"
    std::string reads;                          // the records the rule reads
    std::vector<std::string> rests_on;          // the fidelity table's ids of the assumptions it rests on
    std::vector<std::string> reads_thresholds;  // declared_ranges() names of the thresholds it reads
    std::function<finding(const evidence&, const thresholds&)> judge;
    // For a claim on paired differences: the variants it pairs by seed, and whether every fixed shaping
    // transformation is among them (the seeds a power calculation asks for are theirs).
    std::vector<std::string> paired = {};
    bool pairs_fixed_shapes = false;
};

inline std::vector<finding> judge(const std::vector<claim>& claims, const evidence& e, const thresholds& t = {}) {
    std::vector<finding> out;
    for (const auto& c : claims) {
        out.push_back(c.judge(e, t));
        out.back().id = c.id;
    }
    return out;
}

struct sensitivity_share {
    double strict = 0, weak = 0;  // shares of the settings whose verdict is "reproduced"
    std::size_t settings = 0;
};

// One threshold at a time over its declared values, the others at their defaults; the defaults once.
inline sensitivity_share sensitivity(const claim& c, const evidence& e) {
    sensitivity_share share;
    auto count = [&](const thresholds& t) {
        const finding f = c.judge(e, t);
        share.strict += f.strict.verdict == verdict::reproduced;
        share.weak += f.weak.verdict == verdict::reproduced;
        ++share.settings;
    };
    count(thresholds{});
    for (const auto& r : declared_ranges())
        for (const auto& name : c.reads_thresholds)
            if (r.name == name)
                for (const double v : r.values) {
                    thresholds t;
                    if (t.*(r.field) == v) continue;  // the defaults, counted once
                    t.*(r.field) = v;
                    count(t);
                }
    share.strict /= static_cast<double>(share.settings);
    share.weak /= static_cast<double>(share.settings);
    return share;
}

}  // namespace mockbn::research
