#include "folder.hpp"

#include <cerrno>
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
    if (fs::exists(fs::symlink_status(folder / "sweep.json", error))) return folder_content::sweep;
    if (fs::exists(fs::symlink_status(folder / "options.json", error)) ||
        fs::is_directory(folder / "checkpoints", error))
        return folder_content::study;
    for (const auto& entry : fs::directory_iterator(folder, error))
        if (entry.path().filename() != lock_file_name || fs::is_symlink(entry.symlink_status()))
            return folder_content::foreign;
    return folder_content::empty;
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

options read_options(const fs::path& folder) {
    const fs::path path = folder / "options.json";
    std::error_code error;
    if (!fs::exists(fs::status(path, error)))
        throw refusal(folder.string() + " holds no run to continue (no options.json)");
    const std::string text = read_small_file(path);
    try {
        options o = from_json(text);
        o.out = folder.string();
        check(o);
        return o;
    } catch (const option_error& e) {
        throw refusal(path.string() + ": " + e.what());
    }
}

study_error foreign_folder(const std::string& folder) {
    return refusal(folder +
                   " holds files that are not a mockbn study's results; choose another --out, or give "
                   "--force to write into it");
}

void settle(options& o) {
    const fs::path out = o.out;
    switch (inspect(out)) {
        case folder_content::empty:
            if (o.resume) throw refusal("--resume: " + o.out + " holds no run to continue (no options.json)");
            return;
        case folder_content::foreign:
        case folder_content::sweep:
            if (o.force) return;
            throw foreign_folder(o.out);
        case folder_content::study:
            break;
    }
    if (o.force && !o.resume) {  // the previous run's outputs go, so none can be taken for this run's
        std::error_code ignored;
        for (const char* name : {"checkpoints", "figures", "metrics.csv", "probe.csv", "params.csv", "summary.json",
                                 "report.html", "options.json"})
            fs::remove_all(out / name, ignored);
        return;
    }
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

void remove_stale_temporaries(const fs::path& folder, const std::vector<std::string>& places) {
    static const std::regex temporary(R"(\..+\.tmp\.[0-9]+\.[0-9]+)");
    std::error_code error;
    for (const auto& place : places) {
        std::vector<fs::path> stale;
        for (const auto& entry : fs::directory_iterator(folder / place, error)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind(".drawing.", 0) == 0 || std::regex_match(name, temporary)) stale.push_back(entry.path());
        }
        for (const auto& path : stale) fs::remove_all(path, error);
    }
}

std::string checkpoint_name(const std::string& variant, std::uint64_t seed) {
    return variant + "-seed" + std::to_string(seed) + ".ckpt";
}

fs::path checkpoint_path(const fs::path& folder, const std::string& variant, std::uint64_t seed) {
    return folder / "checkpoints" / checkpoint_name(variant, seed);
}

void results_file::commit() const {
    try {
        mockbn::io::write_atomically(path_, view());
    } catch (const mockbn::io::write_error& e) {
        throw study::failure(e.what());  // qualified: std::ios_base::failure is a member name here
    }
}

}  // namespace study
