#include "folder.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <mockbn/io/atomic_file.hpp>

namespace study {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string os_reason() { return std::strerror(errno); }

// The pid holding a flock on the file with this device and inode, from /proc/locks, or 0.
long flock_holder(const struct stat& file) {
    std::ifstream locks("/proc/locks");
    std::string line;
    while (std::getline(locks, line)) {
        char kind[16] = {}, device[64] = {};
        long pid = 0;
        unsigned long long inode = 0;
        unsigned major_number = 0, minor_number = 0;
        if (std::sscanf(line.c_str(), "%*s %15s %*s %*s %ld %63s", kind, &pid, device) != 3) continue;
        if (std::strcmp(kind, "FLOCK") != 0) continue;
        if (std::sscanf(device, "%x:%x:%llu", &major_number, &minor_number, &inode) != 3) continue;
        if (inode == file.st_ino && major_number == major(file.st_dev) && minor_number == minor(file.st_dev))
            return pid;
    }
    return 0;
}

// "process 1234 (mockbn study --out results/x)", as far as /proc tells.
std::string describe_process(long pid) {
    std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string command, part;
    while (std::getline(cmdline, part, '\0')) command += (command.empty() ? "" : " ") + part;
    return "process " + std::to_string(pid) + (command.empty() ? "" : " (" + command + ")");
}

std::string host_name() {
    char name[256] = {};
    return ::gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("an unknown host");
}

// "process 1234 on node7 (its lock file says)", from what the holder wrote in the lock file.
std::string noted_holder(const fs::path& lock_file) {
    std::ifstream noted(lock_file);
    long pid = 0;
    std::string host;
    if (!(noted >> pid >> host) || pid <= 0) return "another process";
    return "process " + std::to_string(pid) + " on " + host + " (its lock file says)";
}

}  // namespace

folder_lock::folder_lock(const fs::path& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) throw failure("the results folder " + folder.string() + " cannot be made (" + error.message() + ")");
    const fs::path path = folder / lock_file_name;
    descriptor_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (descriptor_ < 0 && errno == ELOOP) throw refusal(path.string() + " is a symbolic link, not a lock file");
    if (descriptor_ < 0) throw failure(path.string() + ": cannot be opened (" + os_reason() + ")");
    if (::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
        const int reason = errno;
        struct stat file {};
        const long holder = ::fstat(descriptor_, &file) == 0 ? flock_holder(file) : 0;
        ::close(descriptor_);
        if (reason != EWOULDBLOCK) throw failure(path.string() + ": cannot be locked (" + std::strerror(reason) + ")");
        throw refusal(folder.string() + " is in use by " +
                      (holder > 0 ? describe_process(holder) : noted_holder(path)) +
                      "; wait for it to finish, or choose another --out");
    }
    // For people looking at the folder, and for a lock held from another
    // machine (a shared filesystem), which /proc/locks does not show: who
    // holds it. The lock is the flock, so a failure here changes nothing.
    const std::string holder = std::to_string(::getpid()) + " " + host_name() + "\n";
    const bool noted = ::ftruncate(descriptor_, 0) == 0 && ::write(descriptor_, holder.data(), holder.size()) > 0;
    static_cast<void>(noted);
}

folder_lock::~folder_lock() { ::close(descriptor_); }

folder_content inspect(const fs::path& folder) {
    std::error_code error;
    if (!fs::is_directory(folder, error))
        return fs::exists(folder, error) ? folder_content::foreign : folder_content::empty;
    if (fs::exists(fs::symlink_status(folder / plan_file_name, error))) {
        try {
            return program_of_text(read_small_file(folder / plan_file_name));
        } catch (const std::runtime_error&) {  // unreadable: read_plan says why
            return folder_content::damaged_plan;
        }
    }
    // The earlier layout's writers made its manifest and checkpoints/ together; a user's own sweep file
    // named sweep.json is not one.
    if (fs::is_directory(fs::symlink_status(folder / "checkpoints", error)))
        for (const char* earlier : {"options.json", "sweep.json"})
            if (fs::exists(fs::symlink_status(folder / earlier, error))) return folder_content::earlier_layout;
    for (const auto& entry : fs::directory_iterator(folder, error))
        if (entry.path().filename() != lock_file_name || fs::is_symlink(entry.symlink_status()))
            return folder_content::foreign;
    return folder_content::empty;
}

