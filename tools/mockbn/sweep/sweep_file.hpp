// A sweep file (docs/sweep.md, "The sweep file"): one JSON object with the
// study's option keys (a study's plan.json's), where an axis option may hold
// a list of values, one per configuration (placement: a list of layer lists,
// or "all"); "points", a list of objects each giving the axis values of one
// configuration (grid.hpp); and "shard" ("i/n") and "grown" (growth,
// grid.hpp), which a sweep folder's own plan.json records.
//
// Contract: grid_from_json() accepts each key once, every value of the
// JSON type a study's plan.json gives it, and a list only where one is
// allowed: variants a JSON list or "all"; placement a layer, a JSON list of
// layers or "all" (as an axis, a list of those, never mixed with layers);
// seeds a count (seeds 1 to N) or a JSON list of seeds, a list of one
// meaning that seed alone. A string standing for a list is refused. It
// throws study::option_error naming the key otherwise (or no key for text
// that is not one JSON object). read_sweep_file() reads a file of at most
// 1 MiB and throws a refusal naming the file and the key. Neither checks
// what the study checks (ranges, names): expand() does.
#pragma once

#include <filesystem>
#include <string>

#include "grid.hpp"

namespace sweep {

grid grid_from_json(const std::string& text);

// One value of the option `key` (a key of option_defaults()) as a study command line takes it; a value of
// another JSON type throws study::option_error naming the key.
std::string value_text(const std::string& key, const nlohmann::json& value);
grid read_sweep_file(const std::filesystem::path& file);

// "i/n" as a share; throws study::option_error naming `field` otherwise.
share share_of(const std::string& text, const std::string& field);

}  // namespace sweep
