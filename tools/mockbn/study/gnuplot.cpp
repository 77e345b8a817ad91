#include "gnuplot.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <unistd.h>

#include "folder.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "process.hpp"

namespace study {

namespace fs = std::filesystem;

namespace {

// True if `file` looks whole: a PNG ends with its IEND chunk, an SVG with its closing tag.
bool complete_figure(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string_view end =
        file.extension() == ".png" ? std::string_view("IEND\xae\x42\x60\x82", 8) : std::string_view("</svg>");
    const auto last = text.find_last_not_of(" \n\r\t");
    return last != std::string::npos && std::string_view(text).substr(0, last + 1).ends_with(end);
}

// Why a figure may not be whole when gnuplot said nothing: the disk it goes to is (nearly) full.
std::string space_left(const fs::path& dir) {
    std::error_code error;
    const auto space = fs::space(dir, error);
    if (error || space.available >= (std::uintmax_t{1} << 20)) return "";
    return "; the disk holding it has " + std::to_string(space.available / 1024) + " KiB free";
}

// Draws one script's PNG and SVG in a scratch folder beside it (gnuplot run
// without a shell), checks both are whole, then moves them into place: a
// failure leaves the previous figures as they were and says why.
// How long one figure may take: 300 s, or $MOCKBN_FIGURE_SECONDS. A figure is bounded in size, so a gnuplot
// running longer is stuck (a script waiting on a terminal, a broken build), and the report goes on without it.
double figure_seconds() {
    if (const char* given = std::getenv("MOCKBN_FIGURE_SECONDS")) {
        char* end = nullptr;
        const double seconds = std::strtod(given, &end);
        if (end != given && *end == '\0' && seconds >= 0) return seconds;
        std::fprintf(stderr, "MOCKBN_FIGURE_SECONDS='%s' is not a number of seconds: each figure gets 300 s\n",
                     printable(given).c_str());
    }
    return 300;
}

bool draw_figure(const fs::path& dir, const std::string& name, const std::string& program) {
    const fs::path scratch = dir / (".drawing." + std::to_string(::getpid()) + "." + name);
    const fs::path log = dir / (name + ".log");
    struct remover {
        const fs::path& path;
        ~remover() {
            std::error_code ignored;
            fs::remove_all(path, ignored);
        }
    } const remove_scratch{scratch};
    fs::remove_all(scratch);
    fs::create_directory(scratch);
    fs::create_directory_symlink("../data", scratch / "data");
    const auto outcome = run_program({"gnuplot", "../" + name + ".gp"}, scratch, log, figure_seconds());
    std::string problem = outcome.problem;
    for (const char* format : {".png", ".svg"})
        if (problem.empty() && !complete_figure(scratch / (name + format)))
            problem = name + format + " was not drawn whole" + space_left(dir);
    if (!problem.empty()) {
        std::fprintf(stderr, "%s: gnuplot failed on %s: %s (see %s)\n", program.c_str(), (dir / (name + ".gp")).c_str(),
                     problem.c_str(), log.c_str());
        return false;
    }
    for (const char* format : {".png", ".svg"}) fs::rename(scratch / (name + format), dir / (name + format));
    fs::remove(log);
    return true;
}

}  // namespace

void write_script(const fs::path& dir, const std::string& name, const std::string& size, const std::string& body) {
    results_file f(dir / (name + ".gp"));
    f << "# Draws " << name << ".png and " << name << ".svg from the CSV files in data/.\n"
      << "# Run it from this folder: gnuplot " << name << ".gp\n"
      << "set datafile separator ','\nset key autotitle columnhead noenhanced\nset grid lc rgb '#dddddd'\n"
      << "do for [format in 'png svg'] {\n"
      << "  if (format eq 'png') { set terminal pngcairo noenhanced size " << size << " font 'Sans,10'; set output '"
      << name << ".png' } else { set terminal svg noenhanced size " << size << " dynamic font 'Sans,10'; set output '"
      << name << ".svg' }\n"
      << body << "  unset multiplot\n  unset output\n}\n";
    f.commit();
}

bool draw(const fs::path& dir, const std::vector<std::string>& names, const std::string& program) {
    bool all = true;
    for (const auto& name : names) {
        if (stop_flag()) return false;
        all = draw_figure(dir, name, program) && all;
    }
    return all;
}

std::string gnuplot_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : printable(text)) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

}  // namespace study
