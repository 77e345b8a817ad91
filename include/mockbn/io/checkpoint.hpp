// mockbn/io/checkpoint.hpp
//
// The checkpoint file: named binary sections behind a versioned header, with
// a checksum, written atomically.
//
// Format (all integers little-endian):
//   "MOCKBNCK"  8 bytes
//   version     u32 (format_version)
//   signature   u32 length + bytes: what the state belongs to (a network's
//               layers and widths); loading checks it
//   sections    u32 count, then per section: u32 name length + name,
//               u64 size + bytes
//   checksum    u32 CRC-32 (zlib) of every byte before it
//
// Contract:
//  - save(path) writes the file with io::write_atomically, so a crash or a
//    full disk mid-write leaves the previous checkpoint whole; a failure
//    throws checkpoint_error with the operating system's reason.
//  - load(path) reads the whole file and checks, in order: that it is a file
//    and opens, the magic, the version (a newer one is refused, not guessed
//    at), every length against the bytes present, and the checksum.
//    load(path, signature) then checks the signature too, and on a mismatch
//    names the first line in which the two differ. Each failure throws
//    checkpoint_error naming the file and the problem; nothing is allocated
//    from a length before it is known to fit the file.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mockbn/io/atomic_file.hpp"

namespace mockbn::io {

inline constexpr std::uint32_t format_version = 1;

class checkpoint_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class checkpoint {
public:
    // ---- writing ----------------------------------------------------------------

    void put(std::string_view name, std::span<const std::byte> bytes) {
        sections_[std::string(name)].assign(bytes.begin(), bytes.end());
    }
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void put_values(std::string_view name, std::span<const T> values) { put(name, std::as_bytes(values)); }
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void put_value(std::string_view name, const T& value) { put_values(name, std::span<const T>(&value, 1)); }
    void put_text(std::string_view name, std::string_view text) { put(name, std::as_bytes(std::span(text))); }

    void save(const std::filesystem::path& path, std::string_view signature) const {
        std::vector<unsigned char> out;
        out.insert(out.end(), magic, magic + 8);
        append_u32(out, format_version);
        append_text(out, signature);
        append_u32(out, static_cast<std::uint32_t>(sections_.size()));
        for (const auto& [name, bytes] : sections_) {
            append_text(out, name);
            append_u64(out, bytes.size());
            for (std::byte b : bytes) out.push_back(static_cast<unsigned char>(b));
        }
        append_u32(out, checksum(out.data(), out.size()));

        try {
            write_atomically(path, {reinterpret_cast<const char*>(out.data()), out.size()});
        } catch (const write_error& e) {
            throw checkpoint_error(std::string("mockbn::checkpoint: ") + e.what());
        }
    }

    // ---- reading ----------------------------------------------------------------

    static checkpoint load(const std::filesystem::path& path, std::string_view signature) {
        checkpoint result = load(path);
        if (result.signature_ != signature)
            throw checkpoint_error("mockbn::checkpoint: " + path.string() + ": it holds the state of something else: " +
                                   first_difference(result.signature_, signature));
        return result;
    }

