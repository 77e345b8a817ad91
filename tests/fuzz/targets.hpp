// The fuzz targets' bodies: each takes arbitrary bytes as the content of a
// file and hands it to a reader, which must either accept it or throw its
// own error; anything else (a crash, a sanitizer report, another exception,
// a hang) is a bug. Built into libFuzzer programs by scripts/fuzz, and
// replayed over every file of tests/fuzz/corpus/ by the test suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "mockbn/data/idx.hpp"
#include "mockbn/io/checkpoint.hpp"

// tools/mockbn: the readers of a study's options, a sweep file and a results folder's own files.
#include "folder.hpp"
#include "options.hpp"
#include "sweep_file.hpp"

namespace fuzz {

// The bytes as a file of the given name in a private scratch folder.
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size, const std::string& name) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("mockbn_fuzz_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

// The image and the label reader on one file.
inline void read_idx(const std::filesystem::path& path) {
    try {
        mockbn::data::read_images(path);
    } catch (const mockbn::data::load_error&) {}
    try {
        mockbn::data::read_labels(path);
    } catch (const mockbn::data::load_error&) {}
}

// IDX images and labels, raw (zlib passes a file without the gzip magic through).
inline void idx(const std::uint8_t* data, std::size_t size) { read_idx(as_file(data, size, "input-idx")); }

// The same readers on a .gz file: the corpus holds gzip streams to mutate.
inline void gzip(const std::uint8_t* data, std::size_t size) { read_idx(as_file(data, size, "input.gz")); }

// The checkpoint reader, then every section it accepted.
inline void checkpoint(const std::uint8_t* data, std::size_t size) {
    const auto path = as_file(data, size, "input.ckpt");
    try {
        const auto c = mockbn::io::checkpoint::load(path, "fuzz");
        float values[4];
        if (c.has("parameters")) c.get_values<float>("parameters", values);
    } catch (const mockbn::io::checkpoint_error&) {}
}

// A study's options as its results folder's plan.json holds them (what --resume reads): parsed, then checked
// like a command line; anything it refuses must be an option_error.
inline void options_json(const std::uint8_t* data, std::size_t size) {
    try {
        study::options o = study::from_json(std::string(reinterpret_cast<const char*>(data), size));
        o.out = "fuzz";
        study::check(o);
    } catch (const study::option_error&) {}
}

// Every value of a grid a reader accepted: at least one per key, one alone where the key is not an axis, the
// share within its count. (Expanding a grid parses each configuration with the command line, a thousand times
// slower than reading it: test_grid.cpp checks the expansion and the canonical form.)
inline void check_grid(const sweep::grid& g) {
    for (const auto& [key, values] : g.given)
        if (values.empty() || (values.size() > 1 && !sweep::is_axis(key))) __builtin_trap();
    if (g.part.index < 1 || g.part.index > g.part.count) __builtin_trap();
}

// A sweep file (mockbn sweep --file), as the program reads its text.
inline void sweep_file(const std::uint8_t* data, std::size_t size) {
    try {  // the text as read_sweep_file() hands it on (its own part: the file's size, named in a refusal)
        check_grid(sweep::grid_from_json(std::string(reinterpret_cast<const char*>(data), size)));
    } catch (const study::option_error&) {}
}

// A results folder's own files as study, sweep, merge and report read their text (the readers' own part: the
// files' sizes and kinds): plan.json for its program, then as a study's options or a sweep; times.csv's rows.
inline void folder_files(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        study::invocations_of_text(text, "times.csv");
    } catch (const study::study_error&) {}
    try {
        const auto content = study::program_of_text(text);
        if (content == study::folder_content::study) {
            study::options o = study::from_json(study::plan_of_text(text, content).dump());
            o.out = "fuzz";
            study::check(o);
        } else if (content == study::folder_content::sweep) {
            check_grid(sweep::grid_from_json(study::plan_of_text(text, content).dump()));
        }
    } catch (const study::option_error&) {}
}

}  // namespace fuzz
