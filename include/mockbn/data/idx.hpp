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
// read_standard(dir) checks the same and keeps the pixels as stored, one
// byte each: labelled_bytes::head(n, scale) scales only the first n to
// floats, so a run on a few images never holds the whole set as floats.
// A pixel_scale maps a stored byte p to (p − offset) / divisor in float: by
// default to [0, 1] (p / 255); labelled_bytes::standardizing(examples) gives
// the scale that leaves those images' pixels with mean 0 and spread 1, and
// labelled_bytes::examples(examples, scale) scales only those.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
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

// Hands `take` each piece of what `in` holds from where it stands, to its end.
template <class Take>
void read_pieces(gzFile in, const std::filesystem::path& file, Take take) {
    std::array<unsigned char, 1 << 16> chunk;
    for (;;) {
        const int got = gzread(in, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (got < 0) {
            int status = 0;
            const std::string reason = gzerror(in, &status);
            gzclose(in);
            fail(file, "is not a readable gzip or raw file (" + reason + ")");
        }
        if (got == 0) return;
        take(chunk.data(), static_cast<std::size_t>(got));
    }
}

// The whole file, decompressed when it is gzip, in a buffer of its size alone (a gzip file is read twice, first
// to count what it holds): the data's memory is what the file holds. Sized by what is read, never by what a
// header declares.
inline std::vector<unsigned char> read_bytes(const std::filesystem::path& file) {
    std::error_code code;
    if (!std::filesystem::is_regular_file(file, code)) {
        const std::string kind = not_a_file(file);
        fail(file, kind.empty() ? "no such file" : "is " + kind + ", not a data file");
    }
    gzFile in = gzopen(file.c_str(), "rb");
    if (!in) fail(file, "cannot be opened");
    std::size_t size = 0;
    if (gzdirect(in)) {
        if (const auto on_disk = std::filesystem::file_size(file, code); !code)
            size = static_cast<std::size_t>(on_disk);
    } else {
        read_pieces(in, file, [&](const unsigned char*, std::size_t got) { size += got; });
        if (gzrewind(in) != 0) {
            gzclose(in);
            fail(file, "cannot be read a second time");
        }
    }
    std::vector<unsigned char> bytes;
    bytes.reserve(size);
    read_pieces(in, file,
                [&](const unsigned char* piece, std::size_t got) { bytes.insert(bytes.end(), piece, piece + got); });
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

// How a stored pixel becomes an input: (stored − offset) / divisor, in float. The default gives [0, 1].
struct pixel_scale {
    float offset = 0, divisor = 255;
};

inline float pixel_value(unsigned char stored, pixel_scale scale = {}) noexcept {
    return (static_cast<float>(stored) - scale.offset) / scale.divisor;
}

inline std::vector<float> pixel_values(std::span<const unsigned char> stored, pixel_scale scale = {}) {
    std::vector<float> out(stored.size());
    std::transform(stored.begin(), stored.end(), out.begin(), [&](unsigned char p) { return pixel_value(p, scale); });
    return out;
}

// An IDX image file as read and checked: its shape and its pixels as stored, one byte each, row-major.
struct image_bytes {
    std::size_t count = 0, rows = 0, cols = 0;
    std::vector<unsigned char> pixels;
};

inline image_bytes read_image_bytes(const std::filesystem::path& file) {
    auto bytes = detail::read_bytes(file);
    if (bytes.size() < 16)
        detail::fail(file, "too short for an IDX image header (" + std::to_string(bytes.size()) + " bytes, need 16)");
    const std::uint32_t magic = detail::big_endian(bytes, 0);
    if (magic != 0x00000803)
        detail::fail(file, "wrong magic number " + detail::hex(magic) + " (IDX images have 0x00000803)");
    image_bytes out{detail::big_endian(bytes, 4), detail::big_endian(bytes, 8), detail::big_endian(bytes, 12), {}};
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
    bytes.erase(bytes.begin(), bytes.begin() + 16);
    out.pixels = std::move(bytes);
    return out;
}

struct images {
    std::size_t count = 0, rows = 0, cols = 0;
    std::vector<float> pixels;  // scaled to [0, 1]
};

inline images read_images(const std::filesystem::path& file) {
    const auto stored = read_image_bytes(file);
    return {stored.count, stored.rows, stored.cols, pixel_values(stored.pixels)};
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

// A pair of IDX files (images and their labels) as read and checked, the pixels as stored.
struct labelled_bytes {
    std::string name;  // the image file, for messages
    image_bytes images;
    std::vector<std::uint8_t> labels;
    std::size_t classes = 10;

    // The first `count` examples (all of them when count is 0 or too large), pixels scaled by `scale`.
    dataset head(std::size_t count, pixel_scale scale = {}) const {
        count = count == 0 ? images.count : std::min(count, images.count);
        const std::size_t features = images.rows * images.cols;
        return {name,
                count,
                images.rows,
                images.cols,
                classes,
                pixel_values(std::span(images.pixels).first(count * features), scale),
                {labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(count)}};
    }

    // The examples listed, in that order, pixels scaled by `scale`.
    dataset examples(std::span<const std::uint32_t> chosen, pixel_scale scale = {}) const {
        const std::size_t features = images.rows * images.cols;
        dataset out{name, chosen.size(), images.rows, images.cols, classes, {}, {}};
        out.images.reserve(chosen.size() * features);
        out.labels.reserve(chosen.size());
        for (const std::uint32_t e : chosen) {
            for (const unsigned char p : std::span(images.pixels).subspan(e * features, features))
                out.images.push_back(pixel_value(p, scale));
            out.labels.push_back(labels[e]);
        }
        return out;
    }

    // The scale that gives the listed images' pixels, pooled, mean 0 and spread 1 (a set of one shade: spread
    // taken as 1).
    pixel_scale standardizing(std::span<const std::uint32_t> chosen) const {
        const std::size_t features = images.rows * images.cols;
        double sum = 0, squares = 0;
        for (const std::uint32_t e : chosen)
            for (const unsigned char p : std::span(images.pixels).subspan(e * features, features)) sum += p;
        const double count = static_cast<double>(chosen.size() * features);
        const double mean = sum / count;
        for (const std::uint32_t e : chosen)
            for (const unsigned char p : std::span(images.pixels).subspan(e * features, features))
                squares += (p - mean) * (p - mean);
        const double spread = std::sqrt(squares / count);
        return {static_cast<float>(mean), spread > 0 ? static_cast<float>(spread) : 1.0f};
    }
};

inline labelled_bytes read_pair_bytes(const std::filesystem::path& image_file, const std::filesystem::path& label_file,
                                      std::size_t classes = 10) {
    labelled_bytes out{image_file.string(), read_image_bytes(image_file), read_labels(label_file, classes), classes};
    if (out.labels.size() != out.images.count)
        throw load_error("mockbn::data: " + image_file.string() + " holds " + std::to_string(out.images.count) +
                         " images but " + label_file.string() + " holds " + std::to_string(out.labels.size()) +
                         " labels");
    return out;
}

inline dataset read_pair(const std::filesystem::path& image_file, const std::filesystem::path& label_file,
                         std::size_t classes = 10) {
    return read_pair_bytes(image_file, label_file, classes).head(0);
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

// The four files of a standard set as read and checked, the pixels as stored.
struct standard_bytes {
    labelled_bytes train;
    labelled_bytes test;
};

// The shape read_standard guarantees: 60,000 training and 10,000 test images of 28 x 28 pixels in ten classes.
inline constexpr std::size_t standard_side = 28, standard_features = standard_side * standard_side,
                             standard_classes = 10, standard_train = 60000, standard_test = 10000;

inline standard_bytes read_standard(const std::filesystem::path& dir) {
    standard_bytes data{
        read_pair_bytes(find_idx(dir, "train-images-idx3-ubyte"), find_idx(dir, "train-labels-idx1-ubyte")),
        read_pair_bytes(find_idx(dir, "t10k-images-idx3-ubyte"), find_idx(dir, "t10k-labels-idx1-ubyte"))};
    auto expect = [](const labelled_bytes& d, std::size_t count) {
        const image_bytes& i = d.images;
        if (i.count != count || i.rows != standard_side || i.cols != standard_side)
            throw load_error("mockbn::data: " + d.name + " holds " + std::to_string(i.count) + " images of " +
                             std::to_string(i.rows) + " x " + std::to_string(i.cols) +
                             "; MNIST and Fashion-MNIST have " + std::to_string(count) + " of 28 x 28");
    };
    expect(data.train, standard_train);
    expect(data.test, standard_test);
    return data;
}

inline split load_standard(const std::filesystem::path& dir) {
    const standard_bytes data = read_standard(dir);
    return {data.train.head(0), data.test.head(0)};
}

}  // namespace mockbn::data
