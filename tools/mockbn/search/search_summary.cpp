#include "search_summary.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "document.hpp"
#include "folder.hpp"
#include "options.hpp"
#include "report_text.hpp"

namespace sweep {

namespace {

using nlohmann::json;

double median_of(const std::vector<double>& sorted) {
    const std::size_t n = sorted.size();
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

json score_json(double s) { return std::isnan(s) ? json(nullptr) : json(s); }
std::string score_text(double s) { return std::isnan(s) ? "-" : study::fixed(s, 3); }

// "--lr 0.01 --depth 4"
std::string point_text(const point_values& p) {
    std::string text;
    for (const auto& [key, value] : p) {
        if (!text.empty()) text += ' ';
        text.append(study::flag_of(key)).append(" ").append(value);
    }
    return text;
}

// A dimension's values, or its range.
std::string values_text(const mockbn::research::dimension& d) {
    if (d.values.empty()) return "from " + study::number(d.low) + " to " + study::number(d.high) + " (log-uniform)";
    std::string text;
    for (const auto& v : d.values) text += (text.empty() ? "" : ", ") + v;
    return text;
}

json search_json(const search_spec& spec, const std::vector<rung_record>& rungs,
                 const std::optional<best_point>& best) {
    json j = {{"search", canonical(spec)}, {"rungs", json::array()}};
    for (const auto& r : rungs) {
        json points = json::array();
        for (std::size_t p = 0; p < r.points.size(); ++p)
            points.push_back(
                {{"configuration", r.configurations[p]}, {"point", r.points[p]}, {"score", score_json(r.scores[p])}});
        j["rungs"].push_back({{"epochs", r.epochs}, {"points", points}, {"kept", r.kept}});
    }
    if (best) {
        const auto& f = best->claim_1;
        j["best"] = {{"configuration", best->configuration},
                     {"point", best->point},
                     {"score", score_json(best->score)},
                     {"claim_1",
                      {{"strict", mockbn::research::verdict_name(f.strict.verdict)},
                       {"strict_why", f.strict.why},
                       {"weak", mockbn::research::verdict_name(f.weak.verdict)},
                       {"weak_why", f.weak.why}}}};
    }
    return j;
}

std::vector<study::block> search_page(const search_spec& spec, const std::vector<rung_record>& rungs,
                                      const std::optional<best_point>& best) {
    std::string space;
    for (const auto& d : spec.space) space += (space.empty() ? "" : "; ") + d.name + " " + values_text(d);
    std::vector<study::block> out = {
        study::heading("The search for batch normalization's two peaks"),
        study::paragraph(
            "Successive halving (mockbn search, docs/sweep.md \"The search\"): " + std::to_string(spec.points) +
            " points drawn (seed " + std::to_string(spec.seed) + ") from: " + space + ". Each rung keeps the best 1/" +
            std::to_string(spec.eta) + " of the one before and trains them anew for " + std::to_string(spec.eta) +
            " times the epochs. A point's score: Sarle's bimodality coefficient of batch normalization's values at "
            "the verdict layer and last epoch, pooled over features, mean over its seeds: the effect the ledger "
            "computes for claim 1 beside the features' separation (0.555 is a uniform law's, and two-peaked laws "
            "exceed it; a point that diverged scores below every number).")};
    std::vector<std::vector<std::string>> rows = {{"rung", "epochs", "points", "best score", "median score"}};
    for (std::size_t r = 0; r < rungs.size(); ++r) {
        std::vector<double> scores;
        for (const double s : rungs[r].scores)
            if (!std::isnan(s)) scores.push_back(s);
        std::sort(scores.begin(), scores.end());
        rows.push_back({std::to_string(r + 1), std::to_string(rungs[r].epochs), std::to_string(rungs[r].points.size()),
                        scores.empty() ? "-" : score_text(scores.back()),
                        scores.empty() ? "-" : score_text(median_of(scores))});
    }
    out.push_back(study::table(std::move(rows)));
    if (!rungs.empty()) {
        const auto& last = rungs.back();
        std::vector<std::size_t> order(last.points.size());
        for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return !std::isnan(last.scores[a]) && (std::isnan(last.scores[b]) || last.scores[a] > last.scores[b]);
        });
        std::vector<std::vector<std::string>> ranked = {
            {"point (the last rung, best first)", "configuration", "score"}};
        for (const std::size_t p : order)
            ranked.push_back({point_text(last.points[p]), last.configurations[p], score_text(last.scores[p])});
        out.push_back(study::table(std::move(ranked)));
    }
    if (best)
        out.push_back(study::paragraph(
            "The best point: " + point_text(best->point) + " (configuration " + best->configuration + "), score " +
            score_text(best->score) +
            ". Claim 1 there, strict: " + std::string(mockbn::research::verdict_name(best->claim_1.strict.verdict)) +
            " (" + best->claim_1.strict.why +
            "); weak: " + std::string(mockbn::research::verdict_name(best->claim_1.weak.verdict)) + " (" +
            best->claim_1.weak.why + ")."));
    return out;
}

}  // namespace

void write_search_files(const std::filesystem::path& out, const search_spec& spec,
                        const std::vector<rung_record>& rungs, const std::optional<best_point>& best) {
    study::results_file data(out / search_file_name);
    data << search_json(spec, rungs, best).dump(2) << '\n';
    data.commit();
    study::results_file page(out / "search.md");
    page << "# The search of one mockbn search\n\n" << study::to_markdown(search_page(spec, rungs, best));
    page.commit();
}

}  // namespace sweep