study_error occupied(const fs::path& folder, folder_content content, folder_content mine) {
    const std::string where = folder.string(), program = mine == folder_content::study ? "study" : "sweep";
    switch (content) {
        case folder_content::study:
        case folder_content::sweep:
            return refusal(where + " holds a " + (content == folder_content::study ? "study" : "sweep") +
                           "'s results (mockbn " + (content == folder_content::study ? "study" : "sweep") +
                           "), not a " + program + "'s; choose another --out, or give --force to replace them");
        case folder_content::earlier_layout:
            return refusal(where +
                           " holds results in the earlier layout of mockbn's results folder (options.json or "
                           "sweep.json, from builds before plan.json), which this build does not read: use the "
                           "build that wrote them, or replace them with --force");
        default:
            return refusal(where + " holds files that are not a mockbn " + program +
                           "'s results; choose another --out, or give --force to write into it");
    }
}

void require_results(const fs::path& folder, folder_content mine) {
    const auto content = inspect(folder);
    if (content == mine || content == folder_content::damaged_plan) return;
    std::error_code error;
    if (!fs::exists(folder, error)) throw refusal(folder.string() + ": no such folder");
    if (content == folder_content::empty)
        throw refusal(folder.string() + " holds no " + (mine == folder_content::study ? "study" : "sweep") +
                      " to continue (no plan.json)");
    throw occupied(folder, content, mine);
}

std::string read_small_file(const fs::path& path) {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (!fs::exists(status)) throw refusal(path.string() + ": no such file");
    if (!fs::is_regular_file(status)) throw refusal(path.string() + ": not a regular file");
    if (fs::file_size(path, error) > (1u << 20))
        throw refusal(path.string() + ": larger than 1 MiB, not a mockbn file");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw refusal(path.string() + ": cannot be read (" + os_reason() + ")");
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

std::string plan_text(folder_content kind, const json& plan) {
    nlohmann::ordered_json text = {{"mockbn", kind == folder_content::study ? "study" : "sweep"},
                                   {"layout", folder_layout}};  // first, for a reader of the file
    text.update(nlohmann::ordered_json::parse(plan.dump()));
    return text.dump(2) + "\n";
}

folder_content program_of_text(const std::string& text) {
    try {
        const auto program = parse_object(text).value("mockbn", json());
        if (program == "study") return folder_content::study;
        if (program == "sweep") return folder_content::sweep;
    } catch (const option_error&) {  // not one JSON object: read_plan says which
    }
    return folder_content::damaged_plan;
}

json plan_of_text(const std::string& text, folder_content kind) {
    json plan = parse_object(text);
    const json program = kind == folder_content::study ? "study" : "sweep";
    if (plan.value("mockbn", json()) != program)
        throw option_error("mockbn", "must be " + program.dump() + ": the program whose results these are");
    if (plan.value("layout", json()) != folder_layout)
        throw option_error("layout", "must be " + std::to_string(folder_layout) +
                                         ", the layout this build reads; use the build that wrote the folder");
    plan.erase("mockbn");
    plan.erase("layout");
    return plan;
}

json read_plan(const fs::path& folder, folder_content kind) {
    const fs::path path = folder / plan_file_name;
    const std::string text = read_small_file(path);
    try {
        return plan_of_text(text, kind);
    } catch (const option_error& e) {
        throw refusal(path.string() + ": " + e.what());
    }
}

options read_options(const fs::path& folder) {
    const json plan = read_plan(folder, folder_content::study);
    try {
        options o = from_json(plan.dump());
        o.out = folder.string();
        check(o);
        return o;
    } catch (const option_error& e) {
        throw refusal((folder / plan_file_name).string() + ": " + e.what());
    }
}

void settle(options& o) {
    const fs::path out = o.out;
    const auto content = inspect(out);
    if (content == folder_content::empty) {
        if (o.resume) throw refusal("--resume: " + o.out + " holds no run to continue (no plan.json)");
        return;
    }
    if (o.force && !o.resume) {  // the previous results go, so none can be taken for this run's; other files stay
        remove_results(out, content);
        return;
    }
    if (content != folder_content::study && content != folder_content::damaged_plan)
        throw occupied(out, content, folder_content::study);
    options previous;
    try {
        previous = read_options(out);
    } catch (const study_error& e) {
        throw refusal(std::string(e.what()) + "; --force replaces that run");
    }
    const auto before = folder_settings(previous), now = folder_settings(o);
    for (std::size_t i = 0; i < before.size(); ++i)
        if (before[i].second != now[i].second)
            throw refusal(flag_of(before[i].first) + ": the run in " + o.out + " has " + before[i].second +
                          ", this command gives " + now[i].second + "; --resume " + o.out +
                          " continues that run, --force replaces it");
    o.resume = true;
}

namespace {

// What a killed writer leaves: temporaries (".<name>.tmp.<pid>.<n>", io::write_atomically) and figure scratch
// folders (".drawing.*").
const std::regex leftover(R"((\..+\.tmp\.[0-9]+\.[0-9]+)|(\.drawing\..*))");
// A configuration's checkpoint folder: its id, 8 hex digits.
const std::regex configuration_folder("[0-9a-f]{8}");

// The entries of `dir` (none when it is not a folder) whose names `pattern` matches, folders or not.
std::vector<fs::directory_entry> entries_named(const fs::path& dir, const std::regex& pattern) {
    std::vector<fs::directory_entry> named;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error))
        if (std::regex_match(entry.path().filename().string(), pattern)) named.push_back(entry);
    return named;
}

