// mockbn lr-range: the learning-rate range test (mockbn/train/range_test.hpp)
// of each variant of one configuration, as the study would train it: from
// the first seed's start, on its training images (the validation share
// held out), with its optimizer, the rate growing from --low to --high over
// --steps steps. Writes data/lr_range.csv (every step of every variant),
// the figure lr_range.png and .svg (smoothed loss against rate) from its
// script lr_range.gp, and prints each variant's range and suggested
// starting rate.
//
//   mockbn lr-range [study options] [--low 1e-6] [--high 10] [--steps 300]
//
// The study's options are parsed as `mockbn study` parses them (--out
// defaults to results/<dataset>-lr-range); the folder must be empty or new,
// or --force given. Exit status: 0, 1 when a file cannot be written, 2 for a
// bad command line.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command_line.hpp"
#include "folder.hpp"
#include "gnuplot.hpp"
#include "identity.hpp"
#include "job.hpp"
#include "report_text.hpp"
#include "subcommands.hpp"
#include "training_shards.hpp"
#include "variants.hpp"

namespace fs = std::filesystem;

namespace study {

namespace {

// --low, --high and --steps taken out of the arguments; the rest are the study's.
mockbn::range_test_options take_range_options(std::vector<std::string>& arguments) {
    mockbn::range_test_options range;
    CLI::App app{
        "mockbn lr-range: the learning-rate range test of each variant, trained as `mockbn study` would "
        "train its first seed (every option of mockbn study --help is taken too)"};
    app.allow_extras();
    app.add_option("--low", range.low, "the first step's learning rate")->capture_default_str();
    app.add_option("--high", range.high, "the last step's learning rate")->capture_default_str();
    add_count(app, "--steps", range.steps, "steps, the rate growing by a constant factor from one to the next");
    parse_into(app, arguments);
    arguments = app.remaining();
    return range;
}

// A rate as the table prints it; "-" where the loss did not fall (range_test.hpp: no range).
std::string rate_text(double rate) {
    if (std::isnan(rate)) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", rate);
    return text;
}

// The loss from 0 to twice a guess's (ln 10 for ten classes): past it a curve only says that it diverged.
void write_figure(const fs::path& out, const options& o, const mockbn::range_test_options& range) {
    std::string plots;
    for (const auto& v : o.variants)
        plots += (plots.empty() ? "" : ", ") + gnuplot_quoted("data/lr_range.csv") + " using (strcol(1) eq " +
                 gnuplot_quoted(v) + " ? $3 : NaN):5 with lines lw 2 title " + gnuplot_quoted(v);
    write_script(out, "lr_range", "1000,600",
                 "  set datafile separator ','; set key outside right top\n"
                 "  set title 'Learning-rate range test: the loss, smoothed, against the rate'\n"
                 "  set logscale x; set format x '%.0e'; set xrange [" +
                     number(range.low) + ":" + number(range.high) + "]; set yrange [0:" + number(2 * std::log(10.0)) +
                     "]\n  set xlabel 'learning rate'; set ylabel 'training loss (smoothed)'\n"
                     "  plot " +
                     plots + "\n  unset logscale x\n");
}

}  // namespace

}  // namespace study

int range_main(const std::vector<std::string>& arguments) try {
    using namespace study;
    std::vector<std::string> rest = arguments;
    auto range = take_range_options(rest);
    mockbn::check_range_options(range);
    const bool out_given = std::any_of(rest.begin(), rest.end(),
                                       [](const std::string& a) { return a == "--out" || a.starts_with("--out="); });
    command c = parse(rest);
    options& o = c.given;
    // As the study trains the first seed: its batches, shuffled from that seed; the rate set by the test itself,
    // so no schedule multiplies it.
    range.batch = o.batch;
    range.shuffle_seed = o.seeds.front();
    o.schedule = mockbn::research::rate_schedule::constant;
    if (!out_given) o.out = "results/" + std::string(mockbn::research::name_of(o.dataset)) + "-lr-range";
    std::error_code error;
    if (fs::exists(o.out, error) && !fs::is_empty(o.out, error) && !o.force)
        throw usage_error(o.out + " holds files: give another --out, or --force to write into it");
    std::string fingerprint;
    const study_data data = load_data(o, fingerprint);
    fs::create_directories(fs::path(o.out) / "data");
    results_file csv(fs::path(o.out) / "data" / "lr_range.csv");
    csv << "variant,step,rate,loss,smoothed\n";
    const int width = static_cast<int>(std::max<std::size_t>(name_width(o.variants), 7));
    std::printf("%-*s  %-10s  %-10s  %s\n", width, "variant", "falls from", "lowest at", "suggested");
    for (const auto& v : o.variants) {
        const auto r = variants().find(v)->train.range_test({o, data, o.seeds.front(), range});
        for (std::size_t k = 0; k < r.points.size(); ++k)
            csv << v << ',' << k + 1 << ',' << number(r.points[k].rate) << ',' << number(r.points[k].loss) << ','
                << number(r.points[k].smoothed) << '\n';
        std::printf("%-*s  %-10s  %-10s  %s\n", width, v.c_str(), rate_text(r.falls_from).c_str(),
                    rate_text(r.lowest).c_str(), rate_text(r.suggested()).c_str());
    }
    csv.commit();
    write_figure(o.out, o, range);
    const bool drawn = draw(o.out, {"lr_range"}, "mockbn lr-range");
    std::printf(
        "(-: the loss never fell a tenth below its start)\nseed %llu, %zu steps from %g to %g; "
        "%s/data/lr_range.csv%s\n",
        static_cast<unsigned long long>(o.seeds.front()), range.steps, range.low, range.high, o.out.c_str(),
        drawn ? ", lr_range.png" : "");
    return 0;
} catch (const study::usage_error& e) {
    std::fprintf(stderr, "mockbn lr-range: %s (see mockbn study --help)\n", e.what());
    return 2;
} catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "mockbn lr-range: %s\n", e.what());
    return 2;
} catch (const std::exception& e) {
    std::fprintf(stderr, "mockbn lr-range: %s\n", e.what());
    return 1;
}
