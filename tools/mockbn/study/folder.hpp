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
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

// The folder's manifest (docs/results-folder.md): the program that wrote it
// ("mockbn": "study" or "sweep"), the layout's number, and the plan's own
// keys: a study's options, or a sweep in its canonical form.
inline constexpr const char* plan_file_name = "plan.json";
inline constexpr int folder_layout = 4;

enum class folder_content {
    empty,           // nothing, or no folder (its lock file aside)
    study,           // plan.json of a study (mockbn study)
    sweep,           // plan.json of a sweep (mockbn sweep, mockbn merge)
    damaged_plan,    // a plan.json that does not say which program wrote it
    earlier_layout,  // options.json or sweep.json beside checkpoints/: results of a build before plan.json
    foreign          // other files (or a file in the folder's place)
};

// What `folder` holds, told by its plan.json alone (never by a subfolder's name).
folder_content inspect(const std::filesystem::path& folder);

// The refusal for a folder this invocation may not write into without
// --force: another program's results, an earlier layout's, or other files.
// `mine` is the content the program continues (study or sweep).
study_error occupied(const std::filesystem::path& folder, folder_content content, folder_content mine);

// For --resume and report: a refusal unless `folder` holds `mine`'s results
// (or a damaged plan.json, which read_plan then names).
void require_results(const std::filesystem::path& folder, folder_content mine);

// A small text file (plan.json, a sweep file) whole; a file that is
// missing, not a regular file, larger than 1 MiB or unreadable is a refusal naming it.
std::string read_small_file(const std::filesystem::path& path);

// `plan` (a JSON object of the plan's own keys) as the plan.json of a `kind` folder.
std::string plan_text(folder_content kind, const nlohmann::json& plan);

// <folder>/plan.json's own keys, its program and layout checked (`kind`'s,
// folder_layout) and removed; a problem is a refusal naming the file.
// plan_of_text() does the same on the file's text, throwing option_error;
// program_of_text() is what inspect() reads in it (study, sweep, or a
// damaged plan).
nlohmann::json read_plan(const std::filesystem::path& folder, folder_content kind);
nlohmann::json plan_of_text(const std::string& text, folder_content kind);
folder_content program_of_text(const std::string& text);

// A study's <folder>/plan.json, read and checked like a command line; a
// problem is a refusal naming the file and the option.
options read_options(const std::filesystem::path& folder);

// Decides, with the folder locked, what this invocation does with it: an
// empty folder starts afresh; one holding a run with the same options (or
// --resume) continues it, and o.resume becomes true; --force replaces a
// previous run (remove_results) or writes beside other files.
// Anything else is a refusal naming the first option that differs.
void settle(options& o);

// Removes, by name, the files the programs write into a folder holding
// `content`: plan.json, the tables, summary.json and report.html at its top
// (for the earlier layout its options.json or sweep.json too); each
// checkpoint (<variant>-seed<N>.ckpt) of checkpoints/<config-id>/ (of
// checkpoints/ for the earlier layout); the report's figures and their data
// in figures/ and figures/data/; and a killed writer's temporaries. A folder
// emptied so goes too. Every other file stays, wherever it is; a folder of
// other files loses nothing.
void remove_results(const std::filesystem::path& folder, folder_content content);

// The places of a results folder its writers write into, below it: the top,
// figures/, figures/data/ and each configuration's checkpoints/<id>/.
std::vector<std::string> folder_places(const std::vector<std::string>& configuration_ids);

// Removes what a killed writer left behind in those places: temporaries
// (".<name>.tmp.<pid>.<n>", io::write_atomically) and figure scratch
// folders (".drawing.*"). Call it once the folder is locked and settled.
void remove_stale_temporaries(const std::filesystem::path& folder, const std::vector<std::string>& places);

// Each invocation that computed the folder's results and its wall time, in
// order: times.csv, "program,seconds". A study or a sweep adds its row when
// it ends (a stopped one too; a killed one cannot); a merge writes the
// shards' rows, then its own; mockbn report adds none. The folder's wall
// time is their sum.
struct invocation {
    std::string program;  // "study", "sweep", "sweep --shard 2/4", "merge"
    double seconds = 0;
};
// The rows there are (none without times.csv); a row that is not one is a refusal naming the file and line.
std::vector<invocation> read_invocations(const std::filesystem::path& folder);
// The same rows from times.csv's text, a problem naming `file`.
std::vector<invocation> invocations_of_text(const std::string& text, const std::string& file);
void write_invocations(const std::filesystem::path& folder, const std::vector<invocation>& all);
// Adds `now` to the folder's rows and returns them all, as the file holds them.
std::vector<invocation> record_invocation(const std::filesystem::path& folder, const invocation& now);
double total_seconds(const std::vector<invocation>& all);

// The checkpoint names of each configuration a plan runs, by configuration id.
using plan_runs = std::map<std::string, std::set<std::string>>;

// For a plan that continues: a refusal unless every configuration folder in
// <folder>/checkpoints/ is one of the plan's, and every checkpoint in it one
// of its runs. A plan.json edited to another configuration, or to fewer
// seeds, variants or another share, would otherwise leave those runs behind
// unsaid; the refusal names the first such folder or file.
void require_plan_runs(const std::filesystem::path& folder, const plan_runs& runs);

// The checkpoint of the run of (variant, seed) of the configuration `id`
// (identity.hpp, configuration_id): checkpoints/<id>/<variant>-seed<N>.ckpt.
std::string checkpoint_name(const std::string& variant, std::uint64_t seed);
std::filesystem::path checkpoint_path(const std::filesystem::path& folder, const std::string& id,
                                      const std::string& variant, std::uint64_t seed);

class results_file : public std::ostringstream {
public:
    explicit results_file(std::filesystem::path path) : path_(std::move(path)) {}
    void commit() const;

private:
    std::filesystem::path path_;
};

}  // namespace study
