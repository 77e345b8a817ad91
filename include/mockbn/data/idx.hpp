// mockbn/data/idx.hpp
//
// Readers for the IDX files MNIST and Fashion-MNIST ship as, raw or
// gzip-compressed (zlib tells them apart by the gzip magic bytes).
//
// Contract: every check below fails with mockbn::data::load_error, whose
// message names the file and what is wrong; nothing is allocated from a
// count the file declares before the file is known to hold that much.
//  - images: magic 0x00000803, three dimensions (count, rows, columns), all
//    positive, and exactly 16 + count · rows · columns bytes;
//  - labels: magic 0x00000801, one dimension, exactly 8 + count bytes, every
//    label below the number of classes;
//  - a pair: as many labels as images.
// load_standard(dir) reads the four files of MNIST or Fashion-MNIST
// (train-images-idx3-ubyte, ..., each raw or with .gz) and also checks the
// standard shape: 60,000 training and 10,000 test images of 28 x 28.
#pragma once

#include <zlib.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/data/dataset.hpp"

namespace mockbn::data {

class load_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace detail {

[[noreturn]] inline void fail(const std::filesystem::path& file, const std::string& problem) {
    throw load_error("mockbn::data: " + file.string() + ": " + problem);
}

// What stands at `file` when it is not a regular file ("a FIFO (named pipe)", "a character device", ...,
// "a symbolic link to nothing"), or "" when nothing does. A link is followed: one to /dev/zero is a device.
inline std::string not_a_file(const std::filesystem::path& file) {
    using type = std::filesystem::file_type;
    std::error_code code;
    switch (std::filesystem::status(file, code).type()) {
        case type::not_found:
            return std::filesystem::is_symlink(file, code) ? "a symbolic link to nothing" : "";
        case type::directory:
            return "a folder";
        case type::fifo:
            return "a FIFO (named pipe)";
        case type::character:
            return "a character device";
        case type::block:
            return "a block device";
        case type::socket:
            return "a socket";
        default:
            return "not a regular file";
    }
}

// The whole file, decompressed when it is gzip. Grows with what is read,
// never with what a header declares.
inline std::vector<unsigned char> read_bytes(const std::filesystem::path& file) {
    std::error_code code;
    if (!std::filesystem::is_regular_file(file, code)) {
        const std::string kind = not_a_file(file);
        fail(file, kind.empty() ? "no such file" : "is " + kind + ", not a data file");
    }
    gzFile in = gzopen(file.c_str(), "rb");
    if (!in) fail(file, "cannot be opened");
    std::vector<unsigned char> bytes;
    std::array<unsigned char, 1 << 16> chunk;
    for (;;) {
        const int got = gzread(in, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (got < 0) {
            int status = 0;
            const std::string reason = gzerror(in, &status);
            gzclose(in);
            fail(file, "is not a readable gzip or raw file (" + reason + ")");
        }
        if (got == 0) break;
        bytes.insert(bytes.end(), chunk.data(), chunk.data() + got);
    }
    // gzread reports a gzip stream cut short only here.
    if (gzclose(in) != Z_OK) fail(file, "is a truncated or corrupt gzip file");
    return bytes;
}

inline std::uint32_t big_endian(const std::vector<unsigned char>& bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

inline std::string hex(std::uint32_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) text += digits[(value >> shift) & 0xf];
    return text;
}

}  // namespace detail

struct images {
    std::size_t count = 0, rows = 0, cols = 0;
    std::vector<float> pixels;  // scaled to [0, 1]
};

inline images read_images(const std::filesystem::path& file) {
    const auto bytes = detail::read_bytes(file);
    if (bytes.size() < 16)
        detail::fail(file, "too short for an IDX image header (" + std::to_string(bytes.size()) + " bytes, need 16)");
    const std::uint32_t magic = detail::big_endian(bytes, 0);
    if (magic != 0x00000803)
        detail::fail(file, "wrong magic number " + detail::hex(magic) + " (IDX images have 0x00000803)");
    images out{detail::big_endian(bytes, 4), detail::big_endian(bytes, 8), detail::big_endian(bytes, 12), {}};
    if (out.count == 0 || out.rows == 0 || out.cols == 0)
        detail::fail(file, "declares " + std::to_string(out.count) + " images of " + std::to_string(out.rows) + " x " +
                               std::to_string(out.cols) + " pixels; every dimension must be positive");
    // Divide rather than multiply: count · rows · cols can overflow 64 bits.
    const std::size_t pixels_per_image = out.rows * out.cols;
    const std::size_t available = bytes.size() - 16;
    if (available / pixels_per_image != out.count || available % pixels_per_image != 0)
        detail::fail(file, "declares " + std::to_string(out.count) + " images of " + std::to_string(out.rows) + " x " +
                               std::to_string(out.cols) + " pixels but holds " + std::to_string(available) +
                               " bytes of pixels" +
                               (available / pixels_per_image < out.count ? " (truncated)" : " (trailing bytes)"));
    out.pixels.resize(available);
    for (std::size_t i = 0; i < available; ++i) out.pixels[i] = static_cast<float>(bytes[16 + i]) / 255.0f;
    return out;
}

inline std::vector<std::uint8_t> read_labels(const std::filesystem::path& file, std::size_t classes = 10) {
    const auto bytes = detail::read_bytes(file);
    if (bytes.size() < 8)
        detail::fail(file, "too short for an IDX label header (" + std::to_string(bytes.size()) + " bytes, need 8)");
    const std::uint32_t magic = detail::big_endian(bytes, 0);
    if (magic != 0x00000801)
        detail::fail(file, "wrong magic number " + detail::hex(magic) + " (IDX labels have 0x00000801)");
    const std::size_t count = detail::big_endian(bytes, 4);
    if (count == 0) detail::fail(file, "declares no labels");
    if (bytes.size() - 8 != count)
        detail::fail(file, "declares " + std::to_string(count) + " labels but holds " +
                               std::to_string(bytes.size() - 8) +
                               (bytes.size() - 8 < count ? " (truncated)" : " (trailing bytes)"));
    std::vector<std::uint8_t> labels(bytes.begin() + 8, bytes.end());
    for (std::size_t i = 0; i < count; ++i)
        if (labels[i] >= classes)
            detail::fail(file, "label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                                   " is outside 0 to " + std::to_string(classes - 1));
    return labels;
}

inline dataset read_pair(const std::filesystem::path& image_file, const std::filesystem::path& label_file,
                         std::size_t classes = 10) {
    auto pixels = read_images(image_file);
    auto labels = read_labels(label_file, classes);
    if (labels.size() != pixels.count)
        throw load_error("mockbn::data: " + image_file.string() + " holds " + std::to_string(pixels.count) +
                         " images but " + label_file.string() + " holds " + std::to_string(labels.size()) + " labels");
    return {image_file.string(),      pixels.count,     pixels.rows, pixels.cols, classes,
            std::move(pixels.pixels), std::move(labels)};
}

// dir/name, or dir/name.gz when only that exists. Something else in either place (a FIFO, a device, a
// folder) is named as what it is.
inline std::filesystem::path find_idx(const std::filesystem::path& dir, const std::string& name) {
    std::error_code code;
    for (const auto& candidate : {dir / name, dir / (name + ".gz")}) {
        if (std::filesystem::is_regular_file(candidate, code)) return candidate;
        if (const std::string kind = detail::not_a_file(candidate); !kind.empty())
            detail::fail(candidate, "is " + kind + ", not a data file");
    }
    throw load_error("mockbn::data: neither " + (dir / name).string() + " nor " + name + ".gz is there");
}

struct split {
    dataset train;
    dataset test;
};

// The shape load_standard guarantees: 60,000 training and 10,000 test images of 28 x 28 pixels in ten classes.
inline constexpr std::size_t standard_side = 28, standard_features = standard_side * standard_side,
                             standard_classes = 10, standard_train = 60000, standard_test = 10000;

inline split load_standard(const std::filesystem::path& dir) {
    split data{read_pair(find_idx(dir, "train-images-idx3-ubyte"), find_idx(dir, "train-labels-idx1-ubyte")),
               read_pair(find_idx(dir, "t10k-images-idx3-ubyte"), find_idx(dir, "t10k-labels-idx1-ubyte"))};
    auto expect = [](const dataset& d, std::size_t count) {
        if (d.count != count || d.rows != standard_side || d.cols != standard_side)
            throw load_error("mockbn::data: " + d.name + " holds " + std::to_string(d.count) + " images of " +
                             std::to_string(d.rows) + " x " + std::to_string(d.cols) +
                             "; MNIST and Fashion-MNIST have " + std::to_string(count) + " of 28 x 28");
    };
    expect(data.train, standard_train);
    expect(data.test, standard_test);
    return data;
}

}  // namespace mockbn::data
