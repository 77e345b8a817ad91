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

void remove_previous_results(const fs::path& out) {
    std::error_code ignored;
    for (const char* name : {"checkpoints", "figures", "jobs.csv", "metrics.csv", "probe.csv", "params.csv",
                             "summary.json", "report.html", "sweep.json", "options.json"})
        fs::remove_all(out / name, ignored);
}

}  // namespace

void require_sweep_folder(const fs::path& folder) {
    std::error_code error;
    if (!fs::exists(folder, error)) throw study::refusal(folder.string() + ": no such folder to continue");
    if (study::inspect(folder) != study::folder_content::sweep)
        throw study::refusal(folder.string() + " holds no sweep to continue (no sweep.json)");
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
    return out / "checkpoints" / c.id / study::checkpoint_name(j.variant, j.seed);
}

void refuse_early(const fs::path& out, bool force) {
    std::error_code error;
    if (fs::exists(out, error) && !fs::is_directory(out, error))
        throw study::refusal(out.string() + " is a file, not a folder; choose another --out");
    const auto content = study::inspect(out);
    if (force || content == study::folder_content::empty || content == study::folder_content::sweep) return;
    if (content == study::folder_content::study)
        throw study::refusal(
            out.string() +
            " holds a study's run (mockbn study), not a sweep; choose another --out, or give --force to "
            "replace it");
    throw study::refusal(out.string() +
                         " holds files that are not a mockbn sweep's results; choose another --out, or give --force "
                         "to write into it");
}

void settle(const fs::path& out, const json& sweep, bool force) {
    const auto content = study::inspect(out);
    if (content == study::folder_content::empty) return;
    if (force) {  // the previous results go, so none can be taken for this sweep's; other files stay
        if (content != study::folder_content::foreign) remove_previous_results(out);
        return;
    }
    refuse_early(out, force);
    json before;
    try {
        before = deciding(study::parse_object(study::read_small_file(out / "sweep.json")));
    } catch (const std::runtime_error& e) {  // an option_error, or a refusal to read the file
        throw study::refusal((out / "sweep.json").string() + ": " + e.what() + "; --force replaces that sweep");
    }
    if (before != deciding(sweep)) throw another_sweep(out, before, deciding(sweep));
}

void prepare(const fs::path& out, const json& sweep, const std::vector<const configuration*>& configurations) {
    std::vector<std::string> places = study::study_places;
    for (const auto* c : configurations) {
        const fs::path folder = out / "checkpoints" / c->id;
        std::error_code error;
        if (fs::create_directories(folder, error); error)
            throw study::failure(folder.string() + " cannot be made (" + error.message() + ")");
        places.push_back("checkpoints/" + c->id);
    }
    study::remove_stale_temporaries(out, places);
    study::results_file file(out / "sweep.json");
    file << sweep.dump(2) << '\n';
    file.commit();
}

}  // namespace sweep