// Removes the regular files of `dir` whose names `written` matches, and the temporaries and scratch folders a
// killed writer leaves there; then `dir` itself if nothing else is left in it.
void remove_written(const fs::path& dir, const std::regex& written) {
    std::error_code error;
    for (const auto& entry : entries_named(dir, written))
        if (entry.is_regular_file(error) && !entry.is_symlink(error)) fs::remove(entry.path(), error);
    for (const auto& entry : entries_named(dir, leftover)) fs::remove_all(entry.path(), error);
    fs::remove(dir, error);  // only when empty: a user's file keeps it
}

}  // namespace

void remove_results(const fs::path& folder, folder_content content) {
    if (content == folder_content::foreign || content == folder_content::empty) return;
    static const std::regex top(
        "plan\\.json|(jobs|metrics|probe|features|classes|params|times|models|conservation)\\.csv|(summary|search)\\."
        "json|report\\.html|(ledger|search)\\.md");
    static const std::regex earlier_top("options\\.json|sweep\\.json");
    static const std::regex checkpoint(".+-seed[0-9]+\\.ckpt");
    static const std::regex figure("(fig[0-9]+_[a-z0-9_]+|verdicts|sensitivity)\\.(gp|png|svg)");
    static const std::regex figure_data(
        "((bands|classes|curves|depth|features|histogram|params)_.+|shapes|verdicts|verdict_cells|detection|"
        "sensitivity|sensitivity_cells)\\.csv");
    std::error_code error;
    for (const auto& entry : entries_named(folder / "checkpoints", configuration_folder))
        if (entry.is_directory(error) && !entry.is_symlink(error)) remove_written(entry.path(), checkpoint);
    remove_written(folder / "checkpoints", checkpoint);  // the earlier layout's study kept them here
    remove_written(folder / "figures" / "data", figure_data);
    remove_written(folder / "figures", figure);
    for (const auto& entry : entries_named(folder, top)) fs::remove(entry.path(), error);
    if (content == folder_content::earlier_layout)
        for (const auto& entry : entries_named(folder, earlier_top)) fs::remove(entry.path(), error);
}

