// mockbn/research/thresholds.hpp
//
// Every number the ledger's rules read (original_ledger.hpp), declared
// before any run it judges: its default, what it means, and the range over
// which a report recomputes the verdicts to show how much they depend on it.
//
// Contract: thresholds{} holds the defaults every verdict is judged at.
// declared_ranges() lists, per threshold, its name (as the rules and the
// report name it), its field and the values the sensitivity analysis tries,
// the default among them. The smallest effects of interest (margins,
// separation) are what "does not reproduce" is tested against: a claim is
// not reproduced only where the evidence excludes an effect that large.
#pragma once

#include <string_view>
#include <vector>

namespace mockbn::research {

struct thresholds {
    // Finding the main modes (analysis/modes.hpp): Gaussian smoothing, in bins, and the least prominence a
    // second peak needs, as a share of the highest.
    double smoothing = 2;
    double prominence = 0.05;
    // A shape holds for a variant when its rule fires in at least this share of its runs, and is absent when
    // it fires in at most 1 − share.
    double share = 2.0 / 3;
    // The smallest difference in final test accuracy of interest, and in mean training loss over the epochs.
    double accuracy_margin = 0.002;
    double loss_margin = 0.005;
    // The accuracy the original study quotes for the sqrt-shift ("above 0.98").
    double accuracy_bar = 0.98;
    // How much wider than batch normalization's the sqrt-shift's range must be: strictly, and weakly.
    double range_ratio = 10;
    double weak_range_ratio = 3;
    // "A slightly larger negative peak": the negative peak at most this many times the positive one's height.
    double slightly_larger = 2;
    // "The range of two peaks are similar": the two sides' extents within this factor of each other.
    double similar_range = 1.5;
    // The separation of "off" and "on" clusters (in within-cluster spreads) of the smallest two-peaked layer
    // of interest, and how often a shape rule must detect such a layer at a run's sample size for its silence
    // to count as absence. The model layer (controls.hpp) turns two-peaked at about 4; the rules at their
    // default smoothing see it from about 4.5 at a thousand images of a hundred features.
    double shape_separation = 5;
    double detection_needed = 0.9;
    // Two-sided level of every interval, and the power a seed count is chosen for.
    double level = 0.95;
    double power = 0.8;
};

struct threshold_range {
    std::string_view name;
    double thresholds::*field;
    std::vector<double> values;  // the default among them
};

inline const std::vector<threshold_range>& declared_ranges() {
    static const std::vector<threshold_range> ranges = {
        {"smoothing", &thresholds::smoothing, {1, 1.5, 2, 3, 4}},
        {"prominence", &thresholds::prominence, {0.02, 0.05, 0.1, 0.2}},
        {"share", &thresholds::share, {0.5, 2.0 / 3, 0.75}},
        {"accuracy_margin", &thresholds::accuracy_margin, {0.001, 0.002, 0.003, 0.005}},
        {"loss_margin", &thresholds::loss_margin, {0.002, 0.005, 0.01}},
        {"accuracy_bar", &thresholds::accuracy_bar, {0.975, 0.98, 0.985}},
        {"range_ratio", &thresholds::range_ratio, {5, 10, 20}},
        {"weak_range_ratio", &thresholds::weak_range_ratio, {2, 3, 5}},
        {"slightly_larger", &thresholds::slightly_larger, {1.5, 2, 3}},
        {"similar_range", &thresholds::similar_range, {1.25, 1.5, 2}},
        {"shape_separation", &thresholds::shape_separation, {4.5, 5, 6}},
    };
    return ranges;
}

}  // namespace mockbn::research
