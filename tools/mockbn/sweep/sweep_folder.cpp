#include "sweep_folder.hpp"

#include "folder.hpp"
#include "options.hpp"
#include "sweep_file.hpp"

namespace sweep {

namespace fs = std::filesystem;

namespace {

using nlohmann::json;

// The refusal for a folder holding another sweep.
study::study_error another_sweep(const fs::path& out, const json& before, const json& now) {
    const auto d = first_difference(before, now);
    return study::refusal(d.flag + ": the sweep in " + out.string() + " has " + d.first + ", this command gives " +
                          d.second + "; --resume " + out.string() + " continues that sweep, --force replaces it");
}

}  // namespace

grid read_plan(const fs::path& folder) {
    study::require_results(folder, study::folder_content::sweep);
    const json plan = study::read_plan(folder, study::folder_content::sweep);
    try {
        return grid_from_json(plan.dump());
    } catch (const study::option_error& e) {
        throw study::refusal((folder / study::plan_file_name).string() + ": " + e.what());
    }
}

json deciding(json sweep) {
    sweep.erase("threads");
    sweep.erase("data_dir");
    return sweep;
}

difference first_difference(const json& first, const json& second) {
    json keys = first;
    keys.update(second);
    for (const auto& [key, ignored] : keys.items()) {
        const auto a = first.contains(key) ? first[key].dump() : "nothing";
        const auto b = second.contains(key) ? second[key].dump() : "nothing";
        if (a != b) return {key == "shard" ? "--shard" : study::flag_of(key), study::printable(a), study::printable(b)};
    }
    return {};
}

fs::path checkpoint_of(const fs::path& out, const configuration& c, const study::job& j) {
    return study::checkpoint_path(out, c.id, j.variant, j.seed);
}

void refuse_early(const fs::path& out, bool force) {
    std::error_code error;
    if (fs::exists(out, error) && !fs::is_directory(out, error))
        throw study::refusal(out.string() + " is a file, not a folder; choose another --out");
    const auto content = study::inspect(out);
    if (force || content == study::folder_content::empty || content == study::folder_content::sweep ||
        content == study::folder_content::damaged_plan)
        return;
    throw study::occupied(out, content, study::folder_content::sweep);
}

bool settle(const fs::path& out, const json& sweep, bool force) {
    const auto content = study::inspect(out);
    if (content == study::folder_content::empty) return false;
    if (force) {  // the previous results go, so none can be taken for this sweep's; other files stay
        study::remove_results(out, content);
        return false;
    }
    refuse_early(out, force);
    json before;
    try {  // in canonical form, as `sweep` is: a value the plan holds as a list of one ([0.02]) is that value
        const grid previous = read_plan(out);
        before = deciding(canonical(previous, expand(previous, out.string())));
    } catch (const study::study_error& e) {
        throw study::refusal(std::string(e.what()) + "; --force replaces that sweep");
    }
    if (before != deciding(sweep)) throw another_sweep(out, before, deciding(sweep));
    return true;
}

fs::path place_checkpoint(const fs::path& out, const configuration& c, const study::job& j) {
    fs::path file = checkpoint_of(out, c, j);
    std::error_code error;
    if (fs::create_directories(file.parent_path(), error); error)
        throw study::failure(file.parent_path().string() + " cannot be made (" + error.message() + ")");
    return file;
}

void prepare(const fs::path& out, const json& sweep, const std::vector<const configuration*>& configurations) {
    std::error_code error;
    if (fs::create_directories(out, error); error)
        throw study::failure(out.string() + " cannot be made (" + error.message() + ")");
    std::vector<std::string> ids;
    for (const auto* c : configurations) ids.push_back(c->id);
    study::remove_stale_temporaries(out, study::folder_places(ids));
    study::results_file file(out / study::plan_file_name);
    file << study::plan_text(study::folder_content::sweep, sweep);
    file.commit();
}

}  // namespace sweep
