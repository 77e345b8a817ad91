// The reproduction ledger's rules (research/original_ledger.hpp) on runs
// made by hand: each shape rule fires on a constructed two-peaked layer at
// the study's sample size and says "not reproduced" on a one-peaked one;
// each comparison fires where the effect is there, says "not reproduced"
// only where the data exclude the smallest effect of interest, and "not
// testable here" where its premise fails; sensitivity counts the settings.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/research/original_ledger.hpp>

using namespace mockbn::research;

namespace {

constexpr std::size_t layer = 4;

// One epoch of `variant` under `seed`: its accuracy and training loss, and its stage after the transformation.
run_result make_run(const std::string& variant, std::uint64_t seed, double accuracy, double loss, stage_record after) {
    run_result r;
    r.variant = variant;
    r.seed = seed;
    r.epochs.push_back({1, loss, loss, accuracy, loss, accuracy, 1});  // validation and test alike
    after.epoch = 1;
    after.layer = layer;
    r.stages.push_back(std::move(after));
    return r;
}

// A layer of the study's probe (1,000 images, 100 features) drawn from the two-cluster model, as a last epoch records
// it.
stage_record drawn(double separation, double on_low, double on_high, bool mirrored, std::uint64_t seed,
                   double scale = 1) {
    layer_model m;
    m.separation = separation;
    m.on_low = on_low;
    m.on_high = on_high;
    m.mirrored = mirrored;
    m.scale = scale;
    return synthetic_stage(m, seed, true);
}

const claim& claim_named(const std::vector<claim>& ledger, const std::string& id) {
    return *std::find_if(ledger.begin(), ledger.end(), [&](const claim& c) { return c.id == id; });
}

struct judged {
    control_bank bank{20};
    interval_memo memo;
    finding operator()(const std::string& id, const std::vector<run_result>& runs, const thresholds& t = {}) {
        memo.clear();
        const evidence e{runs, layer, 1, {"sqrt_fixed", "log_fixed"}, bank, memo};
        return claim_named(original_ledger(), id).judge(e, t);
    }
};

// Three seeds of `variant` whose layers are drawn from the model.
std::vector<run_result> shaped(const std::string& variant, double separation, double on_low, double on_high,
                               bool mirrored) {
    std::vector<run_result> runs;
    for (std::uint64_t seed = 1; seed <= 3; ++seed)
        runs.push_back(make_run(variant, seed, 0.97, 0.1, drawn(separation, on_low, on_high, mirrored, 10 * seed)));
    return runs;
}

// Accuracies of `variant` over six seeds: base + a per-seed effect all variants share + offset.
std::vector<run_result> accuracies(const std::string& variant, double base, double jitter = 0) {
    const double shared[] = {0.001, -0.002, 0.0005, 0.0015, -0.001, 0.0};
    const double own[] = {0.0003, -0.0002, 0.0001, -0.0003, 0.0002, -0.0001};
    std::vector<run_result> runs;
    for (std::uint64_t s = 0; s < 6; ++s)
        runs.push_back(make_run(variant, s + 1, base + shared[s] + jitter * own[s], 1 - base, stage_record{}));
    return runs;
}

std::vector<run_result> operator+(std::vector<run_result> a, const std::vector<run_result>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

TEST_CASE(
    "the shape rules' positive controls: each fires on a two-peaked layer of the study's size, and not on a "
    "one-peaked one") {
    judged judge;
    SUBCASE("claim 1, batch normalization: a higher peak below zero") {
        const auto two = judge("1", shaped("bn", 6, 0.1, 0.3, false));
        CHECK(two.strict.verdict == verdict::reproduced);
        CHECK(two.weak.verdict == verdict::reproduced);
        const auto one = judge("1", shaped("bn", 0, 0.1, 0.3, false));
        CHECK(one.strict.verdict == verdict::not_reproduced);
        CHECK(one.weak.verdict == verdict::not_reproduced);
        // Mirrored, the higher peak is above zero: two peaks (weak) but not the claimed order (strict).
        const auto mirrored = judge("1", shaped("bn", 6, 0.1, 0.3, true));
        CHECK(mirrored.strict.verdict != verdict::reproduced);
        CHECK(mirrored.weak.verdict == verdict::reproduced);
        // The separation the rule reports recovers the model's.
        CHECK(two.effects[0].value.estimate == doctest::Approx(6).epsilon(0.05));
        CHECK(one.effects[0].value.high < 2.5);
    }
    SUBCASE("claim 2a, the fixed shapes: a higher peak above zero") {
        const auto two = judge("2a", shaped("sqrt_fixed", 6, 0.1, 0.3, true) + shaped("log_fixed", 6, 0.1, 0.3, true));
        CHECK(two.strict.verdict == verdict::reproduced);
        CHECK(two.weak.verdict == verdict::reproduced);
        const auto one = judge("2a", shaped("sqrt_fixed", 0, 0.1, 0.3, true) + shaped("log_fixed", 0, 0.1, 0.3, true));
        CHECK(one.strict.verdict == verdict::not_reproduced);
        CHECK(one.weak.verdict == verdict::not_reproduced);
    }
    SUBCASE("claim 3c, the log-shift: a slightly larger peak below zero, the sides alike, unlike batch normalization") {
        const auto bn = shaped("bn", 6, 0.1, 0.3, false);
        const auto two = judge("3c", shaped("log_shift", 6, 0.4, 0.5, false) + bn);
        CHECK(two.strict.verdict == verdict::reproduced);
        CHECK(two.weak.verdict == verdict::reproduced);
        const auto one = judge("3c", shaped("log_shift", 0, 0.4, 0.5, false) + bn);
        CHECK(one.strict.verdict == verdict::not_reproduced);
        CHECK(one.weak.verdict == verdict::not_reproduced);
        // Batch normalization shaped like the log-shift: the strict reading's difference from it fails.
        const auto alike = judge("3c", shaped("log_shift", 6, 0.4, 0.5, false) + shaped("bn", 6, 0.4, 0.5, false));
        CHECK(alike.strict.verdict == verdict::inconclusive);
        CHECK(alike.weak.verdict == verdict::reproduced);
    }
}

TEST_CASE("a silent shape rule is not evidence of absence where its control cannot see the smallest shape") {
    judged judge;
    thresholds blind;
    blind.smoothing = 12;  // smoothing over 1.2 units merges the model's peaks even 5 spreads apart
    const auto f = judge("1", shaped("bn", 0, 0.1, 0.3, false), blind);
    CHECK(f.strict.verdict == verdict::inconclusive);
    CHECK(f.strict.why.find("the control detects") != std::string::npos);
}

TEST_CASE(
    "claim 3a: plain < log_shift < bn fires with the effect, is refuted where it is absent, untestable "
    "where bn does not help") {
    judged judge;
    const auto between =
        judge("3a", accuracies("plain", 0.970, 1) + accuracies("log_shift", 0.975, 2) + accuracies("bn", 0.980, 3));
    CHECK(between.strict.verdict == verdict::reproduced);
    CHECK(between.weak.verdict == verdict::reproduced);
    CHECK(between.effects[0].value.estimate == doctest::Approx(0.005).epsilon(0.05));
    CHECK(between.seeds_needed >= 2);
    const auto no_gain =
        judge("3a", accuracies("plain", 0.970, 1) + accuracies("log_shift", 0.970, 2) + accuracies("bn", 0.980, 3));
    CHECK(no_gain.strict.verdict == verdict::not_reproduced);
    CHECK(no_gain.weak.verdict != verdict::reproduced);
    const auto bn_no_help =
        judge("3a", accuracies("plain", 0.975, 1) + accuracies("log_shift", 0.978, 2) + accuracies("bn", 0.975, 3));
    CHECK(bn_no_help.strict.verdict == verdict::not_testable);
    CHECK(bn_no_help.weak.verdict == verdict::not_testable);
    CHECK(bn_no_help.premise == premise::fails);  // bn's advantage excluded at the margin
    CHECK(between.premise == premise::holds);
    // bn ahead by half the margin, the seeds' own spread wide: neither shown nor excluded.
    const auto unsure =
        judge("3a", accuracies("plain", 0.975, 1) + accuracies("log_shift", 0.976, 2) + accuracies("bn", 0.976, 30));
    CHECK(unsure.premise == premise::undecided);
    CHECK(unsure.strict.verdict == verdict::not_testable);
    CHECK(unsure.effects.size() == 3);  // bn − plain among the comparisons, its spread in the power
    CHECK(unsure.seeds_needed > 6);
    const auto missing = judge("3a", accuracies("plain", 0.970) + accuracies("bn", 0.980));
    CHECK(missing.strict.verdict == verdict::not_measured);
}

TEST_CASE("the seeds a claim asks for: its power calculation's, capped, none where its premise fails") {
    finding f;
    f.seeds_needed = 12;
    f.strict.verdict = verdict::inconclusive;
    for (const auto p : {premise::none, premise::holds, premise::undecided}) {
        f.premise = p;
        CHECK(seeds_wanted(f, 2, 30) == 12);
        CHECK(seeds_wanted(f, 2, 8) == 8);
    }
    f.premise = premise::fails;
    CHECK(seeds_wanted(f, 2, 30) == 2);
    f.premise = premise::undecided;
    CHECK(seeds_wanted(f, 12, 30) == 12);  // enough already
    CHECK(seeds_wanted(f, 15, 30) == 15);
    f.strict.verdict = verdict::not_measured;  // a variant it pairs is missing: seeds would not help
    CHECK(seeds_wanted(f, 2, 30) == 2);
    for (const auto v : {verdict::reproduced, verdict::not_reproduced, verdict::not_testable}) {
        f.strict.verdict = v;  // decided or not, the same seeds: growth reads no verdict
        CHECK(seeds_wanted(f, 2, 30) == 12);
    }
}

TEST_CASE("claim 2b: equivalence to plain within the margin, decided by two one-sided tests") {
    judged judge;
    const auto same = judge(
        "2b", accuracies("plain", 0.970, 1) + accuracies("sqrt_fixed", 0.9701, 2) + accuracies("log_fixed", 0.9699, 3));
    CHECK(same.strict.verdict == verdict::reproduced);
    CHECK(same.weak.verdict == verdict::reproduced);
    const auto worse = judge(
        "2b", accuracies("plain", 0.970, 1) + accuracies("sqrt_fixed", 0.92, 2) + accuracies("log_fixed", 0.93, 3));
    CHECK(worse.strict.verdict == verdict::not_reproduced);  // not "about the same"
    CHECK(worse.weak.verdict == verdict::reproduced);        // but no better: the performance is bad
    const auto better = judge(
        "2b", accuracies("plain", 0.960, 1) + accuracies("sqrt_fixed", 0.97, 2) + accuracies("log_fixed", 0.97, 3));
    CHECK(better.strict.verdict == verdict::not_reproduced);
    CHECK(better.weak.verdict == verdict::not_reproduced);
}

TEST_CASE("a claim over the fixed shapes asks for the seeds its majority needs, not its noisiest shape's") {
    // Three shapes against plain: two close to it, one collapsing to chance in every other seed.
    auto runs =
        accuracies("plain", 0.970, 1) + accuracies("sqrt_fixed", 0.9701, 2) + accuracies("log_fixed", 0.9699, 4);
    for (std::uint64_t s = 0; s < 6; ++s)
        runs.push_back(make_run("mystery", s + 1, s % 2 == 0 ? 0.1 : 0.97, 0.5, stage_record{}));
    control_bank bank;
    interval_memo memo;
    const evidence e{runs, layer, 1, {"sqrt_fixed", "log_fixed", "mystery"}, bank, memo};
    const auto f = claim_named(original_ledger(), "2b").judge(e, thresholds{});
    const auto spread_against_plain = [&](const std::string& variant) {
        const auto p = pair_by_seed(runs, variant, "plain", final_accuracy);
        std::vector<double> d;
        for (std::size_t i = 0; i < p.a.size(); ++i) d.push_back(p.a[i] - p.b[i]);
        return spread_of(d);
    };
    const double majority = std::max(spread_against_plain("sqrt_fixed"), spread_against_plain("log_fixed"));
    const thresholds t;
    CHECK(f.difference_spread == majority);
    CHECK(f.seeds_needed == mockbn::analysis::pairs_for_power(majority, t.accuracy_margin, 1 - t.level, t.power));
    CHECK(f.seeds_needed <
          mockbn::analysis::pairs_for_power(spread_against_plain("mystery"), t.accuracy_margin, 1 - t.level, t.power));
}

TEST_CASE("claim 4a: the bar of 0.98 is not testable where bn stays below it, the gap to bn is judged regardless") {
    judged judge;
    const auto below_bar = judge("4a", accuracies("sqrt_shift", 0.975, 1) + accuracies("bn", 0.976, 2));
    CHECK(below_bar.strict.verdict == verdict::not_testable);
    CHECK(below_bar.weak.verdict == verdict::reproduced);
    CHECK(below_bar.premise == premise::fails);
    const auto above = judge("4a", accuracies("sqrt_shift", 0.983, 1) + accuracies("bn", 0.984, 2));
    CHECK(above.strict.verdict == verdict::reproduced);
    CHECK(above.premise == premise::holds);
    const auto far = judge("4a", accuracies("sqrt_shift", 0.96, 1) + accuracies("bn", 0.984, 2));
    CHECK(far.strict.verdict == verdict::not_reproduced);
    CHECK(far.weak.verdict == verdict::not_reproduced);
}

TEST_CASE("claim 4b: the reach ratio against its bars, and the sensitivity over the declared ranges") {
    judged judge;
    auto runs_with = [](double ratio) {
        std::vector<run_result> runs;
        for (std::uint64_t s = 1; s <= 3; ++s) {
            runs.push_back(make_run("bn", s, 0.98, 0.1, drawn(6, 0.1, 0.3, false, s)));
            const double own = ratio * (1 + 0.01 * static_cast<double>(s));
            stage_record wide = drawn(6, 0.1, 0.3, false, s);
            for (double& p : wide.percentiles) p *= own;
            runs.push_back(make_run("sqrt_shift", s, 0.98, 0.1, wide));
        }
        return runs;
    };
    CHECK(judge("4b", runs_with(20)).strict.verdict == verdict::reproduced);
    CHECK(judge("4b", runs_with(1)).strict.verdict == verdict::not_reproduced);
    CHECK(judge("4b", runs_with(1)).weak.verdict == verdict::not_reproduced);
    const auto seven = runs_with(7);
    CHECK(judge("4b", seven).strict.verdict == verdict::not_reproduced);
    CHECK(judge("4b", seven).weak.verdict == verdict::reproduced);
    // Settings: the defaults, range_ratio 5 and 20, weak_range_ratio 2 and 5. Strictly reproduced at 5 alone.
    interval_memo memo;
    control_bank bank;
    const evidence e{seven, layer, 1, {}, bank, memo};
    const auto share = sensitivity(claim_named(original_ledger(), "4b"), e);
    CHECK(share.settings == 5);
    CHECK(share.strict == doctest::Approx(1.0 / 5));
    CHECK(share.weak == doctest::Approx(1.0));
}

TEST_CASE(
    "the ledger: every claim rests on listed assumptions, reads declared thresholds, and is judged the same "
    "twice") {
    std::vector<std::string> ids;
    for (const auto& a : original_setup()) ids.push_back(a.id);
    std::vector<std::string> names;
    for (const auto& r : declared_ranges()) names.emplace_back(r.name);
    for (const auto& c : original_ledger()) {
        CAPTURE(c.id);
        CHECK(!c.words.empty());
        CHECK(!c.where.empty());
        for (const auto& a : c.rests_on) CHECK(std::find(ids.begin(), ids.end(), a) != ids.end());
        for (const auto& t : c.reads_thresholds) CHECK(std::find(names.begin(), names.end(), t) != names.end());
    }
    judged judge;
    const auto runs = shaped("bn", 4.5, 0.1, 0.3, false);
    const auto a = judge("1", runs), b = judge("1", runs);
    CHECK(a.strict.why == b.strict.why);
    REQUIRE(a.effects.size() == b.effects.size());
    for (std::size_t k = 0; k < a.effects.size(); ++k) {
        CHECK(a.effects[k].value.low == b.effects[k].value.low);
        CHECK(a.effects[k].value.high == b.effects[k].value.high);
    }
}
