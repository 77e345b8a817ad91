// A search file (docs/sweep.md, "The search"): what `mockbn search` looks
// for a condition over, in one JSON object:
//   "sweep":  the options every point shares, as a sweep file gives them
//             (one value each; variants must include batch normalization's);
//   "space":  per axis option, either a list of values (drawn uniformly) or
//             {"from": low, "to": high} (drawn log-uniformly; a floating
//             option's only);
//   "points": how many points the first rung draws; "eta": the share a rung
//             keeps (1/eta); "rungs": how many; "epochs": the first rung's
//             epochs (rung r trains epochs × eta^r); "seed": the draw's seed.
//
// Contract: read_search_file() / search_from_json() accept each key once and
// refuse, with a study::option_error naming the key (read_search_file: a
// refusal naming the file too), a key that is none of these, a space
// dimension that is not an axis or that "sweep" also gives, "epochs" in the
// space (the rungs set it), a range on an option that is not a floating
// number, a "sweep" holding several values of an axis or points, and counts
// out of range (points and rungs at least 1, eta at least 2, epochs at
// least 1). What the study checks (a value's range) is checked when the
// points are expanded (grid.hpp). canonical() is the search as search.json
// stores it, which a search continued in its folder must match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <mockbn/research/search.hpp>
#include <nlohmann/json.hpp>

#include "grid.hpp"

namespace sweep {

struct search_spec {
    grid shared;  // the options every point shares
    std::vector<mockbn::research::dimension> space;
    nlohmann::json space_given;  // "space" as the file gives it, which canonical() keeps
    std::size_t points = 27, eta = 3, rungs = 3, epochs = 2;
    std::uint64_t seed = 1;

    // The epochs rung r trains: epochs × eta^r.
    std::size_t epochs_of(std::size_t rung) const;
};

search_spec search_from_json(const std::string& text);
search_spec read_search_file(const std::filesystem::path& file);
nlohmann::json canonical(const search_spec& s);

}  // namespace sweep
