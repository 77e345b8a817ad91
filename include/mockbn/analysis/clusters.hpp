// mockbn/analysis/clusters.hpp
//
// A feature as two clusters: the mixture of two normal distributions with
// one common spread that fits its values best (maximum likelihood, by
// expectation-maximization). A unit that a class of inputs switches on has a
// large "off" cluster and a small "on" cluster; how far apart they lie, in
// units of their spread, decides whether the feature standardized by batch
// normalization shows two peaks (research/controls.hpp draws such features).
//
// Contract: fit_two_clusters(values) starts from the split of the sorted
// values that maximizes the between-cluster variance and iterates
// expectation-maximization until no estimate moves by more than 1e-7 of the
// values' spread, or 60 times. It returns the lower and the higher
// cluster's mean, their common standard deviation, and the share of values
// in the higher one; separation() is (high − low) / spread. Fewer than four
// values, a non-finite value or values all equal give NaN for every field.
// A thousand values of one normal distribution fit with a separation of
// about 1 (0.5 to 1.7: the likelihood barely tells one cluster from two
// close ones); two clusters d spreads apart, one holding a fifth of the
// values, fit within 0.1 of d on average once d reaches 2. Two distinct
// values alone fit with a spread of 0 (an infinite separation).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace mockbn::analysis {

struct two_clusters {
    double low = std::numeric_limits<double>::quiet_NaN();   // the lower cluster's mean
    double high = std::numeric_limits<double>::quiet_NaN();  // the higher cluster's mean
    double spread = std::numeric_limits<double>::quiet_NaN();
    double high_share = std::numeric_limits<double>::quiet_NaN();
    double separation() const { return (high - low) / spread; }
};

namespace detail {

// The split of sorted values into a lower and a higher run that maximizes the between-run variance.
inline two_clusters best_split(const std::vector<double>& sorted) {
    const std::size_t n = sorted.size();
    double total = 0;
    for (double v : sorted) total += v;
    double below = 0, best = -1;
    two_clusters c;
    for (std::size_t k = 1; k < n; ++k) {
        below += sorted[k - 1];
        const double nl = static_cast<double>(k), nh = static_cast<double>(n - k);
        const double ml = below / nl, mh = (total - below) / nh;
        if (const double between = nl * nh * (mh - ml) * (mh - ml); between > best) {
            best = between;
            c.low = ml;
            c.high = mh;
            c.high_share = nh / static_cast<double>(n);
        }
    }
    double within = 0;
    const std::size_t split = n - static_cast<std::size_t>(std::lround(c.high_share * static_cast<double>(n)));
    for (std::size_t i = 0; i < n; ++i) {
        const double m = i < split ? c.low : c.high;
        within += (sorted[i] - m) * (sorted[i] - m);
    }
    c.spread = std::sqrt(within / static_cast<double>(n));
    return c;
}

// One expectation-maximization step of the common-spread mixture.
inline two_clusters em_step(const std::vector<double>& x, const two_clusters& c) {
    double w_sum = 0, wx = 0, vx = 0;
    std::vector<double> w(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        // The posterior of the higher cluster, as a logistic function of the log-likelihood ratio.
        const double zl = (x[i] - c.low) / c.spread, zh = (x[i] - c.high) / c.spread;
        const double logit = std::log(c.high_share / (1 - c.high_share)) + 0.5 * (zl * zl - zh * zh);
        w[i] = 1 / (1 + std::exp(-logit));
        w_sum += w[i];
        wx += w[i] * x[i];
        vx += (1 - w[i]) * x[i];
    }
    const double n = static_cast<double>(x.size());
    two_clusters next;
    next.high_share = w_sum / n;
    next.high = wx / w_sum;
    next.low = vx / (n - w_sum);
    double within = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        within += w[i] * (x[i] - next.high) * (x[i] - next.high) + (1 - w[i]) * (x[i] - next.low) * (x[i] - next.low);
    next.spread = std::sqrt(within / n);
    return next;
}

}  // namespace detail

template <class T>
two_clusters fit_two_clusters(std::span<const T> values) {
    std::vector<double> x(values.begin(), values.end());
    if (x.size() < 4 || !std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); })) return {};
    std::sort(x.begin(), x.end());
    if (x.front() == x.back()) return {};
    const double scale = x.back() - x.front();
    two_clusters c = detail::best_split(x);
    for (int i = 0; i < 60; ++i) {
        const two_clusters next = detail::em_step(x, c);
        // A cluster that empties, or a spread that vanishes, ends the search at the last sound fit.
        if (!(next.spread > 0) || !(next.high_share > 0 && next.high_share < 1)) break;
        const double moved =
            std::max({std::fabs(next.low - c.low), std::fabs(next.high - c.high), std::fabs(next.spread - c.spread)});
        c = next;
        if (moved <= 1e-7 * scale) break;
    }
    return c;
}

}  // namespace mockbn::analysis
