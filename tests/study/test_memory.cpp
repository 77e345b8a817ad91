// The study's memory check against the process it guards: the estimate bounds
// the peak the kernel measures for real runs of the program at three widths,
// a run it accepts under an address-space limit finishes and one it refuses
// is refused before training, and the cgroup limits are read at every level.
// Release builds only: a sanitizer's shadow memory is not the program's.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "scratch.hpp"

#include "command_line.hpp"
#include "memory.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct ended {
    int status = -1;               // the exit status, or 128 + the signal
    std::uint64_t peak_bytes = 0;  // the child's largest resident set
    std::string err;
};

// Runs `arguments` (arguments[0] on PATH) with standard output discarded; its status, peak and standard error.
ended run(const std::vector<std::string>& arguments, const fs::path& err_file) {
    std::vector<char*> argv;
    for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t child = 0;
    REQUIRE(posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    rusage usage{};
    REQUIRE(::wait4(child, &status, 0, &usage) == child);
    std::ifstream in(err_file);
    ended e{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
            static_cast<std::uint64_t>(usage.ru_maxrss) * 1024,
            {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}};
    return e;
}

// The program under test, as a string of run-time length (GCC 12 warns falsely on a long literal copied in).
const std::string& program() {
    static const std::string path = MOCKBN_PROGRAM;
    return path;
}

std::string data_dir() {
    const char* given = std::getenv("MOCKBN_DATA_DIR");
    return (given ? fs::path(given) : fs::path(MOCKBN_TEST_DATA_DIR)) / "mnist";
}

// One epoch of log_shift under Adam (the most state per parameter) on 256 training images, at `width`; the
// parameters and their state, which grow with the width, are what the estimate must bound.
std::vector<std::string> study_arguments(std::size_t width, const fs::path& out) {
    return {"study",      "--quick",        "--train-limit", "256",       "--test-limit",
            "200",        "--probe-images", "200",           "--epochs",  "1",
            "--variants", "log_shift",      "--seeds",       "1",         "--threads",
            "1",          "--optimizer",    "adam",          "--width",   std::to_string(width),
            "--data-dir", data_dir(),       "--out",         out.string()};
}

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

}  // namespace

TEST_CASE("the memory estimate bounds the peak the kernel measures, at three widths") {
    mockbn::testing::scratch_folder scratch("memory_peaks");
    for (const std::size_t width : {256, 1024, 2048}) {
        CAPTURE(width);
        auto arguments = study_arguments(width, scratch.dir / std::to_string(width));
        const study::options o = study::parse({arguments.begin() + 1, arguments.end()}).given;
        arguments.insert(arguments.begin(), program());
        const auto e = run(arguments, scratch.dir / "err.txt");
        REQUIRE_MESSAGE(e.status == 0, e.err);
        const auto estimate = study::plan_memory(o, 784, 10).total();
        MESSAGE("width ", width, ": peak ", e.peak_bytes >> 20, " MiB, estimate ", estimate >> 20, " MiB");
        CHECK(e.peak_bytes <= estimate);
        CHECK(estimate <= 2 * e.peak_bytes);  // an upper bound, not a refusal of what fits
    }
}

TEST_CASE("under an address-space limit a run the check accepts finishes, and one it refuses is refused by name") {
    mockbn::testing::scratch_folder scratch("memory_rlimit");
    std::size_t accepted = 0, refused = 0;
    // Limits set from the estimate, not fixed: one below it (the process's own size leaves less than the estimate),
    // two above it by 0.5 and 1.5 GiB (room for the process's size). In bytes: prlimit of util-linux 2.38 crashes
    // on a suffix such as "4G".
    auto given = study_arguments(1024, scratch.dir);
    const std::uint64_t estimate =
        study::plan_memory(study::parse({given.begin() + 1, given.end()}).given, 784, 10).total();
    for (const std::uint64_t limit :
         {estimate - (estimate >> 3), estimate + (std::uint64_t{1} << 29), estimate + (std::uint64_t{3} << 29)}) {
        const std::string bytes = std::to_string(limit);
        CAPTURE(bytes);
        auto arguments = study_arguments(1024, scratch.dir / bytes);
        arguments.insert(arguments.begin(), {"prlimit", "--as=" + bytes + ":unlimited", "--", program()});
        const auto e = run(arguments, scratch.dir / "err.txt");
        if (e.status == 0) ++accepted;
        else {
            CHECK_MESSAGE(e.status == 2, e.err);
            CHECK(e.err.find("the address-space limit (ulimit -v") != std::string::npos);
            CHECK(!fs::exists(scratch.dir / bytes / "checkpoints" / "log_shift-seed1.ckpt"));
            ++refused;
        }
    }
    CHECK(accepted > 0);
    CHECK(refused > 0);
}

TEST_CASE("the cgroup's headroom: v2 at every level up, v1's memory controller, none without a limit") {
    mockbn::testing::scratch_folder scratch("memory_cgroup");
    const fs::path mount = scratch.dir / "cgroup";
    write(mount / "memory.max", "max\n");
    write(mount / "user" / "memory.max", "1000000\n");
    write(mount / "user" / "memory.current", "400000\n");
    write(mount / "user" / "job" / "memory.max", "max\n");
    write(mount / "user" / "job" / "memory.current", "300000\n");
    CHECK(study::cgroup_headroom(mount, "0::/user/job\n") == 600000);  // the parent's limit, its own usage
    write(mount / "user" / "job" / "memory.max", "500000\n");
    CHECK(study::cgroup_headroom(mount, "0::/user/job\n") == 200000);
    CHECK(study::cgroup_headroom(mount, "0::/\n") == std::nullopt);

    write(mount / "memory" / "slice" / "memory.limit_in_bytes", "9223372036854771712\n");
    write(mount / "memory" / "slice" / "memory.usage_in_bytes", "1000\n");
    write(mount / "memory" / "memory.limit_in_bytes", "5000\n");
    write(mount / "memory" / "memory.usage_in_bytes", "6000\n");
    CHECK(study::cgroup_headroom(mount, "4:memory:/slice\n3:cpu:/\n") == 0);  // past its limit: nothing left
    CHECK(study::cgroup_headroom(mount, "4:cpu,memory:/elsewhere\n") == 0);   // a path not mounted: the root
    CHECK(study::cgroup_headroom(mount, "4:cpu:/slice\n") == std::nullopt);
}
