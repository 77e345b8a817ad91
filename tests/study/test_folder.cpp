// The results folder: one writer, files written whole or not at all, and
// the decision between continuing, starting afresh and refusing.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include "folder.hpp"
#include "mockbn/io/atomic_file.hpp"
#include "sample_options.hpp"

using namespace study;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `text` as `file`, its folders made first.
void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

// The message of the study_error `action` throws, with its exit status in front: "2: ...".
template <class Action>
std::string error_of(Action action) {
    try {
        action();
    } catch (const study_error& e) {
        return std::to_string(e.status()) + ": " + e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("a second writer is refused, naming the process that holds the folder") {
    const mockbn::testing::scratch_folder s("folder");
    {
        const folder_lock first(s.dir / "results");
        const std::string message = error_of([&] { folder_lock second(s.dir / "results"); });
        CHECK(message.rfind(
                  "2: " + (s.dir / "results").string() + " is in use by process " + std::to_string(::getpid()), 0) ==
              0);
    }
    CHECK_NOTHROW(folder_lock(s.dir / "results"));  // released with its holder
}

TEST_CASE("a file is written whole, or the previous one stays, with the system's reason") {
    const mockbn::testing::scratch_folder s("folder");
    results_file first(s.dir / "report.html");
    first << "the previous report\n";
    first.commit();
    CHECK(read(s.dir / "report.html") == "the previous report\n");

    // A file-size limit makes the write fail part-way, as a full disk does.
    rlimit saved{};
    getrlimit(RLIMIT_FSIZE, &saved);
    const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    results_file second(s.dir / "report.html");
    second << std::string(10000, 'x');
    const std::string message = error_of([&] { second.commit(); });
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous_handler);

    CHECK(message == "1: " + (s.dir / "report.html").string() + ": writing failed (File too large)");
    CHECK(read(s.dir / "report.html") == "the previous report\n");
    CHECK(entries(s.dir) == 1);  // no temporary left behind
}

TEST_CASE("concurrent writers of one file never share a temporary: the file ends whole") {
    const mockbn::testing::scratch_folder s("folder");
    const fs::path file = s.dir / "shared.txt";
    auto writer = [&](char c) {
        for (int i = 0; i < 50; ++i) mockbn::io::write_atomically(file, std::string(100000, c));
    };
    std::thread a(writer, 'a'), b(writer, 'b');
    a.join();
    b.join();
    const std::string text = read(file);
    CHECK((text == std::string(100000, 'a') || text == std::string(100000, 'b')));
    CHECK(entries(s.dir) == 1);
}

TEST_CASE("what a killed writer left behind is removed, and nothing else") {
    const mockbn::testing::scratch_folder s("folder");
    fs::create_directories(s.dir / "figures" / ".drawing.123.fig1");
    write(s.dir / "figures" / ".fig1.gp.tmp.123.0", "half");
    write(s.dir / "checkpoints.ckpt.tmp", "not ours");
    write(s.dir / "notes.txt", "the user's");
    remove_stale_temporaries(s.dir, folder_places({}));
    CHECK_FALSE(fs::exists(s.dir / "figures" / ".drawing.123.fig1"));
    CHECK_FALSE(fs::exists(s.dir / "figures" / ".fig1.gp.tmp.123.0"));
    CHECK(read(s.dir / "checkpoints.ckpt.tmp") == "not ours");
    CHECK(read(s.dir / "notes.txt") == "the user's");
}

TEST_CASE("settle: continue the same run, refuse another or a foreign folder, replace with --force") {
    const mockbn::testing::scratch_folder s("folder");
    const fs::path dir = s.dir / "run";
    options o = testing::defaults_in(dir);
    settle(o);  // no folder yet: a fresh start
    CHECK_FALSE(o.resume);
    fs::create_directories(dir);
    write(dir / plan_file_name, plan_text(folder_content::study, json::parse(to_json(o))));

    options same = testing::defaults_in(dir);
    same.threads = 7;  // does not change a number
    settle(same);
    CHECK(same.resume);

    options other = testing::defaults_in(dir);
    other.learning_rate = 0.01;
    CHECK(error_of([&] { settle(other); }) == "2: --lr: the run in " + dir.string() +
                                                  " has 0.02, this command gives 0.01; --resume " + dir.string() +
                                                  " continues that run, --force replaces it");
    other.force = true;
    write(dir / "metrics.csv", "old");
    settle(other);
    CHECK_FALSE(fs::exists(dir / "metrics.csv"));
    CHECK_FALSE(other.resume);

    const fs::path foreign = s.dir / "foreign";
    fs::create_directories(foreign);
    write(foreign / "thesis.tex", "months of work");
    options into = testing::defaults_in(foreign);
    CHECK(error_of([&] {
              settle(into);
          }).rfind("2: " + foreign.string() + " holds files that are not a mockbn study's", 0) == 0);
    CHECK(read(foreign / "thesis.tex") == "months of work");

    options nothing = testing::defaults_in(s.dir / "empty");
    nothing.resume = true;
    CHECK(error_of([&] { settle(nothing); }) ==
          "2: --resume: " + (s.dir / "empty").string() + " holds no run to continue (no plan.json)");
}

TEST_CASE("a folder is told by its plan.json alone, and --force removes the programs' files by name, no other") {
    const mockbn::testing::scratch_folder s("folder");
    const auto holding = [&](const std::string& name, const std::string& file, const std::string& text) {
        const fs::path dir = s.dir / name;
        fs::create_directories(dir);
        if (!file.empty()) write(dir / file, text);
        return inspect(dir);
    };
    const json plan = json::parse(to_json(testing::defaults_in(s.dir)));
    CHECK(holding("empty", "", "") == folder_content::empty);
    CHECK(holding("study", plan_file_name, plan_text(folder_content::study, plan)) == folder_content::study);
    CHECK(holding("sweep", plan_file_name, plan_text(folder_content::sweep, plan)) == folder_content::sweep);
    CHECK(holding("damaged", plan_file_name, "{\"mockbn\": \"other\"}") == folder_content::damaged_plan);
    CHECK(holding("cut", plan_file_name, "{\"mockbn\": \"stu") == folder_content::damaged_plan);
    CHECK(holding("earlier study", "checkpoints/plain-seed1.ckpt", "a run") == folder_content::foreign);
    CHECK(holding("earlier study", "options.json", "{}") == folder_content::earlier_layout);
    CHECK(holding("earlier sweep", "checkpoints/0a1b2c3d/plain-seed1.ckpt", "a run") == folder_content::foreign);
    CHECK(holding("earlier sweep", "sweep.json", "{}") == folder_content::earlier_layout);
    CHECK(holding("sweep file", "sweep.json", "{}") == folder_content::foreign);  // a user's own, no checkpoints/
    CHECK(holding("user's", "checkpoints/model.pt", "weights") == folder_content::foreign);

    // The plan reads back as written, its program and layout checked.
    CHECK(read_plan(s.dir / "study", folder_content::study) == plan);
    CHECK(error_of([&] { read_plan(s.dir / "study", folder_content::sweep); }) ==
          "2: " + (s.dir / "study" / plan_file_name).string() +
              ": mockbn: must be \"sweep\": the program whose results these are");
    json later = json::parse(plan_text(folder_content::study, plan));
    later["layout"] = folder_layout + 1;
    write(s.dir / "study" / plan_file_name, later.dump());
    CHECK(error_of([&] {
              read_plan(s.dir / "study", folder_content::study);
          }).find("layout: must be " + std::to_string(folder_layout)) != std::string::npos);
    later["layout"] = folder_layout - 1;  // an earlier layout: its checkpoints lack what this one records
    write(s.dir / "study" / plan_file_name, later.dump());
    CHECK(error_of([&] {
              read_plan(s.dir / "study", folder_content::study);
          }).find("layout: must be " + std::to_string(folder_layout)) != std::string::npos);

    const fs::path run = s.dir / "run";
    for (const char* name : {"plan.json", "metrics.csv", "features.csv", "report.html", "figures/fig1_shapes.png",
                             "figures/data/curves_plain.csv", "figures/.fig2_accuracy.gp.tmp.12.0",
                             "checkpoints/0a1b2c3d/plain-seed1.ckpt"})
        write(run / name, "the program's");
    for (const char* name : {"notes.txt", "figures-of-mine/p.png", "figures/p.png", "checkpoints/model.pt",
                             "sweep.json"})  // the user's, a sweep file among them
        write(run / name, "the user's");
    const auto left = [&] {
        std::vector<std::string> names;
        for (const auto& entry : fs::recursive_directory_iterator(run))
            names.push_back(fs::relative(entry.path(), run).string());
        std::sort(names.begin(), names.end());
        return names;
    };
    remove_results(run, folder_content::study);
    const std::vector<std::string> users = {
        "checkpoints",           "checkpoints/model.pt", "figures",   "figures-of-mine",
        "figures-of-mine/p.png", "figures/p.png",        "notes.txt", "sweep.json"};
    CHECK(left() == users);
    remove_results(run, folder_content::foreign);  // other files: nothing goes
    CHECK(left() == users);
    write(run / "checkpoints" / "plain-seed1.ckpt", "an earlier run");
    write(run / "options.json", "{}");
    remove_results(run, folder_content::earlier_layout);
    CHECK_FALSE(fs::exists(run / "checkpoints" / "plain-seed1.ckpt"));
    CHECK_FALSE(fs::exists(run / "options.json"));
    CHECK_FALSE(fs::exists(run / "sweep.json"));  // the earlier layout's own
    CHECK(fs::exists(run / "checkpoints" / "model.pt"));
    // The record of time: each invocation's row kept, to the millisecond, and a row that is not one refused.
    CHECK(read_invocations(run).empty());
    record_invocation(run, {"study", 1.2344});
    const auto both = record_invocation(run, {"study", 0.5});
    REQUIRE(both.size() == 2);
    CHECK(both[0].seconds == 1.234);
    CHECK(total_seconds(both) == doctest::Approx(1.734));
    write(run / "times.csv", "program,seconds\nstudy,1.5\nstudy,soon\n");
    CHECK(error_of([&] { read_invocations(run); }) ==
          "2: " + (run / "times.csv").string() + ": line 3 is not \"program,seconds\"");
    CHECK(checkpoint_path(run, "0a1b2c3d", "bn", 3) == run / "checkpoints" / "0a1b2c3d" / "bn-seed3.ckpt");
}