std::vector<std::string> folder_places(const std::vector<std::string>& configuration_ids) {
    std::vector<std::string> places = {"", "figures", "figures/data"};
    for (const auto& id : configuration_ids) places.push_back("checkpoints/" + id);
    return places;
}

void remove_stale_temporaries(const fs::path& folder, const std::vector<std::string>& places) {
    std::error_code error;
    for (const auto& place : places)
        for (const auto& entry : entries_named(folder / place, leftover)) fs::remove_all(entry.path(), error);
}

void require_plan_runs(const fs::path& folder, const plan_runs& runs) {
    const std::string remedy = "; restore " + (folder / plan_file_name).string() + ", or give --force to start afresh";
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder / "checkpoints", error)) {
        const std::string id = entry.path().filename().string();
        if (!entry.is_directory(error) || !std::regex_match(id, configuration_folder)) continue;
        const auto plan = runs.find(id);
        if (plan == runs.end())
            throw refusal(entry.path().string() +
                          " holds runs of a configuration the plan does not describe (was plan.json edited?)" + remedy);
        for (const auto& file : fs::directory_iterator(entry.path(), error)) {
            const std::string name = file.path().filename().string();
            if (name.front() != '.' && name.ends_with(".ckpt") && plan->second.count(name) == 0)
                throw refusal(file.path().string() +
                              " is a run the plan does not hold (were its seeds, variants or share edited?)" + remedy);
        }
    }
}

std::vector<invocation> read_invocations(const fs::path& folder) {
    const fs::path path = folder / "times.csv";
    std::error_code error;
    if (!fs::exists(fs::symlink_status(path, error))) return {};
    return invocations_of_text(read_small_file(path), path.string());
}

std::vector<invocation> invocations_of_text(const std::string& file_text, const std::string& file) {
    std::istringstream text(file_text);
    std::vector<invocation> all;
    std::string line;
    for (std::size_t number = 1; std::getline(text, line); ++number) {
        if (number == 1 && line == "program,seconds") continue;
        const auto comma = line.rfind(',');
        invocation row{line.substr(0, comma == std::string::npos ? 0 : comma), -1};
        if (comma != std::string::npos) {
            const char* end = line.data() + line.size();
            const auto [stop, problem] = std::from_chars(line.data() + comma + 1, end, row.seconds);
            if (problem != std::errc() || stop != end) row.seconds = -1;
        }
        if (row.program.empty() || !(row.seconds >= 0))
            throw refusal(file + ": line " + std::to_string(number) + " is not \"program,seconds\"");
        all.push_back(std::move(row));
    }
    return all;
}

void write_invocations(const fs::path& folder, const std::vector<invocation>& all) {
    results_file f(folder / "times.csv");
    f << "program,seconds\n";
    for (const auto& row : all) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.3f", row.seconds);
        f << row.program << ',' << seconds << '\n';
    }
    f.commit();
}

std::vector<invocation> record_invocation(const fs::path& folder, const invocation& now) {
    auto all = read_invocations(folder);
    all.push_back(now);
    write_invocations(folder, all);
    return read_invocations(folder);  // as the file holds them (to the millisecond), as a later report reads them
}

double total_seconds(const std::vector<invocation>& all) {
    double total = 0;
    for (const auto& row : all) total += row.seconds;
    return total;
}

std::string checkpoint_name(const std::string& variant, std::uint64_t seed) {
    return variant + "-seed" + std::to_string(seed) + ".ckpt";
}

fs::path checkpoint_path(const fs::path& folder, const std::string& id, const std::string& variant,
                         std::uint64_t seed) {
    return folder / "checkpoints" / id / checkpoint_name(variant, seed);
}

void results_file::commit() const {
    try {
        mockbn::io::write_atomically(path_, view());
    } catch (const mockbn::io::write_error& e) {
        throw study::failure(e.what());  // qualified: std::ios_base::failure is a member name here
    }
}

}  // namespace study
