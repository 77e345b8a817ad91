#include "ledger_page.hpp"

#include <algorithm>
#include <cmath>

#include <mockbn/research/original_ledger.hpp>

#include "gnuplot.hpp"
#include "report_text.hpp"

namespace study {

namespace research = mockbn::research;
namespace fs = std::filesystem;

namespace {

// Four significant digits, as the ledger's reasons write numbers.
std::string short_number(double v) { return research::number(v); }

std::string percent(double share) { return short_number(100 * share) + " %"; }

// "[low, high]".
std::string interval_cell(const mockbn::analysis::interval& i) {
    std::string text = "[";
    ((text += short_number(i.low)) += ", ") += short_number(i.high);
    return text += "]";
}

std::string subjects_of(const claim& c) {
    std::string text;
    for (const auto& id : c.rests_on)
        for (const auto& a : research::original_setup())
            if (a.id == id)
                text +=
                    (text.empty() ? "" : "; ") + a.subject + " (" + std::string(research::basis_name(a.basis)) + ")";
    return text.empty() ? "none" : text;
}

std::string thresholds_of(const claim& c) {
    std::string text;
    for (const auto& name : c.reads_thresholds) (text += text.empty() ? "" : ", ") += name;
    return text;
}

}  // namespace

std::vector<block> claim_blocks(const claim& c) {
    std::vector<block> out = {subheading("Claim " + c.id + ": " + c.words), paragraph("Where: " + c.where + ".")};
    if (c.strict.empty()) {
        out.push_back(paragraph("Needs " + c.premises + ", which this library does not run."));
        return out;
    }
    out.push_back(paragraph("Strict reading: " + c.strict + ". Weak reading: " + c.weak + "."));
    out.push_back(paragraph("Premises: " + c.premises + ". Reads: " + c.reads + ". Rests on: " + subjects_of(c) +
                            ". Thresholds: " + thresholds_of(c) + "."));
    return out;
}

std::vector<block> finding_blocks(const finding& f, const sensitivity_share& s, std::size_t seeds) {
    std::vector<block> out = {
        paragraph("Strict: " + std::string(research::verdict_name(f.strict.verdict)) + " (" + f.strict.why + ")."),
        paragraph("Weak: " + std::string(research::verdict_name(f.weak.verdict)) + " (" + f.weak.why + ").")};
    if (!f.effects.empty()) {
        std::vector<std::vector<std::string>> rows = {{"effect", "estimate", "95 % interval", "n"}};
        for (const auto& e : f.effects)
            rows.push_back({e.name, short_number(e.value.estimate), interval_cell(e.value), std::to_string(e.n)});
        out.push_back(table(std::move(rows)));
    }
    if (f.seeds_needed > 0)
        out.push_back(paragraph("Power: the paired differences spread by " + short_number(f.difference_spread) +
                                "; a paired test at 5 % detects the smallest effect of interest with 80 % power at " +
                                std::to_string(f.seeds_needed) + " seeds; these runs have " + std::to_string(seeds) +
                                "."));
    if (s.settings > 1)
        out.push_back(paragraph("Sensitivity: over " + std::to_string(s.settings) +
                                " settings of its thresholds (each over its declared values, one at a time), "
                                "reproduced in " +
                                percent(s.strict) + " (strict) and " + percent(s.weak) + " (weak)."));
    return out;
}

std::vector<block> setup_blocks() {
    std::vector<std::vector<std::string>> rows = {{"subject", "the original", "here", "basis", "source"}};
    for (const auto& a : research::original_setup())
        rows.push_back({a.subject, a.original, a.here, std::string(research::basis_name(a.basis)), a.source});
    return {subheading("The set-up: the original's and this library's"),
            paragraph("Each assumption a claim rests on, marked stated (the original text says so), inferred (it "
                      "follows from what the text shows) or guessed (nothing in the text decides it)."),
            table(std::move(rows))};
}

std::vector<block> detection_blocks(const std::vector<detection_point>& curve, std::size_t images, std::size_t width,
                                    const std::string& image) {
    if (curve.empty())
        return {subheading("The positive control of claim 1's rule"),
                paragraph("Not drawn: no bn ran, so claim 1 is not measured here.")};
    std::vector<std::vector<std::string>> rows = {{"separation (spreads)", "strict rule fires", "weak rule fires"}};
    for (const auto& p : curve) rows.push_back({short_number(p.separation), percent(p.strict), percent(p.weak)});
    const research::thresholds t;
    return {subheading("The positive control of claim 1's rule"),
            paragraph("Synthetic layers of " + std::to_string(images) + " images by " + std::to_string(width) +
                      " features, the probe's size, each feature a large \"off\" and a small \"on\" cluster (a "
                      "tenth to three tenths of the images) a given number of spreads apart, standardized as batch "
                      "normalization standardizes it, measured on the study's bins; 20 layers per separation. A "
                      "silent rule counts as absence only where it detects the layer " +
                      short_number(t.shape_separation) + " spreads apart in at least " + percent(t.detection_needed) +
                      " of them."),
            table(std::move(rows)),
            image.empty() ? paragraph("The figure was not drawn this time: figures/fig10_detection.gp draws it from "
                                      "figures/data/detection.csv.")
                          : figure(image, "How often claim 1's rule fires against the clusters' separation")};
}

std::vector<block> study_ledger_blocks(const options& o, const judged_ledger& l,
                                       const std::vector<detection_point>& curve, const std::string& image) {
    std::vector<block> out = {
        heading("The reproduction ledger"),
        paragraph("Every testable sentence of the original study (S. Bai, \"Senior thesis III\", Carnegie Mellon "
                  "University, 2016), judged under a strict and a weak reading declared before any run. Under: " +
                  conditions_text(o) + ". Measured with: " + instrument_text(o) +
                  ". \"Not reproduced\" is said only where the evidence excludes the smallest effect of interest "
                  "the ledger declares; \"not testable here\" where a premise fails, which is no evidence either "
                  "way.")};
    std::vector<std::vector<std::string>> rows = {{"claim", "strict", "weak", "reproduced over the thresholds"}};
    for (std::size_t k = 0; k < l.findings.size(); ++k)
        rows.push_back({l.findings[k].id, std::string(research::verdict_name(l.findings[k].strict.verdict)),
                        std::string(research::verdict_name(l.findings[k].weak.verdict)),
                        l.sensitivity[k].settings > 1
                            ? percent(l.sensitivity[k].strict) + " strict, " + percent(l.sensitivity[k].weak) + " weak"
                            : "-"});
    out.push_back(table(std::move(rows)));
    for (std::size_t k = 0; k < l.findings.size(); ++k) {
        for (auto& b : claim_blocks(ledger_claims()[k])) out.push_back(std::move(b));
        if (ledger_claims()[k].strict.empty()) continue;
        for (auto& b : finding_blocks(l.findings[k], l.sensitivity[k], o.seeds.size())) out.push_back(std::move(b));
    }
    for (auto& b : setup_blocks()) out.push_back(std::move(b));
    for (auto& b : detection_blocks(curve, o.probe_images, o.width, image)) out.push_back(std::move(b));
    return out;
}

std::string write_detection_figure(const fs::path& figures, const std::vector<detection_point>& curve) {
    fs::create_directories(figures / "data");
    results_file data(figures / "data" / "detection.csv");
    data << "separation,strict,weak\n";
    for (const auto& p : curve)
        data << number(p.separation) << ',' << number(p.strict) << ',' << number(p.weak) << '\n';
    data.commit();
    const research::thresholds t;
    write_script(figures, "fig10_detection", "900,560",
                 "  set title \"Positive control: claim 1's rule on synthetic two-cluster layers\"\n"
                 "  set xlabel 'separation of the clusters (within-cluster spreads)'; set ylabel 'share of layers "
                 "on which the rule fires'\n"
                 "  set yrange [-0.02:1.02]; set key left top\n"
                 "  set arrow from " +
                     number(t.shape_separation) + ",0 to " + number(t.shape_separation) +
                     ",1 nohead dt 2\n"
                     "  plot 'data/detection.csv' using 1:2 with linespoints lw 2 title 'strict (higher peak "
                     "below zero)', '' using 1:3 with linespoints lw 2 title 'weak (two peaks across zero)'\n"
                     "  unset arrow; unset yrange\n");
    return "fig10_detection";
}

}  // namespace study
