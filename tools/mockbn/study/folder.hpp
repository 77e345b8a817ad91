// The results folder: one writer at a time, what the folder holds, and
// files that are written whole or not at all.
//
// Contract:
//  - folder_lock takes an exclusive lock on <folder>/.mockbn.lock (flock),
//    creating the folder if needed; the operating system releases it when
//    the process ends, however it ends. A second writer gets a `refusal`
//    naming the process that holds the lock.
//  - results_file collects a file's text in memory; commit() writes it with
//    io::write_atomically, so a failure names the file and the reason and
//    leaves the previous file whole.
//  - Every error here is a study_error carrying the exit status the study
//    ends with: 2 for a refusal (the folder or the options say no), 1 for a
//    failure of the machine (a file that cannot be read or written).
#pragma once

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "options.hpp"

namespace study {

class study_error : public std::runtime_error {
public:
    study_error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};
inline study_error refusal(const std::string& message) { return {2, message}; }
inline study_error failure(const std::string& message) { return {1, message}; }

class folder_lock {
public:
    explicit folder_lock(const std::filesystem::path& folder);
    ~folder_lock();
    folder_lock(const folder_lock&) = delete;
    folder_lock& operator=(const folder_lock&) = delete;

private:
    int descriptor_ = -1;
};

inline constexpr const char* lock_file_name = ".mockbn.lock";

enum class folder_content { empty, study, sweep, foreign };

// What `folder` holds, its lock file aside: nothing (or no folder), a sweep's
// results (a sweep.json, mockbn sweep), a study's (an options.json or
// checkpoints/), or other files.
folder_content inspect(const std::filesystem::path& folder);

// A small text file (options.json, a sweep file) whole; a file that is
// missing, not a regular file, larger than 1 MiB or unreadable is a refusal naming it.
std::string read_small_file(const std::filesystem::path& path);

// <folder>/options.json, read and checked like a command line; a problem is a
// refusal naming the file and the option.
options read_options(const std::filesystem::path& folder);

// The refusal for a folder holding other files: nothing is written into it without --force.
study_error foreign_folder(const std::string& folder);

// Decides, with the folder locked, what this invocation does with it: an
// empty folder starts afresh; one holding a run with the same options (or
// --resume) continues it, and o.resume becomes true; --force replaces a
// previous run (its checkpoints are removed) or writes beside other files.
// Anything else is a refusal naming the first option that differs.
void settle(options& o);

// The places of a study's folder that its writers write into, below it.
inline const std::vector<std::string> study_places = {"", "checkpoints", "figures", "figures/data"};

// Removes what a killed writer left behind in the folder's own places (by
// default a study's): temporaries (".<name>.tmp.<pid>.<n>",
// io::write_atomically) and figure scratch folders (".drawing.*"). Call it
// once the folder is locked and settled.
void remove_stale_temporaries(const std::filesystem::path& folder,
                              const std::vector<std::string>& places = study_places);

// The name of the checkpoint file of the run of (variant, seed), and where a study keeps it.
std::string checkpoint_name(const std::string& variant, std::uint64_t seed);
std::filesystem::path checkpoint_path(const std::filesystem::path& folder, const std::string& variant,
                                      std::uint64_t seed);

class results_file : public std::ostringstream {
public:
    explicit results_file(std::filesystem::path path) : path_(std::move(path)) {}
    void commit() const;

private:
    std::filesystem::path path_;
};

}  // namespace study
