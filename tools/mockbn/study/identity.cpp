#include "identity.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include <zlib.h>

#include <mockbn/core/xsimd.hpp>

#include "folder.hpp"
#include "variants.hpp"

extern "C" char* openblas_get_config(void);
extern "C" char* openblas_get_corename(void);

namespace study {

namespace {

template <class T>
unsigned long crc_of(unsigned long crc, const std::vector<T>& values) {
    const auto* bytes = reinterpret_cast<const Bytef*>(values.data());
    for (std::size_t left = values.size() * sizeof(T); left > 0;) {
        const auto part = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
        crc = crc32(crc, bytes, part);
        bytes += part;
        left -= part;
    }
    return crc;
}

// The CRC-32 continued over the floats the stored pixels scale to, without holding them all.
unsigned long crc_of_pixels(unsigned long crc, const std::vector<unsigned char>& stored) {
    std::array<float, 1 << 14> scaled;
    for (std::size_t at = 0; at < stored.size(); at += scaled.size()) {
        const std::size_t n = std::min(scaled.size(), stored.size() - at);
        for (std::size_t i = 0; i < n; ++i) scaled[i] = mockbn::data::pixel_value(stored[at + i]);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(scaled.data()), static_cast<uInt>(n * sizeof(float)));
    }
    return crc;
}

std::string without_kernel(const std::string& identity) {
    std::string kept, line;
    std::istringstream lines(identity);
    while (std::getline(lines, line))
        if (line.rfind(kernel_key, 0) != 0) kept += line + '\n';
    return kept;
}

}  // namespace

std::string data_fingerprint(const mockbn::data::standard_bytes& data) {
    unsigned long crc = crc32(0L, Z_NULL, 0);
    for (const auto* part : {&data.train, &data.test})
        crc = crc_of(crc_of_pixels(crc, part->images.pixels), part->labels);
    const auto& train = data.train.images;
    char text[96];
    std::snprintf(text, sizeof text, "%zu+%zu images of %zux%zu, crc32 %08lx", train.count, data.test.images.count,
                  train.rows, train.cols, crc);
    return text;
}

environment current_environment(const std::string& data_fingerprint) {
    std::string build =
#if defined(__clang__)
        "clang "
#else
        "gcc "
#endif
        __VERSION__ "; " MOCKBN_BUILD_FLAGS;
    build += std::string("; xsimd ") + xsimd::default_arch::name();
    return {data_fingerprint, openblas_get_corename(), build};
}

std::string blas_description() { return std::string(openblas_get_config()) + ", core " + openblas_get_corename(); }

std::string job_key(const options& o, const std::string& variant, std::uint64_t seed) {
    const auto* entry = variants().find(variant);  // a name the catalog lacks counts as having every parameter
    std::string text = "variant=" + variant + "\nseed=" + std::to_string(seed) + "\n";
    for (const auto& [key, value] : job_settings(o, entry ? &entry->parameters : nullptr))
        text += key + "=" + value + "\n";
    return text;
}

std::string run_identity(const options& o, const std::string& variant, std::uint64_t seed, const environment& where) {
    // "mockbn-study run": the program's name when checkpoints were first written, kept so that they stay valid.
    return "mockbn-study run\n" + job_key(o, variant, seed) + "data=" + where.data + "\n" + kernel_key +
           where.blas_kernel + "\nbuild=" + where.build + "\n";
}

std::string configuration_id(const options& o) {
    std::string settings;
    for (const auto& [key, value] : run_settings(o)) settings += key + "=" + value + "\n";
    const auto crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(settings.data()),
                           static_cast<uInt>(settings.size()));
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08lx", crc);
    return hex;
}

void note_kernel(std::string& history, const std::string& kernel, std::size_t first_epoch) {
    const auto last = history.rfind(", ");
    const std::string current = history.substr(last == std::string::npos ? 0 : last + 2);
    if (current.rfind(kernel + " from epoch ", 0) == 0) return;
    history += (history.empty() ? "" : ", ") + kernel + " from epoch " + std::to_string(first_epoch);
}

void check_identity(const mockbn::io::checkpoint& c, const std::string& name, const std::string& identity,
                    bool allow_kernel_change) {
    const std::string found = allow_kernel_change ? without_kernel(c.signature()) : c.signature();
    const std::string wanted = allow_kernel_change ? without_kernel(identity) : identity;
    if (found == wanted) return;
    const bool kernel_only = without_kernel(c.signature()) == without_kernel(identity);
    throw refusal(name + " belongs to another run: " + mockbn::io::checkpoint::first_difference(found, wanted) +
                  (kernel_only ? "; --allow-kernel-change continues it under this kernel"
                               : "; --force starts the folder's runs over"));
}

mockbn::io::checkpoint load_run_checkpoint(const std::filesystem::path& path, const std::string& identity,
                                           bool allow_kernel_change) {
    mockbn::io::checkpoint c;
    try {
        c = mockbn::io::checkpoint::load(path);
    } catch (const mockbn::io::checkpoint_error& e) {
        throw failure(std::string(e.what()) + "; --force starts the folder's runs over");
    }
    check_identity(c, path.string(), identity, allow_kernel_change);
    return c;
}

}  // namespace study