    // Reads and checks the file, whatever its signature (see signature()).
    static checkpoint load(const std::filesystem::path& path) {
        auto fail = [&](const std::string& problem) -> checkpoint_error {
            return checkpoint_error("mockbn::checkpoint: " + path.string() + ": " + problem);
        };
        std::error_code kind_error;
        if (std::filesystem::is_directory(path, kind_error)) throw fail("is a folder, not a checkpoint file");
        std::FILE* file = std::fopen(path.c_str(), "rb");
        if (!file) throw fail(std::string("cannot be opened (") + std::strerror(errno) + ")");
        std::vector<unsigned char> in;
        unsigned char chunk[1 << 16];
        for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, file)) > 0;)
            in.insert(in.end(), chunk, chunk + got);
        std::fclose(file);

        std::size_t at = 0;
        auto need = [&](std::uint64_t bytes, const char* what) {
            if (bytes > in.size() - at) throw fail(std::string("truncated in ") + what);
        };
        need(8 + 4, "the header");
        if (std::memcmp(in.data(), magic, 8) != 0) throw fail("not a mockbn checkpoint (wrong magic)");
        at = 8;
        const std::uint32_t version = read_u32(in, at);
        if (version > format_version)
            throw fail("format version " + std::to_string(version) + " is newer than this build reads (" +
                       std::to_string(format_version) + ")");
        if (version == 0) throw fail("format version 0 does not exist");
        if (in.size() < at + 4 + 4) throw fail("truncated in the header");
        const std::uint32_t stored = read_u32_at(in, in.size() - 4);
        if (checksum(in.data(), in.size() - 4) != stored)
            throw fail("checksum mismatch (the file is corrupt or truncated)");
        in.resize(in.size() - 4);

        checkpoint result;
        result.signature_ = read_text(in, at, need, "the signature");
        need(4, "the section count");
        const std::uint32_t count = read_u32(in, at);
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::string name = read_text(in, at, need, "a section name");
            need(8, "a section size");
            const std::uint64_t size = read_u64(in, at);
            need(size, ("section " + name).c_str());
            auto& bytes = result.sections_[name];
            bytes.resize(size);
            if (size > 0) std::memcpy(bytes.data(), in.data() + at, size);  // an empty vector's data() may be null
            at += size;
        }
        if (at != in.size()) throw fail("trailing bytes after the last section");
        result.path_ = path.string();
        return result;
    }

    // What the state belongs to, as the file has it, and where it was read from.
    const std::string& signature() const noexcept { return signature_; }
    const std::string& path() const noexcept { return path_; }

    // The first line in which two signatures differ: "the file has `...` where `...` was expected"
    // (a missing line reads as "nothing").
    static std::string first_difference(std::string_view file, std::string_view expected) {
        auto next_line = [](std::string_view& text) -> std::string {
            if (text.data() == nullptr) return "nothing";
            const auto end = text.find('\n');
            std::string line(text.substr(0, end));
            text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
            return line;
        };
        while (file.data() != nullptr || expected.data() != nullptr) {
            const std::string in_file = next_line(file), wanted = next_line(expected);
            if (in_file != wanted) return "the file has `" + in_file + "` where `" + wanted + "` was expected";
        }
        return "the signatures are equal";
    }

    bool has(std::string_view name) const { return sections_.count(std::string(name)) != 0; }

    std::span<const std::byte> get(std::string_view name) const {
        const auto found = sections_.find(std::string(name));
        if (found == sections_.end())
            throw checkpoint_error("mockbn::checkpoint: " + path_ + ": no section " + std::string(name));
        return found->second;
    }

    // Copies section `name` into `values`, whose size it must match exactly.
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void get_values(std::string_view name, std::span<T> values) const {
        const auto bytes = get(name);
        if (bytes.size() != values.size_bytes())
            throw checkpoint_error("mockbn::checkpoint: " + path_ + ": section " + std::string(name) + " holds " +
                                   std::to_string(bytes.size()) + " bytes, " + std::to_string(values.size_bytes()) +
                                   " expected");
        if (!bytes.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
    }
    template <class T>
        requires std::is_trivially_copyable_v<T> T get_value(std::string_view name)
    const {
        T value{};
        get_values(name, std::span<T>(&value, 1));
        return value;
    }
    std::string get_text(std::string_view name) const {
        const auto bytes = get(name);
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    }

private:
    static constexpr char magic[8] = {'M', 'O', 'C', 'K', 'B', 'N', 'C', 'K'};

    static std::uint32_t checksum(const unsigned char* data, std::size_t size) {
        uLong crc = crc32(0L, Z_NULL, 0);
        while (size > 0) {
            const auto part = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
            crc = crc32(crc, data, part);
            data += part;
            size -= part;
        }
        return static_cast<std::uint32_t>(crc);
    }
    static void append_u32(std::vector<unsigned char>& out, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
    }
    static void append_u64(std::vector<unsigned char>& out, std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
    }
    static void append_text(std::vector<unsigned char>& out, std::string_view text) {
        append_u32(out, static_cast<std::uint32_t>(text.size()));
        out.insert(out.end(), text.begin(), text.end());
    }
    static std::uint32_t read_u32_at(const std::vector<unsigned char>& in, std::size_t at) {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= std::uint32_t{in[at + i]} << (8 * i);
        return v;
    }
    static std::uint32_t read_u32(const std::vector<unsigned char>& in, std::size_t& at) {
        const std::uint32_t v = read_u32_at(in, at);
        at += 4;
        return v;
    }
    static std::uint64_t read_u64(const std::vector<unsigned char>& in, std::size_t& at) {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= std::uint64_t{in[at + i]} << (8 * i);
        at += 8;
        return v;
    }
    template <class Need>
    static std::string read_text(const std::vector<unsigned char>& in, std::size_t& at, Need& need, const char* what) {
        need(4, what);
        const std::uint32_t size = read_u32(in, at);
        need(size, what);
        std::string text(reinterpret_cast<const char*>(in.data() + at), size);
        at += size;
        return text;
    }
    std::map<std::string, std::vector<std::byte>> sections_;
    std::string path_;
    std::string signature_;
};

}  // namespace mockbn::io
